package io.deltaglider.archive;

import static io.deltaglider.archive.DeflateTables.MIN_MATCH;

import java.io.IOException;

/** Levels 1-3: take the longest match found, no lazy evaluation (zlib's deflate_fast). */
final class GreedyParser extends DeflateWindow {
  GreedyParser(DeflateParams params, BlockWriter blocks) {
    super(params, blocks, true);
  }

  @Override
  void compress(boolean flush) throws IOException {
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
}
