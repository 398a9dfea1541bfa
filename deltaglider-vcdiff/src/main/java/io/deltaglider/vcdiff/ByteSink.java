package io.deltaglider.vcdiff;

import java.io.OutputStream;
import java.util.Arrays;

/**
 * A growable byte buffer for one section of a window. Reused across windows ({@link #reset}) so
 * steady-state encoding allocates nothing; also an {@link OutputStream} so the LZMA compressor can
 * write its output into one. Not thread-safe.
 */
final class ByteSink extends OutputStream {
  byte[] buf;
  int len;

  ByteSink(int initialCapacity) {
    buf = new byte[Math.max(16, initialCapacity)];
  }

  void reset() {
    len = 0;
  }

  int length() {
    return len;
  }

  private void ensure(int extra) {
    if (len + extra > buf.length) {
      long want = Math.max((long) buf.length * 2, (long) len + extra);
      if (want > Integer.MAX_VALUE - 16) {
        want = Integer.MAX_VALUE - 16;
      }
      buf = Arrays.copyOf(buf, (int) want);
    }
  }

  @Override
  public void write(int b) {
    ensure(1);
    buf[len++] = (byte) b;
  }

  @Override
  public void write(byte[] src, int off, int n) {
    ensure(n);
    System.arraycopy(src, off, buf, len, n);
    len += n;
  }

  void writeVarint(long v) {
    ensure(10);
    len = VarInt.write(buf, len, v);
  }

  /** Copies the buffered bytes to {@code out}. */
  void writeTo(OutputStream out) throws java.io.IOException {
    out.write(buf, 0, len);
  }
}
