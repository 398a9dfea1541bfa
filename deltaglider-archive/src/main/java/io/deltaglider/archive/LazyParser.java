package io.deltaglider.archive;

import static io.deltaglider.archive.DeflateTables.MIN_MATCH;

import java.io.IOException;

/**
 * Levels 4-9: a match is only taken if the next position has no longer one; otherwise its first
 * byte goes out as a literal (zlib's deflate_slow).
 */
final class LazyParser extends DeflateWindow {
  /** Lazy matching drops a 3-byte match farther back than this: its distance costs too much. */
  private static final int TOO_FAR = 4096;

  private final boolean filtered;
  private boolean matchAvailable;

  LazyParser(DeflateParams params, BlockWriter blocks) {
    super(params, blocks, true);
    filtered = params.strategy() == DeflateParams.FILTERED;
  }

  @Override
  void compress(boolean flush) throws IOException {
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
}
