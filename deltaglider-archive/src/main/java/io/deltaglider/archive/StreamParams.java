package io.deltaglider.archive;

/**
 * The zlib settings a raw deflate stream was (or is to be) compressed with. Mirrors the pure-Java
 * encoder's {@code DeflateParams}, kept as the transforms' own type so that the reproducer behind
 * them stays one file ({@link ZlibDeflateReproducer}). Recipes store it in two bytes (FORMAT.md section 9.4).
 */
record StreamParams(int level, int windowBits, int memLevel, int strategy) {
  static final int DEFAULT_STRATEGY = 0;
  static final int FILTERED = 1;
  static final int HUFFMAN_ONLY = 2;
  static final int RLE = 3;
  static final int FIXED = 4;

  StreamParams {
    if (level < 0 || level > 9 || windowBits < 9 || windowBits > 15 || memLevel < 1 || memLevel > 9
        || strategy < 0 || strategy > 4) {
      throw new IllegalArgumentException("no such deflate settings: level " + level + ", windowBits "
          + windowBits + ", memLevel " + memLevel + ", strategy " + strategy);
    }
  }

  /** zlib's defaults (windowBits 15, memLevel 8, default strategy) at {@code level}. */
  static StreamParams of(int level) {
    return new StreamParams(level, 15, 8, DEFAULT_STRATEGY);
  }

  StreamParams withStrategy(int s) {
    return new StreamParams(level, windowBits, memLevel, s);
  }

  /** First recipe byte: strategy in the high nibble, level in the low one. */
  int packedLevel() {
    return strategy << 4 | level;
  }

  /** Second recipe byte: memLevel in the high nibble, windowBits in the low one. */
  int packedWindow() {
    return memLevel << 4 | windowBits;
  }

  /** The settings two recipe bytes stand for, or null if they name none. */
  static StreamParams unpack(int levelByte, int windowByte) {
    int level = levelByte & 15;
    int strategy = levelByte >>> 4;
    int windowBits = windowByte & 15;
    int memLevel = windowByte >>> 4;
    if (level > 9 || strategy > 4 || windowBits < 9 || memLevel < 1 || memLevel > 9) {
      return null;
    }
    return new StreamParams(level, windowBits, memLevel, strategy);
  }
}
