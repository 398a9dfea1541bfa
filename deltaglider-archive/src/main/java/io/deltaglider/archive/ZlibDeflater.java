package io.deltaglider.archive;

import static io.deltaglider.archive.DeflateTables.MAX_MATCH;
import static io.deltaglider.archive.DeflateTables.MIN_MATCH;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * A raw-deflate encoder whose output equals zlib's {@code deflate()} with {@code Z_NO_FLUSH} for
 * all input then {@code Z_FINISH}: zlib 1.2.12 to 1.3.1, whose deflate code does not differ in
 * anything that decides the output (tested against 1.2.13, the system zlib here).
 *
 * <p>zlib's output is a function of its parameters, its input and how the input reaches it. This
 * class reproduces zlib given all the input in one call, whatever the split across
 * {@link #write} calls: it holds input back until it has as much as zlib would have read.
 *
 * <ul>
 *   <li>Levels 1-9 do not depend on the output buffer's size, nor on the input's split into
 *       pieces of a power-of-two size of 512 bytes or more. Other splits can, rarely, change zlib's
 *       output: where a piece ends in the last 262 bytes of the window, zlib may slide the window
 *       one step early and lose a string at exactly the largest distance (see ZlibOracleTest).
 *   <li>Level 0 depends on the caller's buffers in zlib 1.2.12 and later. What is reproduced is
 *       zlib given all input with {@code Z_NO_FLUSH} and an output buffer large enough for it, then
 *       {@code Z_FINISH}: stored blocks of 65535 bytes, then the rest; if the rest is at least
 *       {@code min(2^(memLevel+8) - 5, 2^windowBits)} bytes it goes out as a block of its own
 *       followed by an empty last block, else as the last block. (Given everything with
 *       {@code Z_FINISH} at once, zlib would instead always make the rest the last block.)
 * </ul>
 *
 * <p>Memory is fixed at construction, as in zlib: the window (two windows' worth), the hash chains,
 * the symbol buffer and an output buffer for one block, all sized from the parameters.
 *
 * <p>Not thread-safe.
 */
final class ZlibDeflater {
  private static final VarHandle SHORT_LE =
      MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle LONG_LE =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  /** zlib wants this much input ahead of the current position before it looks for a match. */
  private static final int MIN_LOOKAHEAD = MAX_MATCH + MIN_MATCH + 1;
  /** Lazy matching drops a 3-byte match farther back than this: its distance costs too much. */
  private static final int TOO_FAR = 4096;
  /** Longest stored block. */
  private static final int MAX_STORED = 65535;

  /** zlib's configuration table: good, lazy, nice, chain per level. */
  private static final int[][] CONFIG = {
    {0, 0, 0, 0},
    {4, 4, 8, 4},
    {4, 5, 16, 8},
    {4, 6, 32, 32},
    {4, 4, 16, 16},
    {8, 16, 32, 32},
    {8, 16, 128, 128},
    {8, 32, 128, 256},
    {32, 128, 258, 1024},
    {32, 258, 258, 4096},
  };

  private enum Parser { STORED, GREEDY, LAZY, RLE, HUFFMAN_ONLY }

  private final DeflateParams params;
  private final Parser parser;
  private final BlockWriter blocks;

  // Window: two window sizes, as zlib, so positions (and the hash chains holding them) fit 16 bits
  // and the window moves down by one window size at a time. A little slack past the end lets the
  // match loops read 8 bytes at a time.
  private final int wSize;
  private final int wMask;
  private final int windowSize;
  private final int maxDist;
  private final byte[] window;

  // Hash chains: head[hash] is the latest position with that hash, prev[pos & wMask] the one
  // before. Position 0 doubles as "none", so the string at window index 0 is never matched.
  private final char[] head;
  private final char[] prev;
  private final int hashShift;
  private final int hashMask;
  private int insH;

  private final int goodMatch;
  private final int maxLazy;
  private final int niceMatch;
  private final int maxChain;
  private final boolean filtered;

  private int strStart;
  private int lookahead;
  /** Window position where the current block began; negative once that has slid out. */
  private int blockStart;
  private int matchLength = MIN_MATCH - 1;
  private int matchStart;
  private boolean matchAvailable;

  /** True while waiting for the window to fill (zlib inside its fill_window, short of input). */
  private boolean filling = true;
  private int readSinceFill;

  private byte[] stored;
  private int storedCount;
  private final int storedMinBlock;

  private boolean finished;

  ZlibDeflater(DeflateParams params) {
    this.params = params;
    int level = params.level();
    int strategy = params.strategy();
    parser = level == 0 ? Parser.STORED
        : strategy == DeflateParams.HUFFMAN_ONLY ? Parser.HUFFMAN_ONLY
        : strategy == DeflateParams.RLE ? Parser.RLE
        : level <= 3 ? Parser.GREEDY
        : Parser.LAZY;
    blocks = new BlockWriter(params.memLevel(), level, strategy);

    wSize = 1 << params.windowBits();
    wMask = wSize - 1;
    windowSize = 2 * wSize;
    maxDist = wSize - MIN_LOOKAHEAD;
    int hashBits = params.memLevel() + 7;
    hashMask = (1 << hashBits) - 1;
    // After three updates the oldest byte has been shifted out of the hash.
    hashShift = (hashBits + MIN_MATCH - 1) / MIN_MATCH;
    int[] c = CONFIG[level];
    goodMatch = c[0];
    maxLazy = c[1];
    niceMatch = c[2];
    maxChain = c[3];
    filtered = strategy == DeflateParams.FILTERED;

    // zlib's first block of 0-level output is at least this long unless the input ends first.
    storedMinBlock = Math.min((1 << (params.memLevel() + 8)) - 5, wSize);

    if (parser == Parser.STORED) {
      window = null;
      head = null;
      prev = null;
    } else {
      window = new byte[windowSize + MAX_MATCH + 16];
      boolean chains = parser == Parser.GREEDY || parser == Parser.LAZY;
      head = chains ? new char[hashMask + 1] : null;
      prev = chains ? new char[wSize] : null;
    }
  }

  DeflateParams params() {
    return params;
  }

  /** Compressed bytes written to the output streams so far. */
  long totalOut() {
    return blocks.totalOut();
  }

  /** Compresses {@code b[off, off + len)}; the compressed bytes that are ready go to {@code out}. */
  void write(byte[] b, int off, int len, OutputStream out) throws IOException {
    if (finished) {
      throw new IllegalStateException("finished");
    }
    java.util.Objects.checkFromIndexSize(off, len, b.length);
    blocks.sink(out);
    if (parser == Parser.STORED) {
      writeStored(b, off, len);
    } else {
      while (len > 0) {
        int room = windowSize - strStart - lookahead;
        if (room <= 0) {
          throw new IllegalStateException("window full while waiting for input");
        }
        int n = Math.min(room, len);
        System.arraycopy(b, off, window, strStart + lookahead, n);
        lookahead += n;
        readSinceFill += n;
        off += n;
        len -= n;
        compress(false);
      }
    }
    blocks.drain();
  }

  /** Compresses what is left and ends the stream with the last block. */
  void finish(OutputStream out) throws IOException {
    if (finished) {
      throw new IllegalStateException("finished");
    }
    finished = true;
    blocks.sink(out);
    if (parser == Parser.STORED) {
      finishStored();
    } else {
      compress(true);
    }
    blocks.alignToByte();
    blocks.drain();
  }

  /** The raw deflate stream of {@code input}. */
  static byte[] deflate(byte[] input, DeflateParams params) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(input.length / 2 + 64);
    ZlibDeflater d = new ZlibDeflater(params);
    try {
      d.write(input, 0, input.length, out);
      d.finish(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a ByteArrayOutputStream does not throw
    }
    return out.toByteArray();
  }

  // ---- level 0 --------------------------------------------------------------------------------

  private void writeStored(byte[] b, int off, int len) throws IOException {
    if (stored == null) {
      stored = new byte[MAX_STORED];
    }
    while (len > 0) {
      int n = Math.min(MAX_STORED - storedCount, len);
      System.arraycopy(b, off, stored, storedCount, n);
      storedCount += n;
      off += n;
      len -= n;
      // zlib copies whole 65535-byte blocks straight out while that much input is left.
      if (storedCount == MAX_STORED) {
        blocks.storedBlock(stored, 0, MAX_STORED, false);
        storedCount = 0;
      }
    }
  }

  private void finishStored() throws IOException {
    byte[] data = stored == null ? new byte[0] : stored;
    if (storedCount >= storedMinBlock) {
      // Still a worthy block under Z_NO_FLUSH; Z_FINISH then adds an empty last one.
      blocks.storedBlock(data, 0, storedCount, false);
      blocks.storedBlock(data, 0, 0, true);
    } else {
      blocks.storedBlock(data, 0, storedCount, true);
    }
    storedCount = 0;
  }

  // ---- window ---------------------------------------------------------------------------------

  private void compress(boolean flush) throws IOException {
    switch (parser) {
      case GREEDY:
        greedy(flush);
        break;
      case LAZY:
        lazy(flush);
        break;
      case RLE:
        rle(flush);
        break;
      case HUFFMAN_ONLY:
        huffmanOnly(flush);
        break;
      default:
        throw new AssertionError(parser);
    }
  }

  /**
   * zlib's fill_window as it runs with all input at hand: move the window down when the position
   * is in its last MIN_LOOKAHEAD bytes, then read until the window is full or the input ends.
   * Returns false to wait for {@link #write} to bring the rest.
   */
  private boolean fill(boolean flush) {
    if (!filling) {
      filling = true;
      if (strStart >= wSize + maxDist) {
        slide();
      }
    }
    if (!flush && strStart + lookahead < windowSize) {
      return false;
    }
    filling = false;
    if (readSinceFill > 0) {
      readSinceFill = 0;
      // zlib restarts the rolling hash after each read; the same value, unless the last match
      // left it stale.
      if (lookahead >= MIN_MATCH) {
        insH = (((window[strStart] & 0xff) << hashShift) ^ (window[strStart + 1] & 0xff)) & hashMask;
      }
    }
    return true;
  }

  private void slide() {
    int keep = strStart + lookahead - wSize;
    System.arraycopy(window, wSize, window, 0, keep);
    matchStart -= wSize;
    strStart -= wSize;
    blockStart -= wSize;
    if (head != null) {
      slideChain(head);
      slideChain(prev);
    }
  }

  /** Positions move down a window; those that fall off the bottom (or onto 0) become "none". */
  private void slideChain(char[] chain) {
    int w = wSize;
    for (int i = 0; i < chain.length; i++) {
      int m = chain[i];
      chain[i] = (char) (m >= w ? m - w : 0);
    }
  }

  private void flushBlock(boolean last) throws IOException {
    blocks.flushBlock(window, blockStart >= 0 ? blockStart : -1, strStart - blockStart, last);
    blockStart = strStart;
  }

  // ---- parsers --------------------------------------------------------------------------------

  /** Levels 1-3: take the longest match found, no lazy evaluation (zlib's deflate_fast). */
  private void greedy(boolean flush) throws IOException {
    // The hot state lives in locals; fields are brought up to date around every call that reads
    // or moves them (fill, flushBlock).
    final byte[] w = window;
    final char[] hd = head;
    final char[] pv = prev;
    final int shift = hashShift;
    final int hmask = hashMask;
    final int wm = wMask;
    final BlockWriter out = blocks;
    int s = strStart;
    int look = lookahead;
    int h = insH;
    int mLen = matchLength;
    for (;;) {
      if (filling || look < MIN_LOOKAHEAD) {
        strStart = s;
        lookahead = look;
        insH = h;
        boolean go = fill(flush);
        s = strStart;
        look = lookahead;
        h = insH;
        if (!go) {
          matchLength = mLen;
          return;
        }
        if (look == 0) {
          break;
        }
      }
      int hashHead = 0;
      if (look >= MIN_MATCH) {
        h = ((h << shift) ^ (w[s + 2] & 0xff)) & hmask;
        hashHead = hd[h];
        pv[s & wm] = (char) hashHead;
        hd[h] = (char) s;
      }
      // zlib keeps the last length when there is no candidate: it is below MIN_MATCH then.
      if (hashHead != 0 && s - hashHead <= maxDist) {
        mLen = longestMatch(hashHead, s, look, MIN_MATCH - 1);
      }
      boolean full;
      if (mLen >= MIN_MATCH) {
        full = out.match(s - matchStart, mLen);
        look -= mLen;
        // Short matches get all their strings hashed; longer ones only skip ahead (faster).
        if (mLen <= maxLazy && look >= MIN_MATCH) {
          int n = mLen - 1;
          do {
            s++;
            h = ((h << shift) ^ (w[s + 2] & 0xff)) & hmask;
            pv[s & wm] = hd[h];
            hd[h] = (char) s;
          } while (--n != 0);
          s++;
        } else {
          s += mLen;
          h = (((w[s] & 0xff) << shift) ^ (w[s + 1] & 0xff)) & hmask;
        }
        mLen = 0;
      } else {
        full = out.literal(w[s] & 0xff);
        look--;
        s++;
      }
      if (full) {
        strStart = s;
        flushBlock(false);
      }
    }
    strStart = s;
    lookahead = look;
    insH = h;
    matchLength = mLen;
    flushBlock(true);
  }

  /**
   * Levels 4-9: a match is only taken if the next position has no longer one; otherwise its first
   * byte goes out as a literal (zlib's deflate_slow).
   */
  private void lazy(boolean flush) throws IOException {
    final byte[] w = window;
    final char[] hd = head;
    final char[] pv = prev;
    final int shift = hashShift;
    final int hmask = hashMask;
    final int wm = wMask;
    final int lazyLimit = maxLazy;
    final BlockWriter out = blocks;
    int s = strStart;
    int look = lookahead;
    int h = insH;
    int mLen = matchLength;
    boolean pending = matchAvailable;
    for (;;) {
      if (filling || look < MIN_LOOKAHEAD) {
        strStart = s;
        lookahead = look;
        insH = h;
        boolean go = fill(flush);
        s = strStart;
        look = lookahead;
        h = insH;
        if (!go) {
          matchLength = mLen;
          matchAvailable = pending;
          return;
        }
        if (look == 0) {
          break;
        }
      }
      int hashHead = 0;
      if (look >= MIN_MATCH) {
        h = ((h << shift) ^ (w[s + 2] & 0xff)) & hmask;
        hashHead = hd[h];
        pv[s & wm] = (char) hashHead;
        hd[h] = (char) s;
      }
      int pLen = mLen;
      int pMatch = matchStart;
      mLen = MIN_MATCH - 1;
      if (hashHead != 0 && pLen < lazyLimit && s - hashHead <= maxDist) {
        mLen = longestMatch(hashHead, s, look, pLen);
        if (mLen <= 5 && (filtered || (mLen == MIN_MATCH && s - matchStart > TOO_FAR))) {
          mLen = MIN_MATCH - 1;
        }
      }
      if (pLen >= MIN_MATCH && mLen <= pLen) {
        // The match at the previous position wins; hash the strings it covers, except the last
        // two when they reach past the input.
        int maxInsert = s + look - MIN_MATCH;
        boolean full = out.match(s - 1 - pMatch, pLen);
        look -= pLen - 1;
        int n = pLen - 2;
        do {
          if (++s <= maxInsert) {
            h = ((h << shift) ^ (w[s + 2] & 0xff)) & hmask;
            pv[s & wm] = hd[h];
            hd[h] = (char) s;
          }
        } while (--n != 0);
        pending = false;
        mLen = MIN_MATCH - 1;
        s++;
        if (full) {
          strStart = s;
          flushBlock(false);
        }
      } else if (pending) {
        // No better than a literal at the previous position; the block ends before this one.
        if (out.literal(w[s - 1] & 0xff)) {
          strStart = s;
          flushBlock(false);
        }
        s++;
        look--;
      } else {
        pending = true;
        s++;
        look--;
      }
    }
    strStart = s;
    lookahead = look;
    insH = h;
    matchLength = mLen;
    if (pending) {
      out.literal(w[s - 1] & 0xff);
    }
    matchAvailable = false;
    flushBlock(true);
  }

  /** Strategy RLE: matches only at distance 1, no hashing (zlib's deflate_rle). */
  private void rle(boolean flush) throws IOException {
    for (;;) {
      if (filling || lookahead <= MAX_MATCH) {
        if (!fill(flush)) {
          return;
        }
        if (lookahead == 0) {
          break;
        }
      }
      int run = 0;
      if (lookahead >= MIN_MATCH && strStart > 0) {
        byte[] w = window;
        byte b = w[strStart - 1];
        int s = strStart;
        if (w[s] == b && w[s + 1] == b && w[s + 2] == b) {
          int limit = Math.min(MAX_MATCH, lookahead);
          run = 3;
          while (run < limit && w[s + run] == b) {
            run++;
          }
        }
      }
      boolean full;
      if (run >= MIN_MATCH) {
        full = blocks.match(1, run);
        lookahead -= run;
        strStart += run;
      } else {
        full = blocks.literal(window[strStart] & 0xff);
        lookahead--;
        strStart++;
      }
      if (full) {
        flushBlock(false);
      }
    }
    flushBlock(true);
  }

  /** Strategy HUFFMAN_ONLY: literals only (zlib's deflate_huff). */
  private void huffmanOnly(boolean flush) throws IOException {
    for (;;) {
      if (filling || lookahead == 0) {
        if (!fill(flush)) {
          return;
        }
        if (lookahead == 0) {
          break;
        }
      }
      boolean full = blocks.literal(window[strStart] & 0xff);
      lookahead--;
      strStart++;
      if (full) {
        flushBlock(false);
      }
    }
    flushBlock(true);
  }

  // ---- matching -------------------------------------------------------------------------------

  /**
   * Follows the hash chain from {@code candidate} for a match longer than {@code prevLength}, as
   * zlib's longest_match does: at most {@code maxChain} candidates (a quarter once the previous
   * match is already good), none at {@code maxDist} or farther after the first, stopping at the
   * first of {@code niceMatch} bytes or more; the first of the longest wins. Sets
   * {@link #matchStart} when it finds one; returns the best length, at most the lookahead.
   *
   * <p>Lengths are measured only up to the lookahead: zlib compares past it (on stale bytes), but
   * what it then does with a longer length is the same as with a length equal to the lookahead.
   */
  private int longestMatch(int candidate, int scan, int lookahead, int prevLength) {
    byte[] w = window;
    int best = prevLength;
    int maxLen = Math.min(MAX_MATCH, lookahead);
    if (best >= maxLen) {
      return maxLen; // nothing can beat it within the input
    }
    int chain = maxChain;
    if (prevLength >= goodMatch) {
      chain >>= 2;
    }
    int nice = Math.min(niceMatch, lookahead);
    int limit = scan > maxDist ? scan - maxDist : 0;
    char[] links = prev;
    int mask = wMask;
    short scanStart = (short) SHORT_LE.get(w, scan);
    short scanEnd = (short) SHORT_LE.get(w, scan + best - 1);
    int cur = candidate;
    do {
      // Cheap rejections first: the two bytes that would make it longer, then the first two.
      if ((short) SHORT_LE.get(w, cur + best - 1) == scanEnd && (short) SHORT_LE.get(w, cur) == scanStart) {
        int len = 2 + commonPrefix(w, scan + 2, cur + 2, maxLen - 2);
        if (len > best) {
          matchStart = cur;
          best = len;
          if (len >= nice) {
            break;
          }
          scanEnd = (short) SHORT_LE.get(w, scan + best - 1);
        }
      }
      cur = links[cur & mask];
    } while (cur > limit && --chain != 0);
    return best;
  }

  /** Length of the common prefix of {@code w[a..]} and {@code w[b..]}, at most {@code max}. */
  private static int commonPrefix(byte[] w, int a, int b, int max) {
    int i = 0;
    while (i < max) {
      long x = (long) LONG_LE.get(w, a + i) ^ (long) LONG_LE.get(w, b + i);
      if (x != 0) {
        i += Long.numberOfTrailingZeros(x) >>> 3;
        return Math.min(i, max);
      }
      i += 8;
    }
    return max;
  }
}
