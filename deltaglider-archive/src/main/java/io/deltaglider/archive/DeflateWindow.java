package io.deltaglider.archive;

import static io.deltaglider.archive.DeflateTables.MAX_MATCH;
import static io.deltaglider.archive.DeflateTables.MIN_MATCH;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * What {@link ZlibDeflater}'s parsers for levels 1-9 share: zlib's sliding window and how it reads
 * input, the hash chains, the longest-match search and the block boundary. A subclass per parser
 * zlib picks from the level and strategy ({@link #forParams}) is zlib's deflate_* loop for it.
 */
abstract class DeflateWindow {
  private static final VarHandle SHORT_LE =
      MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle LONG_LE =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  /** zlib wants this much input ahead of the current position before it looks for a match. */
  static final int MIN_LOOKAHEAD = MAX_MATCH + MIN_MATCH + 1;

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

  final BlockWriter blocks;

  // Window: two window sizes, as zlib, so positions (and the hash chains holding them) fit 16 bits
  // and the window moves down by one window size at a time. A little slack past the end lets the
  // match loops read 8 bytes at a time.
  final int wSize;
  final int wMask;
  final int windowSize;
  final int maxDist;
  final byte[] window;

  // Hash chains, for the greedy and lazy parsers: head[hash] is the latest position with that
  // hash, prev[pos & wMask] the one before. Position 0 doubles as "none", so the string at window
  // index 0 is never matched.
  final char[] head;
  final char[] prev;
  final int hashShift;
  final int hashMask;
  int insH;

  final int goodMatch;
  final int maxLazy;
  final int niceMatch;
  final int maxChain;

  int strStart;
  int lookahead;
  /** Window position where the current block began; negative once that has slid out. */
  int blockStart;
  int matchLength = MIN_MATCH - 1;
  int matchStart;

  /** True while waiting for the window to fill (zlib inside its fill_window, short of input). */
  boolean filling = true;
  private int readSinceFill;

  DeflateWindow(DeflateParams params, BlockWriter blocks, boolean chains) {
    this.blocks = blocks;
    wSize = 1 << params.windowBits();
    wMask = wSize - 1;
    windowSize = 2 * wSize;
    maxDist = wSize - MIN_LOOKAHEAD;
    int hashBits = params.memLevel() + 7;
    hashMask = (1 << hashBits) - 1;
    // After three updates the oldest byte has been shifted out of the hash.
    hashShift = (hashBits + MIN_MATCH - 1) / MIN_MATCH;
    int[] c = CONFIG[params.level()];
    goodMatch = c[0];
    maxLazy = c[1];
    niceMatch = c[2];
    maxChain = c[3];
    window = new byte[windowSize + MAX_MATCH + 16];
    head = chains ? new char[hashMask + 1] : null;
    prev = chains ? new char[wSize] : null;
  }

  /** The parser zlib runs for {@code params} (levels 1-9), writing its blocks to {@code blocks}. */
  static DeflateWindow forParams(DeflateParams params, BlockWriter blocks) {
    if (params.level() == 0) {
      throw new IllegalArgumentException("level 0 has no window: " + params);
    }
    if (params.strategy() == DeflateParams.HUFFMAN_ONLY) {
      return new HuffmanOnlyParser(params, blocks);
    }
    if (params.strategy() == DeflateParams.RLE) {
      return new RleParser(params, blocks);
    }
    return params.level() <= 3 ? new GreedyParser(params, blocks) : new LazyParser(params, blocks);
  }

  /** Reads {@code b[off, off + len)} into the window, compressing as zlib would meanwhile. */
  final void write(byte[] b, int off, int len) throws IOException {
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

  /**
   * Compresses what the window holds, up to where zlib would wait for more input; with
   * {@code flush} (the input has ended), all of it, ending with the last block.
   */
  abstract void compress(boolean flush) throws IOException;

  /**
   * zlib's fill_window as it runs with all input at hand: move the window down when the position
   * is in its last MIN_LOOKAHEAD bytes, then read until the window is full or the input ends.
   * Returns false to wait for {@link #write} to bring the rest.
   */
  final boolean fill(boolean flush) {
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

  final void flushBlock(boolean last) throws IOException {
    blocks.flushBlock(window, blockStart >= 0 ? blockStart : -1, strStart - blockStart, last);
    blockStart = strStart;
  }

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
  final int longestMatch(int candidate, int scan, int lookahead, int prevLength) {
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
