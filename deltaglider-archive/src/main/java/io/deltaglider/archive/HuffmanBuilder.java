package io.deltaglider.archive;

import static io.deltaglider.archive.DeflateTables.LIT_LEN_CODES;
import static io.deltaglider.archive.DeflateTables.MAX_CODE_BITS;

/**
 * Length-limited Huffman codes built the way zlib builds them, so that equal frequencies give
 * equal code lengths: the lengths are part of the output, and any other optimal code (there are
 * usually many) would be a different, equally valid, stream.
 *
 * <p>What fixes zlib's choice among optimal codes, and is reproduced here:
 *
 * <ul>
 *   <li>a binary min-heap over the used symbols in increasing symbol order, heapified bottom-up;
 *       ties on frequency go to the subtree of smaller or equal depth, and a tie on both is
 *       decided by heap position (the comparison is "less or equal"), so the exact sift-down
 *       sequence matters;
 *   <li>each merge removes the smallest node, then replaces the new smallest in place by the
 *       parent (numbered upwards from the alphabet size) and sifts it down;
 *   <li>fewer than two used symbols are padded with frequency-1 symbols (the lowest unused of 0 and
 *       1 above the largest used symbol, else 0), so every code has at least one bit;
 *   <li>lengths over the limit are repaired by moving leaves between length counts, then handing
 *       the counts back out to the leaves in order of merging (least frequent first, longest
 *       lengths first).
 * </ul>
 *
 * <p>It also keeps zlib's running cost of the block in bits ({@link #dynamicBits} and
 * {@link #fixedBits}), because the block type zlib picks is decided by those exact sums.
 */
final class HuffmanBuilder {
  /** zlib sizes its node arrays for the largest alphabet; the merge order is kept at their top. */
  private static final int NODES = 2 * LIT_LEN_CODES + 1;

  private final int[] heap = new int[NODES];
  private final int[] mergeOrder = new int[NODES];
  private final int[] weight = new int[NODES];
  private final int[] parent = new int[NODES];
  private final int[] nodeBits = new int[NODES];
  private final int[] depth = new int[NODES];
  private final int[] nextCode = new int[MAX_CODE_BITS + 1];
  private int heapSize;

  /** Symbols per code length of the tree last built ({@code [0]} is always 0). */
  final int[] lengthCount = new int[MAX_CODE_BITS + 1];

  /** Bits of the block so far with the dynamic codes, zlib's {@code opt_len}. */
  long dynamicBits;
  /** Bits of the block so far with the fixed codes, zlib's {@code static_len}. */
  long fixedBits;

  /**
   * Builds the code for {@code freq[0..symbols)} and returns the largest symbol with a code.
   *
   * @param fixedLengths the fixed code's lengths for the same alphabet, or null (code lengths)
   * @param extraBits extra bits per symbol from {@code extraBase} on, added to both costs
   * @param lengths receives each symbol's code length (0: unused)
   * @param codes receives each used symbol's code, bit-reversed for sending
   */
  int build(int[] freq, int symbols, int maxBits, int[] fixedLengths, int[] extraBits, int extraBase,
      int[] lengths, int[] codes) {
    int maxSymbol = -1;
    heapSize = 0;
    for (int n = 0; n < symbols; n++) {
      if (freq[n] != 0) {
        heap[++heapSize] = n;
        maxSymbol = n;
        weight[n] = freq[n];
        depth[n] = 0;
      } else {
        lengths[n] = 0;
      }
    }
    // Deflate wants two codes at least (a one-symbol code would have zero bits).
    while (heapSize < 2) {
      int pad = maxSymbol < 2 ? ++maxSymbol : 0;
      heap[++heapSize] = pad;
      weight[pad] = 1;
      depth[pad] = 0;
      // The padding symbol never occurs: take back what counting its one occurrence will add.
      dynamicBits--;
      if (fixedLengths != null) {
        fixedBits -= fixedLengths[pad];
      }
    }

    for (int k = heapSize / 2; k >= 1; k--) {
      siftDown(k);
    }
    int top = NODES;
    int next = symbols;
    do {
      int least = heap[1];
      heap[1] = heap[heapSize--];
      siftDown(1);
      int second = heap[1];
      mergeOrder[--top] = least;
      mergeOrder[--top] = second;
      weight[next] = weight[least] + weight[second];
      depth[next] = Math.max(depth[least], depth[second]) + 1;
      parent[least] = next;
      parent[second] = next;
      heap[1] = next++;
      siftDown(1);
    } while (heapSize >= 2);
    mergeOrder[--top] = heap[1];

    assignLengths(top, maxSymbol, maxBits, fixedLengths, extraBits, extraBase, lengths);
    DeflateTables.canonicalCodes(lengths, maxSymbol, lengthCount, codes, nextCode);
    return maxSymbol;
  }

  /** True when node a sorts before node b: lighter, or as heavy and no deeper. */
  private boolean before(int a, int b) {
    int wa = weight[a];
    int wb = weight[b];
    return wa < wb || (wa == wb && depth[a] <= depth[b]);
  }

  private void siftDown(int k) {
    int v = heap[k];
    int child = k << 1;
    while (child <= heapSize) {
      if (child < heapSize && before(heap[child + 1], heap[child])) {
        child++;
      }
      if (before(v, heap[child])) {
        break;
      }
      heap[k] = heap[child];
      k = child;
      child <<= 1;
    }
    heap[k] = v;
  }

  private void assignLengths(int top, int maxSymbol, int maxBits, int[] fixedLengths, int[] extraBits,
      int extraBase, int[] lengths) {
    int[] count = lengthCount;
    java.util.Arrays.fill(count, 0);
    int overflow = 0;
    nodeBits[mergeOrder[top]] = 0;
    for (int h = top + 1; h < NODES; h++) {
      int n = mergeOrder[h];
      int bits = nodeBits[parent[n]] + 1;
      if (bits > maxBits) {
        bits = maxBits;
        overflow++; // counts inner nodes too, as zlib does
      }
      nodeBits[n] = bits;
      if (n > maxSymbol) {
        continue; // inner node
      }
      lengths[n] = bits;
      count[bits]++;
      int extra = n >= extraBase ? extraBits[n - extraBase] : 0;
      long f = weight[n];
      dynamicBits += f * (bits + extra);
      if (fixedLengths != null) {
        fixedBits += f * (fixedLengths[n] + extra);
      }
    }
    if (overflow == 0) {
      return;
    }
    // Each step moves a leaf from the deepest non-full length below the limit one level down, with
    // an overflowing leaf as its new sibling: two overflowing nodes fewer.
    do {
      int bits = maxBits - 1;
      while (count[bits] == 0) {
        bits--;
      }
      count[bits]--;
      count[bits + 1] += 2;
      count[maxBits]--;
      overflow -= 2;
    } while (overflow > 0);
    // Deal the counts back out, longest lengths to the leaves merged first.
    int h = NODES;
    for (int bits = maxBits; bits != 0; bits--) {
      int left = count[bits];
      while (left != 0) {
        int m = mergeOrder[--h];
        if (m > maxSymbol) {
          continue;
        }
        if (lengths[m] != bits) {
          dynamicBits += ((long) bits - lengths[m]) * weight[m];
          lengths[m] = bits;
        }
        left--;
      }
    }
  }
}
