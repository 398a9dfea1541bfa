package io.deltaglider.archive;

import static io.deltaglider.archive.DeflateTables.MAX_MATCH;
import static io.deltaglider.archive.DeflateTables.MIN_MATCH;

import java.io.IOException;

/** Strategy RLE: matches only at distance 1, no hashing (zlib's deflate_rle). */
final class RleParser extends DeflateWindow {
  RleParser(DeflateParams params, BlockWriter blocks) {
    super(params, blocks, false);
  }

  @Override
  void compress(boolean flush) throws IOException {
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
}
