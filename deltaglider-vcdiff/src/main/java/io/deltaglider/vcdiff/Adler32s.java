package io.deltaglider.vcdiff;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Adler-32 (RFC 1950) eight bytes at a time. The JDK's {@code java.util.zip.Adler32} runs zlib's
 * byte loop (about 1 GB/s here), which would cap decoding of checksummed windows; this computes
 * the byte sum and the position-weighted sum of each little-endian long with a few multiplies on
 * 16-bit lanes (SWAR) and defers the modulo, for several times the speed. Stateless.
 */
final class Adler32s {
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final int MOD = 65521;
  private static final long LANES = 0x00FF00FF00FF00FFL;
  /** Sums the four 16-bit lanes into the top lane. */
  private static final long SUM = 0x0001000100010001L;
  /** Weights 8,6,4,2 for bytes 0,2,4,6 (even lanes), landing in the top lane. */
  private static final long WEIGHT_EVEN = 2L | 4L << 16 | 6L << 32 | 8L << 48;
  /** Weights 7,5,3,1 for bytes 1,3,5,7 (odd lanes). */
  private static final long WEIGHT_ODD = 1L | 3L << 16 | 5L << 32 | 7L << 48;
  /** Bytes between reductions: keeps s2 (which grows ~quadratically) far below 2^63. */
  private static final int BLOCK = 1 << 16;

  private Adler32s() {}

  /** Continues {@code adler} (1 for a fresh checksum) over {@code b[off, off+len)}. */
  static long update(long adler, byte[] b, int off, int len) {
    long s1 = adler & 0xFFFF;
    long s2 = (adler >>> 16) & 0xFFFF;
    int end = off + len;
    while (off < end) {
      int blockEnd = off + Math.min(BLOCK, end - off);
      int longEnd = off + ((blockEnd - off) & ~7);
      for (; off < longEnd; off += 8) {
        long w = (long) LONGS.get(b, off);
        long even = w & LANES;
        long odd = (w >>> 8) & LANES;
        long sum = ((even + odd) * SUM) >>> 48;
        long weighted = ((even * WEIGHT_EVEN) >>> 48) + ((odd * WEIGHT_ODD) >>> 48);
        s2 += (s1 << 3) + weighted;
        s1 += sum;
      }
      for (; off < blockEnd; off++) {
        s1 += b[off] & 0xFF;
        s2 += s1;
      }
      s1 %= MOD;
      s2 %= MOD;
    }
    return (s2 << 16) | s1;
  }

  static long of(byte[] b, int off, int len) {
    return update(1, b, off, len);
  }
}
