package io.deltaglider.archive;

import java.io.IOException;

/** Strategy HUFFMAN_ONLY: literals only (zlib's deflate_huff). */
final class HuffmanOnlyParser extends DeflateWindow {
  HuffmanOnlyParser(DeflateParams params, BlockWriter blocks) {
    super(params, blocks, false);
  }

  @Override
  void compress(boolean flush) throws IOException {
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
}
