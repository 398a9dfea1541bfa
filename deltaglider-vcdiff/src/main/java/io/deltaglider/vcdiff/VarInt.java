package io.deltaglider.vcdiff;

/**
 * RFC 3284 section 2 integers: base 128, most significant group first, high bit set on every byte
 * but the last. The encoder always writes the minimal form because xdelta3 checks the window's
 * delta-encoding length against the minimal sizes of what follows.
 */
final class VarInt {
  private VarInt() {}

  /** Bytes the minimal encoding of {@code v} (non-negative) takes. */
  static int size(long v) {
    if (v < 0) {
      throw new IllegalArgumentException("negative varint " + v);
    }
    // 7 bits per byte; 64 - nlz(v|1) is the bit length.
    int bits = 64 - Long.numberOfLeadingZeros(v | 1);
    return (bits + 6) / 7;
  }

  /** Writes {@code v} at {@code buf[pos]} and returns the position after it. */
  static int write(byte[] buf, int pos, long v) {
    int n = size(v);
    for (int i = n - 1; i > 0; i--) {
      buf[pos++] = (byte) (((v >>> (7 * i)) & 0x7F) | 0x80);
    }
    buf[pos++] = (byte) (v & 0x7F);
    return pos;
  }
}
