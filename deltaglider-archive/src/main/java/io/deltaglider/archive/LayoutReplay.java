package io.deltaglider.archive;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Makes an archive's expanded form again from the archive and the layout that expand wrote beside
 * it (FORMAT.md section 9.9), without parsing a container or searching a setting: each RAW record
 * takes the next bytes of the current level, each BEGIN inflates the level's next bytes as a raw
 * deflate stream, which is the level until its END, each DIFF32 takes 4 bytes. The records, their
 * lengths included, are the layout's, so the form is byte for byte the one expand made, whatever
 * later versions of expand would make of the archive.
 *
 * <p>Every mismatch between layout and archive (a level that ends early or late, a stream that does
 * not inflate or ends elsewhere) is an {@link ArchiveFormatException}, and so is a form that would
 * grow past the caller's bound: a layout cannot make it inflate more than it writes.
 */
final class LayoutReplay {
  private final long maxFormLength;
  private final OutputStream out;
  /** The settings of each BEGIN, when streams are recorded; else null. */
  private final RecipeReader recipe;
  private final KnownStreams record;
  private final Deque<Level> levels = new ArrayDeque<>();
  private long written;
  private long lastDiff32;

  private LayoutReplay(OutputStream out, long maxFormLength, RecipeReader recipe, KnownStreams record) {
    this.out = out;
    this.maxFormLength = maxFormLength;
    this.recipe = recipe;
    this.record = recipe != null ? record : null;
  }

  /**
   * Writes the form {@code layout} describes for {@code archive} to {@code form}; returns its
   * length. With a recipe, records the streams in {@code record}.
   */
  static long replay(InputStream archive, InputStream layout, OutputStream form, long maxFormLength,
      RecipeReader recipe, KnownStreams record) throws IOException {
    BufferedOutputStream out = new BufferedOutputStream(form, 1 << 16);
    LayoutReplay r = new LayoutReplay(out, maxFormLength, recipe, record);
    try {
      long n = r.run(new ByteSource(archive), new BufferedInputStream(layout, 1 << 13));
      out.flush();
      return n;
    } finally {
      for (Level l : r.levels) {
        l.close();
      }
    }
  }

  private long run(ByteSource top, InputStream layout) throws IOException {
    byte[] magic = layout.readNBytes(Canonical.LAYOUT_MAGIC.length);
    if (!Arrays.equals(magic, Canonical.LAYOUT_MAGIC)) {
      throw new ArchiveFormatException("not a layout of version " + Canonical.LAYOUT_MAGIC[4]);
    }
    write(Canonical.CANONICAL_MAGIC, 0, Canonical.CANONICAL_MAGIC.length);
    while (true) {
      ByteSource src = levels.isEmpty() ? top : levels.peek().src;
      int op = layout.read();
      switch (op) {
        case Canonical.TAG_RAW -> raw(src, Varints.read(layout, "layout RAW length"));
        case Canonical.TAG_BEGIN -> {
          if (levels.size() == Canonical.MAX_NESTING) {
            throw new ArchiveFormatException("layout nests deflate streams deeper than " + Canonical.MAX_NESTING);
          }
          tag(Canonical.TAG_BEGIN);
          levels.push(new Level(src, record != null ? recipe.next() : null));
        }
        case Canonical.TAG_END -> {
          if (levels.isEmpty()) {
            throw new ArchiveFormatException("layout END without BEGIN");
          }
          try (Level done = levels.pop()) {
            if (!done.src.atEnd()) {
              throw new ArchiveFormatException("a deflate stream of the archive has more bytes than its layout");
            }
            done.recordIn(record);
          }
          tag(Canonical.TAG_END);
        }
        case Canonical.TAG_DIFF32 -> {
          if (src.ensure(4) < 4) {
            throw new ArchiveFormatException("the archive ends inside a DIFF32 field of its layout");
          }
          long value = src.u32(0);
          src.skip(4);
          tag(Canonical.TAG_DIFF32);
          varint(Varints.zigzag(value - lastDiff32));
          lastDiff32 = value;
        }
        case Canonical.TAG_END_OF_FORM -> {
          if (!levels.isEmpty()) {
            throw new ArchiveFormatException("layout ends inside a deflate stream");
          }
          if (!top.atEnd()) {
            throw new ArchiveFormatException("the archive has more bytes than its layout");
          }
          if (layout.read() >= 0) {
            throw new ArchiveFormatException("bytes after the end of the layout");
          }
          tag(Canonical.TAG_END_OF_FORM);
          if (record != null) {
            recipe.finish();
            if (recipe.canonicalLength != written) {
              throw new ArchiveFormatException("the recipe is of a form of " + recipe.canonicalLength + " bytes, the "
                  + "layout's has " + written);
            }
          }
          return written;
        }
        case -1 -> throw new ArchiveFormatException("truncated layout");
        default -> throw new ArchiveFormatException("unknown layout record " + op);
      }
    }
  }

  private void raw(ByteSource src, long n) throws IOException {
    if (n == 0) {
      throw new ArchiveFormatException("empty RAW record in the layout");
    }
    tag(Canonical.TAG_RAW);
    varint(n);
    charge(n);
    for (long left = n; left > 0; ) {
      int avail = src.ensure(1);
      if (avail == 0) {
        throw new ArchiveFormatException("the archive ends before a RAW record of its layout");
      }
      int k = (int) Math.min(left, avail);
      out.write(src.array(), src.offset(), k);
      src.skip(k);
      left -= k;
    }
  }

  private void tag(int tag) throws IOException {
    charge(1);
    out.write(tag);
  }

  private void varint(long v) throws IOException {
    byte[] b = new byte[10];
    int i = b.length;
    b[--i] = (byte) (v & 0x7f);
    for (v >>>= 7; v != 0; v >>>= 7) {
      b[--i] = (byte) (0x80 | (v & 0x7f));
    }
    write(b, i, b.length - i);
  }

  private void write(byte[] b, int off, int len) throws IOException {
    charge(len);
    out.write(b, off, len);
  }

  /** Counts bytes about to be written against the bound, before any work is done for them. */
  private void charge(long n) throws ArchiveFormatException {
    if (n > maxFormLength - written) {
      throw new ArchiveFormatException("the layout's form runs past its bound of " + maxFormLength + " bytes");
    }
    written += n;
  }

  /**
   * A deflate stream being inflated from its parent level, consuming exactly its compressed bytes;
   * with settings, small enough streams keep a copy of those bytes and a digest of their content
   * to be recorded.
   */
  private static final class Level implements AutoCloseable {
    final ByteSource src;
    private final Inflater inflater = new Inflater(true);
    private final StreamParams params;
    private java.io.ByteArrayOutputStream compressed;
    private java.security.MessageDigest content;
    private long contentLength;

    Level(ByteSource parent, StreamParams params) {
      this.params = params;
      if (params != null) {
        compressed = new java.io.ByteArrayOutputStream(1 << 10);
        content = KnownStreams.newDigest();
      }
      this.src = new ByteSource(new InputStream() {
        private int fed;

        @Override
        public int read() throws IOException {
          byte[] one = new byte[1];
          return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
          if (len == 0) {
            return 0;
          }
          while (!inflater.finished()) {
            if (inflater.needsInput()) {
              // Nothing of the parent's window is held by the inflater now, so it may move.
              int avail = parent.ensure(1);
              if (avail == 0) {
                throw new ArchiveFormatException("a deflate stream of the layout is truncated in the archive");
              }
              fed = Math.min(avail, 1 << 16);
              inflater.setInput(parent.array(), parent.offset(), fed);
            }
            int n;
            try {
              n = inflater.inflate(b, off, len);
            } catch (DataFormatException e) {
              throw new ArchiveFormatException("a deflate stream of the layout does not inflate: " + e.getMessage(), e);
            }
            int left = inflater.getRemaining();
            keep(parent.array(), parent.offset(), fed - left, b, off, n);
            parent.skip(fed - left);
            fed = left;
            if (n > 0) {
              return n;
            }
            if (inflater.needsDictionary()) {
              throw new ArchiveFormatException("a deflate stream of the layout needs a preset dictionary");
            }
          }
          return -1;
        }
      });
    }

    /** Keeps what a small stream consumed and inflated; gives up on streams too large to record. */
    private void keep(byte[] in, int inOff, int inLen, byte[] inflated, int outOff, int outLen) {
      if (compressed == null) {
        return;
      }
      contentLength += outLen;
      if (compressed.size() + inLen > KnownStreams.MAX_STREAM || contentLength > KnownStreams.MAX_STREAM) {
        compressed = null;
        content = null;
        return;
      }
      compressed.write(in, inOff, inLen);
      content.update(inflated, outOff, outLen);
    }

    void recordIn(KnownStreams record) {
      if (record != null && compressed != null) {
        record.add(content.digest(), params, compressed.toByteArray());
      }
    }

    @Override
    public void close() {
      inflater.end();
    }
  }
}
