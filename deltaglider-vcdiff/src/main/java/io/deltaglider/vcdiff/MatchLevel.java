package io.deltaglider.vcdiff;

/**
 * The {@link TargetMatcher}'s knobs for each level 0-9: how densely the source is sampled, how
 * many target positions each hash bucket keeps, lazy matching, when a match is long enough, how
 * many covered positions are indexed, and how fast to step through data that matches nothing.
 */
final class MatchLevel {
  final int level;
  final int sourceStep;
  final int ways;
  final int bucketBits;
  final boolean lazy;
  final int nice;
  final int insertLimit;
  final int skipShift;
  final int maxSkip;
  /** Candidates tried in the local source table per position. */
  final int localChain;
  /** Whether a match found is weighed against source matches off the index's sampling grid. */
  final boolean sourceAhead;
  /** {@link VcdiffEncoder.Builder#skipUnrelated}: strides grow further through long unmatched stretches. */
  final boolean skipUnrelated;

  private MatchLevel(int level, int sourceStep, int ways, int bucketBits, boolean lazy, int nice,
      int insertLimit, int skipShift, int maxSkip) {
    this(level, sourceStep, ways, bucketBits, lazy, nice, insertLimit, skipShift, maxSkip, false);
  }

  private MatchLevel(int level, int sourceStep, int ways, int bucketBits, boolean lazy, int nice,
      int insertLimit, int skipShift, int maxSkip, boolean skipUnrelated) {
    this.skipUnrelated = skipUnrelated;
    this.maxSkip = maxSkip;
    this.localChain = level == 0 ? 0 : Math.max(2, Math.min(ways, 16));
    // Levels 1-3 are for speed; from 4 on, the look-ahead lets the index sample every 4th
    // position (half the build time of every 2nd) with deltas as small as before.
    this.sourceAhead = level >= 4;
    this.level = level;
    this.sourceStep = sourceStep;
    this.ways = ways;
    this.bucketBits = bucketBits;
    this.lazy = lazy;
    this.nice = nice;
    this.insertLimit = insertLimit;
    this.skipShift = skipShift;
  }

  /** The level's knobs, with {@link #skipUnrelated} as asked. */
  static MatchLevel of(int level, boolean skipUnrelated) {
    MatchLevel l = of(level);
    return skipUnrelated ? new MatchLevel(l.level, l.sourceStep, l.ways, l.bucketBits, l.lazy, l.nice, l.insertLimit,
        l.skipShift, l.maxSkip, true) : l;
  }

  static MatchLevel of(int level) {
    switch (level) {
      // level, source step, bucket ways, max bucket bits, lazy, nice length, insert limit,
      // skip shift (0 = never skip), max extra skip
      case 0: return new MatchLevel(0, 1, 1, 8, false, 0, 0, 0, 0);
      case 1: return new MatchLevel(1, 8, 1, 20, false, 32, 8, 6, 8);
      case 2: return new MatchLevel(2, 4, 2, 16, false, 64, 16, 6, 16);
      case 3: return new MatchLevel(3, 4, 4, 16, false, 128, 64, 6, 8);
      case 4: return new MatchLevel(4, 4, 8, 17, false, 128, 128, 5, 4);
      case 5: return new MatchLevel(5, 4, 8, 17, true, 256, 256, 5, 4);
      case 6: return new MatchLevel(6, 4, 16, 17, true, 256, 1024, 5, 2);
      case 7: return new MatchLevel(7, 2, 32, 18, true, 512, 2048, 6, 1);
      case 8: return new MatchLevel(8, 1, 64, 18, true, 1024, 4096, 0, 0);
      case 9: return new MatchLevel(9, 1, 128, 18, true, 4096, 8192, 0, 0);
      default: throw new IllegalArgumentException("level must be 0..9, was " + level);
    }
  }
}
