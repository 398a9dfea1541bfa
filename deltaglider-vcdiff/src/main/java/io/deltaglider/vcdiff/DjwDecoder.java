package io.deltaglider.vcdiff;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Decoder for xdelta3's "DJW" secondary compressor (compressor id 1): semi-static multi-table
 * Huffman coding in the style of bzip2, with the code tables sent in front of the data.
 *
 * <p>Layout of one compressed section (bits as {@link LsbBitReader} reads them, fields MSB first):
 *
 * <ol>
 *   <li>3 bits: number of code tables ("groups") minus one, 1..8.
 *   <li>Only with two or more groups, 5 bits: sector size / 5 minus one. A sector is a run of
 *       output bytes decoded with one table; with a single group the whole section is one sector.
 *   <li>4 bits: how many code-length-code lengths follow, minus 7; then that many 4-bit lengths
 *       (0..15) for the 22-symbol code-length alphabet, the rest being zero. Symbols 0 and 1 are
 *       the bijective base-2 run digits (bzip2's RUNA/RUNB), symbol {@code k >= 2} moves entry
 *       {@code k - 1} of a move-to-front list of code lengths to the front.
 *   <li>The code lengths (0..20) of all groups, 256 per group, coded with that code. The
 *       move-to-front list starts as {@link #LENGTH_MTF_START}. From the second group on, a symbol
 *       whose length was zero in the previous group is zero again and is not coded.
 *   <li>Only with two or more groups: 3-bit lengths (0..7) of a selector code over {@code groups +
 *       1} symbols, then one selector per sector, run/move-to-front coded like the lengths over a
 *       list starting {@code 0, 1, ..., groups}.
 *   <li>The bytes, sector by sector, each with its sector's table.
 *   <li>Zero bits up to the next byte boundary, which ends the section (xdelta3's command-line
 *       tool refuses nonzero padding; so do we).
 * </ol>
 *
 * All codes are canonical: shorter codes first, equal lengths in symbol order. The decoder keeps no
 * state between sections; reusable tables live in fields. Not thread-safe.
 */
final class DjwDecoder implements SecondaryDecoder {
  private static final int ALPHABET = 256;
  private static final int MAX_GROUPS = 8;
  private static final int GROUPS_FIELD = 3;
  private static final int SECTOR_FIELD = 5;
  private static final int SECTOR_UNIT = 5;
  private static final int MAX_LENGTH = 20;
  /** Two run digits plus move-to-front positions 1..20. */
  private static final int LENGTH_ALPHABET = MAX_LENGTH + 2;
  private static final int LENGTH_CODES_MIN = 7;
  private static final int LENGTH_CODES_FIELD = 4;
  private static final int LENGTH_CODE_LEN_FIELD = 4;
  private static final int LENGTH_CODE_MAX = 15;
  private static final int SELECTOR_LEN_FIELD = 3;
  private static final int SELECTOR_CODE_MAX = 7;

  /** Initial move-to-front order of code lengths (xdelta3's guess of the likeliest ones). */
  private static final byte[] LENGTH_MTF_START = {
    0, 4, 5, 6, 7, 8, 9, 10, 3, 11, 2, 12, 13, 1, 14, 15, 16, 17, 18, 19, 20
  };

  private static final VarHandle LE_LONG =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private final LsbBitReader in = new LsbBitReader();
  private final PrefixCode lengthCode = new PrefixCode(LENGTH_ALPHABET, LENGTH_CODE_MAX);
  private final PrefixCode selectorCode = new PrefixCode(MAX_GROUPS + 1, SELECTOR_CODE_MAX);
  private final PrefixCode[] groupCodes = new PrefixCode[MAX_GROUPS];
  private final byte[] lengths = new byte[MAX_GROUPS * ALPHABET];
  private final byte[] smallLengths = new byte[LENGTH_ALPHABET];
  private final byte[] mtf = new byte[LENGTH_ALPHABET];
  private byte[] selectors = new byte[64];

  DjwDecoder() {
    for (int g = 0; g < MAX_GROUPS; g++) {
      groupCodes[g] = new PrefixCode(ALPHABET, MAX_LENGTH);
    }
  }

  @Override
  public byte[] decode(byte[] src, int srcOff, int srcLen, byte[] out, int outLen, long deltaOffset)
      throws VcdiffException {
    if (outLen <= 0 || outLen > out.length) {
      throw new VcdiffException("secondary decoder invalid output size " + outLen, deltaOffset);
    }
    LsbBitReader r = in;
    r.reset(src, srcOff, srcLen, deltaOffset);

    int groups = r.readField(GROUPS_FIELD) + 1;
    int sectorSize = groups > 1 ? (r.readField(SECTOR_FIELD) + 1) * SECTOR_UNIT : outLen;
    int sectors = 1 + (outLen - 1) / sectorSize;

    // The code that codes the code lengths.
    int sent = r.readField(LENGTH_CODES_FIELD) + LENGTH_CODES_MIN;
    for (int i = 0; i < LENGTH_ALPHABET; i++) {
      smallLengths[i] = i < sent ? (byte) r.readField(LENGTH_CODE_LEN_FIELD) : 0;
    }
    lengthCode.build(smallLengths, 0, LENGTH_ALPHABET, r);

    // Code lengths of every group.
    System.arraycopy(LENGTH_MTF_START, 0, mtf, 0, LENGTH_MTF_START.length);
    decodeRunMtf(r, lengthCode, mtf, lengths, groups * ALPHABET, ALPHABET);
    for (int g = 0; g < groups; g++) {
      groupCodes[g].build(lengths, g * ALPHABET, ALPHABET, r);
    }

    // Which group codes each sector.
    if (groups > 1) {
      for (int i = 0; i <= groups; i++) {
        smallLengths[i] = (byte) r.readField(SELECTOR_LEN_FIELD);
        mtf[i] = (byte) i;
      }
      selectorCode.build(smallLengths, 0, groups + 1, r);
      if (selectors.length < sectors) {
        selectors = new byte[Math.max(sectors, selectors.length * 2)];
      }
      decodeRunMtf(r, selectorCode, mtf, selectors, sectors, 0);
    }

    decodeSectors(r, groups, sectorSize, out, outLen);
    if (!r.paddingIsZero()) {
      throw r.error("secondary decoder garbage: nonzero padding bits after the last symbol");
    }

    if (r.bytesLeft() != 0) {
      throw r.error(
          "secondary decoder finished with unused input (" + r.bytesLeft() + " bytes)");
    }
    return out;
  }

  private void decodeSectors(LsbBitReader r, int groups, int sectorSize, byte[] out, int outLen)
      throws VcdiffException {
    byte[] buf = r.buf;
    int end = r.end;
    long bits = r.bits;
    int count = r.count;
    int pos = r.pos;
    int o = 0;
    int sector = 0;
    while (o < outLen) {
      int group = 0;
      if (groups > 1) {
        group = selectors[sector];
        if (group >= groups) {
          r.sync(bits, count, pos);
          throw r.error("secondary decoder invalid group selector " + group);
        }
      }
      sector++;
      PrefixCode code = groupCodes[group];
      int[] fast = code.fast;
      int stop = outLen - o <= sectorSize ? outLen : o + sectorSize;
      while (o < stop) {
        if (count < MAX_LENGTH) {
          if (end - pos >= 8) {
            // Take as many whole bytes as fit below bit 64 from one little-endian load.
            int take = (63 - count) >>> 3;
            int after = count + (take << 3);
            bits |= ((long) LE_LONG.get(buf, pos) << count) & ((1L << after) - 1);
            pos += take;
            count = after;
          } else {
            while (count <= 56 && pos < end) {
              bits |= (buf[pos++] & 0xFFL) << count;
              count += 8;
            }
          }
        }
        int entry = fast[(int) bits & PrefixCode.FAST_MASK];
        int len = entry & PrefixCode.LEN_MASK;
        if (len != 0 && len <= count) {
          bits >>>= len;
          count -= len;
          out[o++] = (byte) (entry >>> PrefixCode.SYMBOL_SHIFT);
        } else {
          r.sync(bits, count, pos);
          out[o++] = (byte) code.decodeSlow(r);
          bits = r.bits;
          count = r.count;
          pos = r.pos;
        }
      }
    }
    r.sync(bits, count, pos);
  }

  /**
   * Decodes {@code n} values coded as move-to-front positions and bijective base-2 runs of the
   * front value. With {@code skipBack > 0}, a value whose counterpart {@code skipBack} places
   * earlier is zero is zero itself and takes no code (a pending run simply continues after it).
   */
  private static void decodeRunMtf(
      LsbBitReader r, PrefixCode code, byte[] mtf, byte[] values, int n, int skipBack)
      throws VcdiffException {
    int i = 0;
    int run = 0;
    int runDigit = 0;
    int pendingMove = 0;
    while (i < n) {
      if (skipBack != 0 && i >= skipBack && values[i - skipBack] == 0) {
        values[i++] = 0;
      } else if (run != 0) {
        values[i++] = mtf[0];
        run--;
      } else if (pendingMove != 0) {
        byte v = mtf[pendingMove];
        System.arraycopy(mtf, 0, mtf, 1, pendingMove);
        mtf[0] = v;
        values[i++] = v;
        pendingMove = 0;
      } else {
        int sym = code.decode(r);
        if (sym <= 1) {
          // Run digits: value (sym + 1) * 2^k for the k-th digit of a run.
          if (runDigit >= 30 || ((sym + 1L) << runDigit) > n - i) {
            throw r.error("secondary decoder invalid repeat code");
          }
          run = (sym + 1) << runDigit;
          runDigit++;
        } else {
          pendingMove = sym - 1;
          runDigit = 0;
        }
      }
    }
    if (run != 0) {
      throw r.error("secondary decoder invalid repeat code");
    }
  }

  /**
   * A canonical prefix code read least-significant-bit first, with a lookup table for codes of up
   * to {@link #FAST_BITS} bits and a canonical bit-by-bit walk for longer ones.
   */
  static final class PrefixCode {
    static final int FAST_BITS = 11;
    static final int FAST_MASK = (1 << FAST_BITS) - 1;
    static final int LEN_MASK = 0x1F;
    static final int SYMBOL_SHIFT = 5;

    /** Entry: {@code symbol << 5 | length}; 0 when the code there is longer or unassigned. */
    final int[] fast = new int[1 << FAST_BITS];

    private final int limit;
    private final int[] perLength;
    private final int[] firstCode;
    private final int[] firstIndex;
    private final int[] fill;
    private final int[] sorted;
    private int maxLength;

    PrefixCode(int alphabet, int limit) {
      this.limit = limit;
      this.perLength = new int[limit + 1];
      this.firstCode = new int[limit + 1];
      this.firstIndex = new int[limit + 1];
      this.fill = new int[limit + 1];
      this.sorted = new int[alphabet];
    }

    /**
     * Builds the code from {@code n} lengths (0 = symbol unused) at {@code lens[off]}.
     *
     * <p>Lengths are not required to satisfy Kraft's inequality, because xdelta3 does not require
     * it: codes are handed out canonically regardless, a code whose value does not fit its length
     * can never be read, and a bit string decodes to the shortest code it starts with. Valid
     * encoder output is always a complete code, for which this is ordinary canonical decoding.
     */
    void build(byte[] lens, int off, int n, LsbBitReader r) throws VcdiffException {
      Arrays.fill(perLength, 0);
      for (int i = 0; i < n; i++) {
        int l = lens[off + i];
        if (l < 0 || l > limit) {
          throw r.error("secondary decoder invalid code length " + l);
        }
        perLength[l]++;
      }
      perLength[0] = 0;
      maxLength = 0;
      int code = 0;
      int index = 0;
      for (int l = 1; l <= limit; l++) {
        if (perLength[l] != 0) {
          maxLength = l;
        }
        firstCode[l] = code;
        firstIndex[l] = index;
        // At most 256 symbols over 20 lengths: stays below 2^30.
        code = (code + perLength[l]) << 1;
        index += perLength[l];
      }
      // Symbols in canonical order: by length, then by value.
      System.arraycopy(firstIndex, 0, fill, 0, limit + 1);
      for (int i = 0; i < n; i++) {
        int l = lens[off + i];
        if (l != 0) {
          sorted[fill[l]++] = i;
        }
      }
      // Lookup table, shorter codes first; an entry already taken keeps its shorter code.
      Arrays.fill(fast, 0);
      int top = Math.min(maxLength, FAST_BITS);
      for (int l = 1; l <= top; l++) {
        int step = 1 << l;
        int reachable = Math.min(perLength[l], step - Math.min(firstCode[l], step));
        for (int k = 0; k < reachable; k++) {
          int reversed = Integer.reverse(firstCode[l] + k) >>> (32 - l);
          if (fast[reversed] != 0) {
            continue;
          }
          int entry = (sorted[firstIndex[l] + k] << SYMBOL_SHIFT) | l;
          for (int j = reversed; j < fast.length; j += step) {
            fast[j] = entry;
          }
        }
      }
    }

    int decode(LsbBitReader r) throws VcdiffException {
      if (r.count < maxLength) {
        r.refill();
      }
      int entry = fast[(int) r.bits & FAST_MASK];
      int len = entry & LEN_MASK;
      if (len != 0 && len <= r.count) {
        r.bits >>>= len;
        r.count -= len;
        return entry >>> SYMBOL_SHIFT;
      }
      return decodeSlow(r);
    }

    /** Canonical decoding one bit at a time: long codes, unassigned codes, end of input. */
    int decodeSlow(LsbBitReader r) throws VcdiffException {
      r.refill();
      long bits = r.bits;
      int avail = r.count;
      int code = 0;
      for (int l = 1; l <= maxLength; l++) {
        if (l > avail) {
          throw r.endOfInput();
        }
        code = (code << 1) | (int) ((bits >>> (l - 1)) & 1);
        int k = code - firstCode[l];
        if (k >= 0 && k < perLength[l]) {
          r.bits = bits >>> l;
          r.count = avail - l;
          return sorted[firstIndex[l] + k];
        }
      }
      throw r.error("secondary decoder invalid code");
    }
  }
}
