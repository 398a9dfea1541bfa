package io.deltaglider.archive;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * The bytes of one container level, read forward once with a look-ahead window, so that parsers can
 * peek at a header before deciding what it is, and inflaters can read straight from the window. A
 * nested level reads a {@link #slice} of its parent: exactly the bytes the parent says are the
 * member's, however the member's own headers lie.
 */
final class ByteSource {
  /** Look-ahead capacity: the largest zip local header (30 + 2 × 65535 bytes) fits. */
  static final int CAPACITY = 192 << 10;
  /** The window starts small (a jar has thousands of small levels) and grows when a look-ahead needs it. */
  private static final int INITIAL = 16 << 10;

  private final InputStream in;
  private byte[] buf = new byte[INITIAL];
  private int pos;
  private int lim;
  private long position;
  private boolean eof;

  ByteSource(InputStream in) {
    this.in = in;
  }

  /**
   * Makes at least {@code n} bytes (at most {@link #CAPACITY}) available unless the level ends
   * first; returns how many are available.
   */
  int ensure(int n) throws IOException {
    if (n > CAPACITY) {
      throw new IllegalArgumentException("look-ahead of " + n + " bytes");
    }
    if (n > buf.length) {
      buf = Arrays.copyOf(buf, Math.min(CAPACITY, Math.max(n, 2 * buf.length)));
    }
    while (lim - pos < n && !eof) {
      if (buf.length - pos < n) {
        System.arraycopy(buf, pos, buf, 0, lim - pos);
        lim -= pos;
        pos = 0;
      }
      int r = in.read(buf, lim, buf.length - lim);
      if (r < 0) {
        eof = true;
      } else {
        lim += r;
      }
    }
    return lim - pos;
  }

  int available() {
    return lim - pos;
  }

  /** Whether the level has no more bytes. */
  boolean atEnd() throws IOException {
    return ensure(1) == 0;
  }

  byte[] array() {
    return buf;
  }

  int offset() {
    return pos;
  }

  /** Bytes consumed from this level so far. */
  long position() {
    return position;
  }

  void skip(int n) {
    if (n < 0 || n > lim - pos) {
      throw new IllegalArgumentException("skip " + n + " of " + (lim - pos));
    }
    pos += n;
    position += n;
  }

  /** The byte at {@code i} past the current position (which must be available). */
  int u8(int i) {
    return buf[pos + i] & 0xff;
  }

  int u16(int i) {
    return u8(i) | u8(i + 1) << 8;
  }

  long u32(int i) {
    return (u16(i) | (long) u16(i + 2) << 16) & 0xffffffffL;
  }

  /** Unsigned below 2^63; larger values come back negative. */
  long u64(int i) {
    return u32(i) | u32(i + 4) << 32;
  }

  /** Whether the available bytes start with {@code sig} at {@code i}. */
  boolean startsWith(int i, byte[] sig) {
    if (lim - pos < i + sig.length) {
      return false;
    }
    for (int k = 0; k < sig.length; k++) {
      if (buf[pos + i + k] != sig[k]) {
        return false;
      }
    }
    return true;
  }

  /** Copies up to {@code n} bytes (fewer if the level ends) to {@code out}; returns how many. */
  long copyTo(RecordWriter out, long n) throws IOException {
    long done = 0;
    while (done < n && ensure(1) > 0) {
      int k = (int) Math.min(n - done, lim - pos);
      out.raw(buf, pos, k);
      skip(k);
      done += k;
    }
    return done;
  }

  /** Copies everything left in the level to {@code out}. */
  void copyRest(RecordWriter out) throws IOException {
    copyTo(out, Long.MAX_VALUE);
  }

  /** A stream of the next {@code length} bytes of this level (fewer if it ends), consumed as read. */
  InputStream slice(long length) {
    return new InputStream() {
      private long left = length;

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
        if (left == 0 || ensure(1) == 0) {
          return -1;
        }
        int k = (int) Math.min(Math.min(len, left), lim - pos);
        System.arraycopy(buf, pos, b, off, k);
        ByteSource.this.skip(k); // not InputStream.skip
        left -= k;
        return k;
      }
    };
  }
}
