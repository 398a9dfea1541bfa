package io.deltaglider.vcdiff;

/**
 * Tells sections that LZMA cannot shrink from those it can, cheaply: the order-0 entropy of each
 * 64 KiB block. A data section of already-compressed bytes (zip, jar, gzip members: most of a
 * delta between two compressed artifacts) measures within a hair of 8 bits per byte, where LZMA
 * gains nothing and XZ for Java spends about half a microsecond per byte finding that out.
 * Deterministic: the same bytes always get the same answer.
 */
final class Incompressible {
  private static final int BLOCK = 1 << 16;
  /** Blocks of random bytes measure ~7.997 bits/byte; text 4-6, machine code ~6.5. */
  private static final double HIGH_ENTROPY_BITS = 7.9;
  /** Sections this small are compressed anyway: the test would cost more than it saves. */
  static final int MIN_LENGTH = 1 << 14;

  private Incompressible() {}

  /** True when at least 95 % of the bytes lie in blocks of near-maximal entropy. */
  static boolean looksIncompressible(byte[] b, int len) {
    if (len < MIN_LENGTH) {
      return false;
    }
    int[] counts = new int[256];
    long high = 0;
    for (int off = 0; off < len; off += BLOCK) {
      int n = Math.min(BLOCK, len - off);
      java.util.Arrays.fill(counts, 0);
      for (int i = off; i < off + n; i++) {
        counts[b[i] & 0xFF]++;
      }
      if (bitsPerByte(counts, n) >= HIGH_ENTROPY_BITS) {
        high += n;
      }
    }
    return high * 20 >= (long) len * 19;
  }

  static double bitsPerByte(int[] counts, int n) {
    double h = 0;
    for (int c : counts) {
      if (c > 0) {
        double p = (double) c / n;
        h -= p * Math.log(p);
      }
    }
    return h / Math.log(2);
  }
}
