package io.deltaglider.archive;

/**
 * What zlib's {@code deflateInit2} takes; with the input it fully determines zlib's output.
 *
 * @param level 0 (stored) to 9
 * @param windowBits 9 to 15, raw deflate (zlib 1.2.9 and later refuse 8 for raw deflate; a zlib
 *     stream whose header says 8 was compressed with 9)
 * @param memLevel 1 to 9: hash table size and, through the symbol buffer, where blocks end
 * @param strategy {@link #DEFAULT}, {@link #FILTERED}, {@link #HUFFMAN_ONLY}, {@link #RLE} or
 *     {@link #FIXED}, numbered as in zlib.h
 */
record DeflateParams(int level, int windowBits, int memLevel, int strategy) {
  static final int DEFAULT = 0;
  static final int FILTERED = 1;
  static final int HUFFMAN_ONLY = 2;
  static final int RLE = 3;
  static final int FIXED = 4;

  DeflateParams {
    if (level < 0 || level > 9) {
      throw new IllegalArgumentException("level must be 0-9: " + level);
    }
    if (windowBits < 9 || windowBits > 15) {
      throw new IllegalArgumentException("windowBits must be 9-15: " + windowBits);
    }
    if (memLevel < 1 || memLevel > 9) {
      throw new IllegalArgumentException("memLevel must be 1-9: " + memLevel);
    }
    if (strategy < DEFAULT || strategy > FIXED) {
      throw new IllegalArgumentException("strategy must be 0-4: " + strategy);
    }
  }

  /** zlib's defaults for everything but the level: a 32 KiB window, memLevel 8, default strategy. */
  static DeflateParams of(int level) {
    return new DeflateParams(level, 15, 8, DEFAULT);
  }
}
