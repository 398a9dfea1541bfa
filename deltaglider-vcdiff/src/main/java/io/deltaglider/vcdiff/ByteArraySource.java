package io.deltaglider.vcdiff;

import java.util.Objects;

/** {@link SourceData} over a byte array. */
final class ByteArraySource implements SourceData {
  static final ByteArraySource EMPTY = new ByteArraySource(new byte[0]);

  final byte[] bytes;

  ByteArraySource(byte[] bytes) {
    this.bytes = Objects.requireNonNull(bytes, "bytes");
  }

  @Override
  public long size() {
    return bytes.length;
  }

  @Override
  public void read(long position, byte[] dst, int off, int len) {
    System.arraycopy(bytes, (int) position, dst, off, len);
  }
}
