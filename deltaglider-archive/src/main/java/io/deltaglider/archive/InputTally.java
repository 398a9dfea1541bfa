package io.deltaglider.archive;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.CRC32;

/** Counts and checksums the archive as expand reads it: the recipe's length and CRC-32, the budget's base. */
final class InputTally extends FilterInputStream {
  private final CRC32 crc = new CRC32();
  private long count;

  InputTally(InputStream in) {
    super(in);
  }

  long count() {
    return count;
  }

  long crc() {
    return crc.getValue();
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = in.read(b, off, len);
    if (n > 0) {
      crc.update(b, off, n);
      count += n;
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    throw new UnsupportedOperationException("every byte is counted");
  }

  @Override
  public boolean markSupported() {
    return false;
  }
}
