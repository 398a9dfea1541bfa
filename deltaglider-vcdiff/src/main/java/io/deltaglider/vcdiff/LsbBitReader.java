package io.deltaglider.vcdiff;

/**
 * Bit input in the order xdelta3's secondary compressors (DJW, FGK) write it: each byte is consumed
 * from its least significant bit to its most significant bit, and a byte is only taken from the
 * input when a bit of it is needed. Multi-bit fields are sent most significant bit first, so a field
 * is the bit-reversal of the bits as they sit in the buffer.
 *
 * <p>Up to 64 bits are buffered in {@link #bits}, the next bit in bit 0; {@link #count} says how
 * many of them are real input (the bits above are zero). Hot loops may copy the state into locals
 * and write it back with {@link #sync}. Not thread-safe; reused across sections.
 */
final class LsbBitReader {
  byte[] buf;
  /** Next byte of {@link #buf} to load into {@link #bits}. */
  int pos;
  /** End (exclusive) of the readable bytes. */
  int end;
  /** Buffered bits, next bit in bit 0, zero above {@link #count}. */
  long bits;
  /** Number of real bits buffered. */
  int count;

  private int start;
  private long deltaOffset;

  void reset(byte[] in, int off, int len, long deltaOffset) {
    this.buf = in;
    this.pos = off;
    this.start = off;
    this.end = off + len;
    this.bits = 0;
    this.count = 0;
    this.deltaOffset = deltaOffset;
  }

  /** Loads whole bytes until at least 57 bits are buffered or the input is exhausted. */
  void refill() {
    while (count <= 56 && pos < end) {
      bits |= (buf[pos++] & 0xFFL) << count;
      count += 8;
    }
  }

  /** Stores state that a hot loop kept in locals. */
  void sync(long bits, int count, int pos) {
    this.bits = bits;
    this.count = count;
    this.pos = pos;
  }

  /** One bit (0 or 1). */
  int readBit() throws VcdiffException {
    if (count == 0) {
      refill();
      if (count == 0) {
        throw endOfInput();
      }
    }
    int b = (int) bits & 1;
    bits >>>= 1;
    count--;
    return b;
  }

  /** An {@code n}-bit field (1 &lt;= n &lt;= 24), sent most significant bit first. */
  int readField(int n) throws VcdiffException {
    if (count < n) {
      refill();
      if (count < n) {
        throw endOfInput();
      }
    }
    int raw = (int) bits & ((1 << n) - 1);
    bits >>>= n;
    count -= n;
    return Integer.reverse(raw) >>> (32 - n);
  }

  /** Bytes of input touched so far: every byte holding a consumed bit, padding included. */
  int bytesConsumed() {
    long consumedBits = (long) (pos - start) * 8 - count;
    return (int) ((consumedBits + 7) >>> 3);
  }

  /**
   * Whether the bits left in the byte holding the last consumed bit are all zero. xdelta3's
   * command-line tool (always built with REGRESSION_TEST=1) refuses a section whose padding is
   * not, with "secondary decoder garbage".
   */
  boolean paddingIsZero() {
    int used = (int) (((long) (pos - start) * 8 - count) & 7);
    if (used == 0) {
      return true;
    }
    return (bits & ((1L << (8 - used)) - 1)) == 0;
  }

  /** Input bytes not touched by any consumed bit. */
  int bytesLeft() {
    return end - start - bytesConsumed();
  }

  /** Offset in the delta of the byte holding the next unread bit. */
  long offset() {
    long consumedBits = (long) (pos - start) * 8 - count;
    return deltaOffset + (consumedBits >>> 3);
  }

  VcdiffException endOfInput() {
    return new VcdiffException("secondary decoder end of input", offset());
  }

  VcdiffException error(String message) {
    return new VcdiffException(message, offset());
  }
}
