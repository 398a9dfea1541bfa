package io.deltaglider.vcdiff;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * Where decoded windows go. A sink that keeps everything it was given (the in-memory one) lets
 * VCD_TARGET windows copy from any earlier output; a streaming sink keeps nothing, and the
 * decoder then serves VCD_TARGET windows from the previous window it still holds.
 */
abstract class TargetSink {
  abstract void write(byte[] b, int off, int len) throws IOException;

  /** The array holding all output so far (index = target offset), or {@code null} if not kept. */
  byte[] retained() {
    return null;
  }

  static final class Stream extends TargetSink {
    private final OutputStream out;

    Stream(OutputStream out) {
      this.out = out;
    }

    @Override
    void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }
  }

  static final class InMemory extends TargetSink {
    private byte[] buf = new byte[256];
    private int size;

    @Override
    void write(byte[] b, int off, int len) {
      if (buf.length - size < len) {
        long want = Math.max((long) size + len, 2L * buf.length);
        buf = Arrays.copyOf(buf, (int) Math.min(want, Integer.MAX_VALUE - 8));
        if (buf.length - size < len) {
          throw new OutOfMemoryError("decoded target does not fit in a byte array");
        }
      }
      System.arraycopy(b, off, buf, size, len);
      size += len;
    }

    @Override
    byte[] retained() {
      return buf;
    }

    byte[] toByteArray() {
      return Arrays.copyOf(buf, size);
    }
  }
}
