package io.deltaglider;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/** Counts bytes and refuses more than an object's declared size: a decompression bomb guard. */
final class BoundedOutputStream extends FilterOutputStream {
  long count;
  private final long max;
  private final String key;

  BoundedOutputStream(OutputStream out, long max, String key) {
    super(out);
    this.max = max;
    this.key = key;
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    count += len;
    if (count > max) {
      throw new IntegrityException(key, "reconstruction exceeds its declared size of " + max + " bytes", (Throwable) null);
    }
    out.write(b, off, len);
  }
}
