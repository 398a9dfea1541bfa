package io.deltaglider.archive;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes the expanded form's records (FORMAT.md section 9.3). Raw bytes are gathered in one buffer
 * and written as RAW records of at most {@link Canonical#MAX_RAW} bytes, so a record's length is
 * only written once its bytes are in hand (a truncated input never leaves a record promising bytes
 * that do not come), and neighbouring framing and content share records.
 *
 * <p>Optionally it also writes the form's layout (FORMAT.md section 9.9): each record with its RAW
 * bytes and DIFF32 values left out, which {@link LayoutReplay} turns back into this very form from
 * the archive alone.
 */
final class RecordWriter {
  private final OutputStream out;
  private final RecipeWriter recipe;
  /** Where the layout goes, or null. */
  private final OutputStream layout;
  private final byte[] pending = new byte[Canonical.MAX_RAW];
  private int pendingLength;
  private long written;
  private long lastDiff32;
  private int nesting;

  RecordWriter(OutputStream out, RecipeWriter recipe, OutputStream layout) throws IOException {
    this.out = new BufferedOutputStream(out, 1 << 16);
    this.recipe = recipe;
    this.layout = layout == null ? null : new BufferedOutputStream(layout, 1 << 13);
    if (this.layout != null) {
      this.layout.write(Canonical.LAYOUT_MAGIC);
    }
    put(Canonical.CANONICAL_MAGIC, 0, Canonical.CANONICAL_MAGIC.length);
  }

  /** Bytes of the expanded form written so far, records still gathering included. */
  long length() {
    return written + pendingLength;
  }

  void raw(byte[] b, int off, int len) throws IOException {
    while (len > 0) {
      int n = Math.min(len, pending.length - pendingLength);
      System.arraycopy(b, off, pending, pendingLength, n);
      pendingLength += n;
      off += n;
      len -= n;
      if (pendingLength == pending.length) {
        flushRaw();
      }
    }
  }

  /** Starts a deflate stream to be compressed with {@code params} on rebuild. */
  void begin(StreamParams params) throws IOException {
    flushRaw();
    tag(Canonical.TAG_BEGIN);
    op(Canonical.TAG_BEGIN);
    recipe.add(params);
    nesting++;
  }

  void end() throws IOException {
    if (nesting == 0) {
      throw new IllegalStateException("END without BEGIN");
    }
    flushRaw();
    tag(Canonical.TAG_END);
    op(Canonical.TAG_END);
    nesting--;
  }

  /**
   * Writes a 4-byte little-endian field as its difference from the previous such field (zip
   * offsets into the archive: each changes by one entry's size, so a size change early in the
   * archive changes one record, not every offset after it).
   */
  void diff32(long value) throws IOException {
    flushRaw();
    tag(Canonical.TAG_DIFF32);
    op(Canonical.TAG_DIFF32);
    long zz = Varints.zigzag(value - lastDiff32);
    lastDiff32 = value;
    varint(zz);
  }

  /** Ends the form and flushes it; the stream itself is left open. */
  void finish() throws IOException {
    if (nesting != 0) {
      throw new IllegalStateException("unclosed BEGIN");
    }
    flushRaw();
    tag(Canonical.TAG_END_OF_FORM);
    op(Canonical.TAG_END_OF_FORM);
    out.flush();
    if (layout != null) {
      layout.flush();
    }
  }

  private void flushRaw() throws IOException {
    if (pendingLength == 0) {
      return;
    }
    tag(Canonical.TAG_RAW);
    op(Canonical.TAG_RAW);
    if (layout != null) {
      Varints.write(layout, pendingLength);
    }
    varint(pendingLength);
    put(pending, 0, pendingLength);
    pendingLength = 0;
  }

  /** The layout's copy of a record's tag. */
  private void op(int tag) throws IOException {
    if (layout != null) {
      layout.write(tag);
    }
  }

  private void tag(int tag) throws IOException {
    out.write(tag);
    written++;
  }

  private void varint(long v) throws IOException {
    CountingSink c = new CountingSink();
    Varints.write(c, v);
    put(c.buf, 0, c.len);
  }

  private void put(byte[] b, int off, int len) throws IOException {
    out.write(b, off, len);
    written += len;
  }

  /** A varint's bytes, to count them. */
  private static final class CountingSink extends OutputStream {
    final byte[] buf = new byte[10];
    int len;

    @Override
    public void write(int b) {
      buf[len++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int n) {
      System.arraycopy(b, off, buf, len, n);
      len += n;
    }
  }
}
