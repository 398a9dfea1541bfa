package io.deltaglider.archive;

/** The fixed facts of the Deflate format (RFC 1951, section 3.2.5 to 3.2.7), as lookup tables. */
final class DeflateTables {
  static final int MIN_MATCH = 3;
  static final int MAX_MATCH = 258;
  static final int LITERALS = 256;
  static final int END_OF_BLOCK = 256;
  static final int LENGTH_CODES = 29;
  /** Literal/length alphabet in use: 256 literals, end of block, 29 length codes. */
  static final int LIT_LEN_CODES = LITERALS + 1 + LENGTH_CODES;
  static final int DIST_CODES = 30;
  static final int CODE_LENGTH_CODES = 19;
  static final int MAX_CODE_BITS = 15;
  static final int MAX_CODE_LENGTH_BITS = 7;

  /** Code-length alphabet: repeat the previous length 3-6 times, 3-10 zeros, 11-138 zeros. */
  static final int REPEAT_PREVIOUS = 16;
  static final int REPEAT_ZERO_SHORT = 17;
  static final int REPEAT_ZERO_LONG = 18;

  static final int[] LENGTH_EXTRA_BITS = {
    0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0
  };
  static final int[] DIST_EXTRA_BITS = {
    0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13
  };
  static final int[] CODE_LENGTH_EXTRA_BITS = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 3, 7};
  /** The order in which a dynamic block header lists the code-length code lengths. */
  static final int[] CODE_LENGTH_ORDER = {16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15};

  /** Match length minus 3 (0-255) to length code (0-28, i.e. symbol 257-285). */
  static final byte[] LENGTH_CODE = new byte[256];
  /** Smallest match length minus 3 of each length code. */
  static final int[] LENGTH_BASE = new int[LENGTH_CODES];
  /** Smallest distance minus 1 of each distance code. */
  static final int[] DIST_BASE = new int[DIST_CODES];

  /** The fixed literal/length code (block type 1): lengths and bit-reversed codes of 288 symbols. */
  static final int[] FIXED_LIT_LENGTHS = new int[LIT_LEN_CODES + 2];
  static final int[] FIXED_LIT_CODES = new int[LIT_LEN_CODES + 2];
  /** The fixed distance code: five bits each. */
  static final int[] FIXED_DIST_LENGTHS = new int[DIST_CODES];
  static final int[] FIXED_DIST_CODES = new int[DIST_CODES];

  static {
    int lc = 0;
    for (int code = 0; code < LENGTH_CODES - 1; code++) {
      LENGTH_BASE[code] = lc;
      for (int i = 0; i < 1 << LENGTH_EXTRA_BITS[code]; i++) {
        LENGTH_CODE[lc++] = (byte) code;
      }
    }
    // Length 258 fits code 284 with five extra bits too; code 285 says it in no extra bits.
    LENGTH_BASE[LENGTH_CODES - 1] = 255;
    LENGTH_CODE[255] = (byte) (LENGTH_CODES - 1);

    int d = 0;
    for (int code = 0; code < DIST_CODES; code++) {
      DIST_BASE[code] = d;
      d += 1 << DIST_EXTRA_BITS[code];
    }

    int[] count = new int[MAX_CODE_BITS + 1];
    for (int n = 0; n < FIXED_LIT_LENGTHS.length; n++) {
      int len = n < 144 ? 8 : n < 256 ? 9 : n < 280 ? 7 : 8;
      FIXED_LIT_LENGTHS[n] = len;
      count[len]++;
    }
    canonicalCodes(FIXED_LIT_LENGTHS, FIXED_LIT_LENGTHS.length - 1, count, FIXED_LIT_CODES,
        new int[MAX_CODE_BITS + 1]);
    for (int n = 0; n < DIST_CODES; n++) {
      FIXED_DIST_LENGTHS[n] = 5;
      FIXED_DIST_CODES[n] = reverse(n, 5);
    }
  }

  private DeflateTables() {}

  /** Distance code (0-29) of a match distance minus 1 (0-32767). */
  static int distCode(int distMinus1) {
    if (distMinus1 < 4) {
      return distMinus1;
    }
    int top = 31 - Integer.numberOfLeadingZeros(distMinus1);
    return (top << 1) | ((distMinus1 >>> (top - 1)) & 1);
  }

  /** The {@code len} low bits of {@code code} in reverse order: Deflate sends Huffman codes MSB first. */
  static int reverse(int code, int len) {
    return Integer.reverse(code) >>> (32 - len);
  }

  /**
   * Canonical Huffman codes (RFC 1951, 3.2.2) for {@code lengths[0..maxSymbol]}, given how many
   * symbols have each length, written bit-reversed into {@code codes}. Unused symbols are skipped.
   * {@code next} is scratch space of {@code MAX_CODE_BITS + 1} ints.
   */
  static void canonicalCodes(int[] lengths, int maxSymbol, int[] countPerLength, int[] codes, int[] next) {
    int code = 0;
    for (int bits = 1; bits <= MAX_CODE_BITS; bits++) {
      code = (code + countPerLength[bits - 1]) << 1;
      next[bits] = code;
    }
    for (int n = 0; n <= maxSymbol; n++) {
      int len = lengths[n];
      if (len != 0) {
        codes[n] = reverse(next[len]++, len);
      }
    }
  }
}
