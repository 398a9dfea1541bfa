package io.deltaglider.archive;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * Checks bytes written to it against an expected stream and gives up at the first difference by
 * throwing {@link Mismatch}, so that a wrong guess of deflate settings costs only the work up to the
 * first differing byte (typically one deflate block), not the whole stream.
 */
final class ComparingOutputStream extends OutputStream {
  private final InputStream expected;
  private final byte[] buf;

  /** {@code scratch} is this stream's to use while it lives (one per search, not one per try). */
  ComparingOutputStream(InputStream expected, byte[] scratch) {
    this.expected = expected;
    this.buf = scratch;
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    while (len > 0) {
      int k = Math.min(len, buf.length);
      if (expected.readNBytes(buf, 0, k) != k || Arrays.mismatch(b, off, off + k, buf, 0, k) >= 0) {
        throw new Mismatch();
      }
      off += k;
      len -= k;
    }
  }

  /** Whether every expected byte was written. */
  boolean complete() throws IOException {
    return expected.read() < 0;
  }

  /** The output left the expected bytes; no stack trace, it is control flow. */
  static final class Mismatch extends IOException {
    private static final long serialVersionUID = 1L;

    Mismatch() {
      super("output differs from the original stream", null);
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
      return this;
    }
  }
}
