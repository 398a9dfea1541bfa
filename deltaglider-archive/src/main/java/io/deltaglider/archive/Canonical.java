package io.deltaglider.archive;

/** The byte layout of the expanded (canonical) form and the recipe: FORMAT.md section 9. */
final class Canonical {
  private Canonical() {}

  /** "DGAC", version 1: the first bytes of every expanded form. */
  static final byte[] CANONICAL_MAGIC = {'D', 'G', 'A', 'C', 1};
  /** "DGAR", version 1: the first bytes of every recipe. */
  static final byte[] RECIPE_MAGIC = {'D', 'G', 'A', 'R', 1};

  /** "DGAL", version 1: the first bytes of every layout (section 9.9). */
  static final byte[] LAYOUT_MAGIC = {'D', 'G', 'A', 'L', 1};

  static final int TAG_END_OF_FORM = 0;
  static final int TAG_RAW = 1;
  static final int TAG_BEGIN = 2;
  static final int TAG_END = 3;
  static final int TAG_DIFF32 = 4;

  /** The longest RAW record expand writes (readers take any length). */
  static final int MAX_RAW = 256 << 10;

  /** The deepest nesting of BEGIN records a reader accepts. */
  static final int MAX_NESTING = ArchiveLimits.MAX_DEPTH;
}
