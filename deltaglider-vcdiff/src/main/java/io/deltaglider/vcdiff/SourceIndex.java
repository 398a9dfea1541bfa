package io.deltaglider.vcdiff;

/**
 * Hash index over the WHOLE source (unlike xdelta3, whose index only covers a {@code -B} window
 * around the current position), so a block moved from the end of a large file to its start is
 * still found.
 *
 * <p>Every {@code step}-th source position is indexed by a hash of the {@value #SEED} bytes that
 * start there; the target is probed at every position, so any common run of at least {@code SEED
 * + step - 1} bytes is found unless its bucket was taken by an earlier position (first one wins,
 * which makes a long run of equal bytes match from its start). Memory is one {@code int} per
 * bucket: the bucket count is the sample count rounded up to a power of two, capped by the
 * memory budget; when the budget is too small for the level's step, the step grows instead
 * ({@code step = ceil(size / (budget / 4))}, rounded up to a power of two), e.g. a 1 GiB source
 * under the default 128 MiB budget is sampled every 32 bytes, which still finds every moved or
 * kept block of ~40 bytes and up. Built once per encode call; read-only afterwards.
 */
final class SourceIndex {
  static final int SEED = 8;
  /** Multiplicative hashing constant (2^64 / golden ratio): mixes all 8 bytes into the top bits. */
  static final long PRIME = 0x9E3779B97F4A7C15L;
  private static final int READ_BLOCK = 1 << 20;

  final int step;
  private final int shift;
  /**
   * Per bucket: sample number + 1 of the first position seen (0 = empty) in the low {@code
   * sampleBits}, and in the bits above it a tag of further hash bits, which rejects most wrong
   * candidates without touching the source (a cache miss, or a read for a file source).
   */
  private final int[] table;
  private final int sampleBits;
  private final int sampleMask;
  private final int tagShift;

  private SourceIndex(int step, int bits, long samples) {
    this.step = step;
    this.shift = 64 - bits;
    this.table = new int[1 << bits];
    this.sampleBits = Math.min(32, 64 - Long.numberOfLeadingZeros(samples));
    this.sampleMask = sampleBits == 32 ? -1 : (1 << sampleBits) - 1;
    // The tag takes the hash bits right below the bucket bits.
    this.tagShift = shift - (32 - sampleBits);
  }

  /** Bucket entry for sample {@code k} whose seed hashed to {@code hash}. */
  private int entry(long hash, int k) {
    return sampleBits == 32 ? k + 1 : ((int) (hash >>> tagShift) << sampleBits) | (k + 1);
  }

  /** Candidate source position for an 8-byte seed (little-endian), or -1. */
  long lookup(long seed) {
    long hash = seed * PRIME;
    int v = table[(int) (hash >>> shift)];
    int k = v & sampleMask;
    if (k == 0 || v != entry(hash, k - 1)) {
      return -1;
    }
    return (long) (k - 1) * step;
  }

  /**
   * Indexes the source. Returns {@code null} when the source is shorter than one seed.
   *
   * @param levelStep the sampling step the level asks for
   * @param budgetBytes memory allowed for the table
   */
  static SourceIndex build(SourceReader src, int levelStep, long budgetBytes) {
    long size = src.size;
    if (size < SEED) {
      return null;
    }
    long positions = size - SEED + 1;
    long maxEntries = Math.max(1 << 10, Math.min(1L << 30, budgetBytes / Integer.BYTES));
    maxEntries = Long.highestOneBit(maxEntries);
    long step = Math.max(levelStep, (positions + maxEntries - 1) / maxEntries);
    // A power of two, like every level's own step: the matcher skips through unmatched data with
    // odd strides, which reach every residue of a power-of-two step but, e.g., only a third of
    // those of a step of 150, so a window could never find where it starts in the source.
    step = step <= 1 ? 1 : Long.highestOneBit(step - 1) << 1;
    long samples = (positions + step - 1) / step;
    int bits = 64 - Long.numberOfLeadingZeros(Math.max(samples - 1, 255));
    bits = Math.min(bits, 63 - Long.numberOfLeadingZeros(maxEntries));
    SourceIndex idx = new SourceIndex((int) step, bits, samples);
    idx.fill(src, positions);
    return idx;
  }

  private void fill(SourceReader src, long positions) {
    int[] tab = table;
    int sh = shift;
    int st = step;
    if (src.array != null) {
      // Backwards with plain stores: the last store wins, so each bucket ends up holding the
      // first position, and stores without a load before them let the CPU overlap the cache
      // misses (several times faster than a load-test-store loop on large tables).
      byte[] a = src.array;
      int k = (int) ((positions - 1) / st);
      for (long p = (long) k * st; p >= 0; p -= st, k--) {
        long hash = (long) SourceReader.LONG_LE.get(a, (int) p) * PRIME;
        tab[(int) (hash >>> sh)] = entry(hash, k);
      }
      return;
    }
    // Streamed in blocks (aligned to the step), last block first, so that the source never has
    // to be in the heap and the first position still wins.
    long block = Math.max(st, (READ_BLOCK / st) * (long) st);
    byte[] buf = new byte[(int) block + SEED];
    long lastBase = ((positions - 1) / block) * block;
    for (long base = lastBase; base >= 0; base -= block) {
      int len = (int) Math.min(block + SEED - 1, src.size - base);
      src.read(base, buf, 0, len);
      long count = Math.min(block, positions - base);
      int lastP = (int) (((count - 1) / st) * st);
      int k = (int) (base / st) + lastP / st + 1;
      for (int p = lastP; p >= 0; p -= st, k--) {
        long hash = (long) SourceReader.LONG_LE.get(buf, p) * PRIME;
        tab[(int) (hash >>> sh)] = entry(hash, k - 1);
      }
    }
  }
}
