package io.deltaglider.archive;

import static io.deltaglider.archive.DeflateTables.CODE_LENGTH_CODES;
import static io.deltaglider.archive.DeflateTables.CODE_LENGTH_EXTRA_BITS;
import static io.deltaglider.archive.DeflateTables.CODE_LENGTH_ORDER;
import static io.deltaglider.archive.DeflateTables.DIST_BASE;
import static io.deltaglider.archive.DeflateTables.DIST_CODES;
import static io.deltaglider.archive.DeflateTables.DIST_EXTRA_BITS;
import static io.deltaglider.archive.DeflateTables.END_OF_BLOCK;
import static io.deltaglider.archive.DeflateTables.FIXED_DIST_CODES;
import static io.deltaglider.archive.DeflateTables.FIXED_DIST_LENGTHS;
import static io.deltaglider.archive.DeflateTables.FIXED_LIT_CODES;
import static io.deltaglider.archive.DeflateTables.FIXED_LIT_LENGTHS;
import static io.deltaglider.archive.DeflateTables.LENGTH_BASE;
import static io.deltaglider.archive.DeflateTables.LENGTH_CODE;
import static io.deltaglider.archive.DeflateTables.LENGTH_EXTRA_BITS;
import static io.deltaglider.archive.DeflateTables.LITERALS;
import static io.deltaglider.archive.DeflateTables.LIT_LEN_CODES;
import static io.deltaglider.archive.DeflateTables.MAX_CODE_BITS;
import static io.deltaglider.archive.DeflateTables.MAX_CODE_LENGTH_BITS;
import static io.deltaglider.archive.DeflateTables.REPEAT_PREVIOUS;
import static io.deltaglider.archive.DeflateTables.REPEAT_ZERO_LONG;
import static io.deltaglider.archive.DeflateTables.REPEAT_ZERO_SHORT;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Collects the literals and matches of one block and writes the block the way zlib does: the
 * same symbol budget per block, the same choice of stored, fixed or dynamic codes from the same
 * bit counts, the same trees and the same tree encoding.
 *
 * <p>The symbol buffer holds {@code 2^(memLevel+6) - 1} symbols, like zlib's, which ends a block
 * when it is full; the caller asks {@link #full()} after each symbol. Output goes to a byte buffer
 * that holds any one block (a block is written only if it is no larger than its fixed-code form,
 * at most 31 bits a symbol) and is handed to the current {@link OutputStream} after every block.
 */
final class BlockWriter {
  private static final VarHandle INT_LE =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

  private final boolean fixedOnly;
  private final boolean storedOnly;

  /** One int per symbol: literal byte, or distance {@code << 8 |} (length - 3); distance 0 = literal. */
  private final int[] symbols;
  private final int symbolLimit;
  private int symbolCount;

  private final int[] litFreq = new int[LIT_LEN_CODES];
  private final int[] distFreq = new int[DIST_CODES];
  private final int[] clFreq = new int[CODE_LENGTH_CODES];
  private final int[] litLengths = new int[LIT_LEN_CODES];
  private final int[] litCodes = new int[LIT_LEN_CODES];
  private final int[] distLengths = new int[DIST_CODES];
  private final int[] distCodes = new int[DIST_CODES];
  private final int[] clLengths = new int[CODE_LENGTH_CODES];
  private final int[] clCodes = new int[CODE_LENGTH_CODES];
  /** The code-length symbols of the two trees (symbol | extra value {@code << 8}). */
  private final int[] clSymbols = new int[LIT_LEN_CODES + DIST_CODES + 2];
  private int clSymbolCount;
  private final HuffmanBuilder huffman = new HuffmanBuilder();

  private final byte[] buf;
  private int pos;
  private long bitBuf;
  private int bitCount;
  private OutputStream sink;
  private long totalOut;

  BlockWriter(int memLevel, int level, int strategy) {
    int litBufSize = 1 << (memLevel + 6);
    fixedOnly = strategy == DeflateParams.FIXED;
    storedOnly = level == 0;
    symbols = new int[storedOnly ? 0 : litBufSize];
    // zlib stops one short of its buffer size (stored blocks are limited to 64K-1 bytes).
    symbolLimit = litBufSize - 1;
    // Level 0 only ever buffers a stored block's header; its data goes straight to the sink.
    buf = new byte[storedOnly ? 64 : Math.max(4 * litBufSize, 1 << 10) + 64];
    litFreq[END_OF_BLOCK] = 1;
  }

  void sink(OutputStream out) {
    sink = out;
  }

  long totalOut() {
    return totalOut + pos;
  }

  // ---- symbols --------------------------------------------------------------------------------

  /** Records a literal; true when the block is full. */
  boolean literal(int b) {
    symbols[symbolCount++] = b;
    litFreq[b]++;
    return symbolCount == symbolLimit;
  }

  /** Records a match of {@code length} (3-258) at {@code distance} (1-32768); true when full. */
  boolean match(int distance, int length) {
    int lc = length - 3;
    symbols[symbolCount++] = distance << 8 | lc;
    litFreq[LITERALS + 1 + LENGTH_CODE[lc]]++;
    distFreq[DeflateTables.distCode(distance - 1)]++;
    return symbolCount == symbolLimit;
  }

  // ---- blocks ---------------------------------------------------------------------------------

  /**
   * Ends the block of the symbols recorded since the last one. {@code data[start, start + length)}
   * are the bytes those symbols stand for, or {@code start < 0} when they have left the window (then
   * a stored block is not an option, as in zlib).
   */
  void flushBlock(byte[] data, int start, int length, boolean last) throws IOException {
    if (storedOnly) {
      throw new IllegalStateException("level 0 writes stored blocks only");
    }
    huffman.dynamicBits = 0;
    huffman.fixedBits = 0;
    int litMax = huffman.build(litFreq, LIT_LEN_CODES, MAX_CODE_BITS, FIXED_LIT_LENGTHS, LENGTH_EXTRA_BITS,
        LITERALS + 1, litLengths, litCodes);
    int distMax = huffman.build(distFreq, DIST_CODES, MAX_CODE_BITS, FIXED_DIST_LENGTHS, DIST_EXTRA_BITS, 0,
        distLengths, distCodes);
    int clLast = buildCodeLengthCode(litMax, distMax);
    // zlib compares whole bytes, counting the 3-bit block header (and 4 length bytes for stored);
    // ties go to stored, then to fixed codes.
    long dynamicBytes = (huffman.dynamicBits + 3 + 7) >>> 3;
    long fixedBytes = (huffman.fixedBits + 3 + 7) >>> 3;
    long chosenBytes = fixedBytes <= dynamicBytes || fixedOnly ? fixedBytes : dynamicBytes;
    long storedBytes = (long) length + 4;

    if (storedBytes <= chosenBytes && start >= 0) {
      storedBlock(data, start, length, last);
    } else if (chosenBytes == fixedBytes) {
      putBits(2 + (last ? 1 : 0), 3);
      writeSymbols(FIXED_LIT_CODES, FIXED_LIT_LENGTHS, FIXED_DIST_CODES, FIXED_DIST_LENGTHS);
    } else {
      putBits(4 + (last ? 1 : 0), 3);
      writeTrees(litMax + 1, distMax + 1, clLast + 1);
      writeSymbols(litCodes, litLengths, distCodes, distLengths);
    }
    resetBlock();
    if (last) {
      alignToByte();
    }
    drain();
  }

  /** A stored block of {@code data[start, start + length)} (at most 65535 bytes). */
  void storedBlock(byte[] data, int start, int length, boolean last) throws IOException {
    putBits(last ? 1 : 0, 3);
    alignToByte();
    flushBits();
    buf[pos++] = (byte) length;
    buf[pos++] = (byte) (length >>> 8);
    buf[pos++] = (byte) ~length;
    buf[pos++] = (byte) (~length >>> 8);
    drain();
    if (length > 0) {
      sink.write(data, start, length);
      totalOut += length;
    }
  }

  private void resetBlock() {
    java.util.Arrays.fill(litFreq, 0);
    java.util.Arrays.fill(distFreq, 0);
    litFreq[END_OF_BLOCK] = 1;
    symbolCount = 0;
  }

  /**
   * Run-length codes the two trees' code lengths (zlib encodes each tree on its own, never running
   * across from one to the other), builds the code-length code, adds the header's cost to the
   * dynamic count and returns the index in {@code CODE_LENGTH_ORDER} of the last length to send.
   */
  private int buildCodeLengthCode(int litMax, int distMax) {
    java.util.Arrays.fill(clFreq, 0);
    clSymbolCount = 0;
    runLengths(litLengths, litMax);
    runLengths(distLengths, distMax);
    huffman.build(clFreq, CODE_LENGTH_CODES, MAX_CODE_LENGTH_BITS, null, CODE_LENGTH_EXTRA_BITS, 0,
        clLengths, clCodes);
    int last = CODE_LENGTH_CODES - 1;
    while (last >= 3 && clLengths[CODE_LENGTH_ORDER[last]] == 0) {
      last--; // at least four are always sent
    }
    huffman.dynamicBits += 3L * (last + 1) + 5 + 5 + 4;
    return last;
  }

  /**
   * zlib's run-length coding of {@code lengths[0..max]}: a run is cut at 138 zeros, or at 6 repeats
   * of a nonzero length after its first occurrence (7 counting it); runs shorter than the minimum
   * (3 zeros; 3 repeats, or 4 when the length also has to be sent first) go out one by one.
   */
  private void runLengths(int[] lengths, int max) {
    int prev = -1;
    int next = lengths[0];
    int count = 0;
    int maxRun = next == 0 ? 138 : 7;
    int minRun = next == 0 ? 3 : 4;
    for (int n = 0; n <= max; n++) {
      int cur = next;
      next = n + 1 <= max ? lengths[n + 1] : -1;
      if (++count < maxRun && cur == next) {
        continue;
      }
      if (count < minRun) {
        for (int i = 0; i < count; i++) {
          addCl(cur, 0);
        }
      } else if (cur != 0) {
        if (cur != prev) {
          addCl(cur, 0);
          count--;
        }
        addCl(REPEAT_PREVIOUS, count - 3);
      } else if (count <= 10) {
        addCl(REPEAT_ZERO_SHORT, count - 3);
      } else {
        addCl(REPEAT_ZERO_LONG, count - 11);
      }
      count = 0;
      prev = cur;
      if (next == 0) {
        maxRun = 138;
        minRun = 3;
      } else if (cur == next) {
        maxRun = 6;
        minRun = 3;
      } else {
        maxRun = 7;
        minRun = 4;
      }
    }
  }

  private void addCl(int symbol, int extra) {
    clSymbols[clSymbolCount++] = symbol | extra << 8;
    clFreq[symbol]++;
  }

  private void writeTrees(int litCount, int distCount, int clCount) {
    putBits(litCount - 257, 5);
    putBits(distCount - 1, 5);
    putBits(clCount - 4, 4);
    for (int i = 0; i < clCount; i++) {
      putBits(clLengths[CODE_LENGTH_ORDER[i]], 3);
    }
    for (int i = 0; i < clSymbolCount; i++) {
      int s = clSymbols[i];
      int sym = s & 0xff;
      putBits(clCodes[sym], clLengths[sym]);
      if (sym >= REPEAT_PREVIOUS) {
        putBits(s >>> 8, CODE_LENGTH_EXTRA_BITS[sym]);
      }
    }
  }

  private void writeSymbols(int[] lcodes, int[] llens, int[] dcodes, int[] dlens) {
    int[] syms = symbols;
    int n = symbolCount;
    long bb = bitBuf;
    int bc = bitCount;
    byte[] out = buf;
    int p = pos;
    for (int i = 0; i < n; i++) {
      int s = syms[i];
      int dist = s >>> 8;
      if (dist == 0) {
        bb |= (long) lcodes[s] << bc;
        bc += llens[s];
      } else {
        int lc = s & 0xff;
        int code = LENGTH_CODE[lc];
        int sym = LITERALS + 1 + code;
        bb |= (long) lcodes[sym] << bc;
        bc += llens[sym];
        bb |= (long) (lc - LENGTH_BASE[code]) << bc;
        bc += LENGTH_EXTRA_BITS[code];
        if (bc >= 32) { // at most 31 + 15 + 5 bits so far; the distance adds up to 28
          INT_LE.set(out, p, (int) bb);
          p += 4;
          bb >>>= 32;
          bc -= 32;
        }
        int d = dist - 1;
        int dcode = DeflateTables.distCode(d);
        bb |= (long) dcodes[dcode] << bc;
        bc += dlens[dcode];
        bb |= (long) (d - DIST_BASE[dcode]) << bc;
        bc += DIST_EXTRA_BITS[dcode];
      }
      if (bc >= 32) {
        INT_LE.set(out, p, (int) bb);
        p += 4;
        bb >>>= 32;
        bc -= 32;
      }
    }
    bitBuf = bb;
    bitCount = bc;
    pos = p;
    putBits(lcodes[END_OF_BLOCK], llens[END_OF_BLOCK]);
  }

  // ---- bits -----------------------------------------------------------------------------------

  private void putBits(int value, int n) {
    bitBuf |= (long) value << bitCount;
    bitCount += n;
    if (bitCount >= 32) {
      INT_LE.set(buf, pos, (int) bitBuf);
      pos += 4;
      bitBuf >>>= 32;
      bitCount -= 32;
    }
  }

  /** Moves whole bytes from the bit buffer to the byte buffer. */
  private void flushBits() {
    while (bitCount >= 8) {
      buf[pos++] = (byte) bitBuf;
      bitBuf >>>= 8;
      bitCount -= 8;
    }
  }

  /** Pads the bit stream with zero bits to a byte boundary. */
  void alignToByte() {
    flushBits();
    if (bitCount > 0) {
      buf[pos++] = (byte) bitBuf;
      bitBuf = 0;
      bitCount = 0;
    }
  }

  /** Hands the whole bytes written so far to the sink; up to 7 bits stay behind. */
  void drain() throws IOException {
    flushBits();
    if (pos > 0) {
      sink.write(buf, 0, pos);
      totalOut += pos;
      pos = 0;
    }
  }
}
