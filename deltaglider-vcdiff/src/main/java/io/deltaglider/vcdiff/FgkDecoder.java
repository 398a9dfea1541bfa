package io.deltaglider.vcdiff;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Decoder for xdelta3's "FGK" secondary compressor (compressor id 16): adaptive Huffman coding
 * after Faller, Gallager and Knuth ("Dynamic Huffman Coding", J. Algorithms 6, 1985), bits as
 * {@link LsbBitReader} reads them.
 *
 * <p>Facts of the format, established from xdelta3's behaviour:
 *
 * <ul>
 *   <li>One model per section kind for the whole delta file: it starts empty and learns from every
 *       compressed section of that kind, so it lives in this object's fields and carries from
 *       window to window. Each section starts on a byte boundary; the bits after a section's last
 *       symbol must be zero (xdelta3's command-line tool checks that) and the section must end
 *       with the byte holding the last symbol's last bit.
 *   <li>The tree starts as a single "zero" leaf standing for all not-yet-seen byte values, which
 *       are kept in a list in increasing order. A symbol is the path from the root (0 = left, 1 =
 *       right). Reaching the zero leaf while {@code z > 1} values are unseen, an index into that list
 *       follows, most significant bit first, in {@code floor(log2 z)} bits when {@code z} is a power
 *       of two and one bit more otherwise (an index past the end means the last entry); the first
 *       symbol of all is such an index straight away.
 *   <li>After each symbol the tree is updated with xdelta3's exact FGK variant: a new value splits
 *       the zero leaf into a fresh internal node (zero leaf left, new leaf right); then from that
 *       leaf (or the symbol's leaf) up to the root each node is exchanged with the highest-ordered
 *       node of equal weight unless that is its parent, and its weight incremented. Nodes of equal
 *       weight form blocks whose identity and recycling order reproduce xdelta3's, since block
 *       membership decides later exchanges.
 * </ul>
 *
 * If a section fails to decode, the model no longer matches the encoder's and every later call
 * fails as well. Not thread-safe.
 */
final class FgkDecoder implements SecondaryDecoder {
  private static final int LEAVES = 256;
  private static final int NODES = 2 * LEAVES - 1;
  private static final int BLOCKS = 2 * NODES;
  private static final int NIL = -1;

  private static final VarHandle LE_LONG =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  // Per node. Leaves are the byte values 0..255, internal nodes 256..510. For unseen values other
  // than the zero leaf, lo/hi link the list of unseen values (previous/next) instead of children.
  private final int[] weight = new int[NODES];
  private final int[] up = new int[NODES];
  private final int[] lo = new int[NODES];
  private final int[] hi = new int[NODES];
  /** Sibling order: the node before / after in order of increasing weight (root last). */
  private final int[] before = new int[NODES];
  private final int[] after = new int[NODES];
  private final int[] blockOf = new int[NODES];

  /** Per block: its highest-ordered node. */
  private final int[] leader = new int[BLOCKS];
  /** Unused block ids, reused last-freed first. */
  private final int[] spare = new int[BLOCKS];
  private int spareTop;

  private int root;
  /** The zero leaf (first unseen value), or NIL once every value has been seen. */
  private int zeroLeaf;
  private int unseen;
  private int indexBits;
  private int nextInternal;
  private boolean failed;

  private final LsbBitReader in = new LsbBitReader();

  FgkDecoder() {
    for (int i = 0; i < LEAVES; i++) {
      weight[i] = 0;
      up[i] = NIL;
      lo[i] = i > 0 ? i - 1 : NIL;
      hi[i] = i < LEAVES - 1 ? i + 1 : NIL;
      before[i] = NIL;
      after[i] = NIL;
      blockOf[i] = NIL;
    }
    for (int i = 0; i < BLOCKS; i++) {
      spare[i] = BLOCKS - 1 - i;
    }
    spareTop = BLOCKS;
    root = 0;
    zeroLeaf = 0;
    nextInternal = LEAVES;
    setUnseen(LEAVES);
  }

  @Override
  public byte[] decode(byte[] src, int srcOff, int srcLen, byte[] out, int outLen, long deltaOffset)
      throws VcdiffException {
    if (failed) {
      throw new VcdiffException(
          "secondary decoder state lost after an earlier corrupt section", deltaOffset);
    }
    if (outLen <= 0 || outLen > out.length) {
      throw new VcdiffException("secondary decoder invalid output size " + outLen, deltaOffset);
    }
    LsbBitReader r = in;
    r.reset(src, srcOff, srcLen, deltaOffset);
    boolean ok = false;
    try {
      decodeSymbols(r, out, outLen);
      if (!r.paddingIsZero()) {
        throw r.error("secondary decoder garbage: nonzero padding bits after the last symbol");
      }
      if (r.bytesLeft() != 0) {
        throw r.error(
            "secondary decoder finished with unused input (" + r.bytesLeft() + " bytes)");
      }
      ok = true;
    } finally {
      if (!ok) {
        failed = true;
      }
    }
    return out;
  }

  /**
   * Advances the model over a section that xdelta3's encoder ran through FGK but then stored
   * uncompressed because compression did not pay (any section of at least {@link
   * Constants#SEC_MIN_INPUT} bytes stored raw in an FGK file). xdelta3's encoder keeps the model
   * changes while its decoder never sees those bytes, so after such a section xdelta3 cannot decode
   * the file's later compressed sections of that kind. Calling this reproduces the encoder's model
   * instead; it is not part of xdelta3's decoding and only for callers that opt in.
   */
  void learnDiscarded(byte[] raw, int off, int len) {
    for (int i = 0; i < len; i++) {
      learn(raw[off + i] & 0xFF);
    }
  }

  private void decodeSymbols(LsbBitReader r, byte[] out, int outLen) throws VcdiffException {
    final int[] lo = this.lo;
    final int[] hi = this.hi;
    final int[] weight = this.weight;
    byte[] buf = r.buf;
    int end = r.end;
    // Bit state in locals; the reader is only synced around index reads and at the end.
    long bits = r.bits;
    int count = r.count;
    int pos = r.pos;
    for (int o = 0; o < outLen; o++) {
      int node = root;
      if (weight[node] != 0) {
        do {
          if (count == 0) {
            if (end - pos >= 8) {
              bits = (long) LE_LONG.get(buf, pos);
              pos += 8;
              count = 64;
            } else if (pos < end) {
              bits = buf[pos++] & 0xFFL;
              count = 8;
            } else {
              r.sync(bits, count, pos);
              throw r.endOfInput();
            }
          }
          node = (bits & 1) != 0 ? hi[node] : lo[node];
          bits >>>= 1;
          count--;
        } while (lo[node] != NIL);
      }
      if (weight[node] == 0 && unseen > 1) {
        r.sync(bits, count, pos);
        node = readUnseen(r);
        bits = r.bits;
        count = r.count;
        pos = r.pos;
      }
      learn(node);
      out[o] = (byte) node;
    }
    r.sync(bits, count, pos);
  }

  /** At the zero leaf: an index into the list of unseen values follows. */
  private int readUnseen(LsbBitReader r) throws VcdiffException {
    int index = r.readField(Math.max(1, indexBits));
    int v = zeroLeaf;
    while (index != 0 && hi[v] != NIL) {
      v = hi[v];
      index--;
    }
    return v;
  }


  private void setUnseen(int count) {
    unseen = count;
    int exp = count > 1 ? 31 - Integer.numberOfLeadingZeros(count) : 0;
    indexBits = count == (1 << exp) ? exp : exp + 1;
  }

  private int newBlock(int first) {
    int b = spare[--spareTop];
    leader[b] = first;
    return b;
  }

  private void releaseBlock(int b) {
    spare[spareTop++] = b;
  }

  /** Updates the model after {@code symbol} was coded. */
  private void learn(int symbol) {
    int node = weight[symbol] == 0 ? admit(symbol) : symbol;
    while (node != root) {
      exchangeWithLeader(node);
      advanceBlock(node);
      weight[node]++;
      node = up[node];
    }
    weight[root]++;
  }

  /** Gives a first-seen value its own leaf beside the zero leaf; returns that leaf. */
  private int admit(int v) {
    if (unseen == 1) {
      // The zero leaf itself becomes the last value's leaf.
      hi[v] = NIL;
      int right = after[v];
      blockOf[v] = weight[right] == 1 ? blockOf[right] : newBlock(v);
      zeroLeaf = NIL;
      return v;
    }
    int zero = zeroLeaf;
    int fork = nextInternal++;
    up[fork] = up[zero];
    after[fork] = after[zero];
    weight[fork] = 0;
    hi[fork] = v;
    before[fork] = v;
    if (zero == root) {
      root = fork;
      blockOf[v] = newBlock(v);
      blockOf[fork] = newBlock(fork);
    } else {
      int right = after[fork];
      before[right] = fork;
      int parent = up[zero];
      if (hi[parent] == zero) {
        hi[parent] = fork;
      } else {
        lo[parent] = fork;
      }
      blockOf[fork] = weight[right] == 1 ? blockOf[right] : newBlock(fork);
      blockOf[v] = blockOf[fork];
    }
    removeUnseen(v);
    lo[fork] = zeroLeaf;
    after[v] = fork;
    before[v] = zeroLeaf;
    up[v] = fork;
    lo[v] = NIL;
    hi[v] = NIL;
    up[zeroLeaf] = fork;
    after[zeroLeaf] = v;
    return v;
  }

  /** Takes {@code v} out of the list of unseen values (the list head is the zero leaf). */
  private void removeUnseen(int v) {
    setUnseen(unseen - 1);
    int prev = lo[v];
    int next = hi[v];
    if (prev == NIL) {
      zeroLeaf = hi[zeroLeaf];
      lo[zeroLeaf] = NIL;
    } else if (next == NIL) {
      hi[prev] = NIL;
    } else {
      lo[next] = prev;
      hi[prev] = next;
    }
  }

  /**
   * Exchanges {@code node} with the highest-ordered node of its block (in the sibling order and in
   * the tree), unless it is that node, that node is its parent, or it has weight zero.
   */
  private void exchangeWithLeader(int node) {
    int top = leader[blockOf[node]];
    if (top == node || up[node] == top || weight[node] == 0) {
      return;
    }
    // Sibling order: node comes before top.
    int a = node;
    int b = top;
    int aPrev = before[a];
    int aNext = after[a];
    int bPrev = before[b];
    int bNext = after[b];
    if (aNext == b) {
      before[b] = aPrev;
      after[b] = a;
      before[a] = b;
      after[a] = bNext;
    } else {
      before[b] = aPrev;
      after[b] = aNext;
      before[aNext] = b;
      after[bPrev] = a;
      before[a] = bPrev;
      after[a] = bNext;
    }
    if (aPrev != NIL) {
      after[aPrev] = b;
    }
    if (bNext != NIL) {
      before[bNext] = a;
    }
    // Tree positions.
    int aParent = up[a];
    int bParent = up[b];
    boolean aIsHi = hi[aParent] == a;
    boolean bIsHi = hi[bParent] == b;
    if (aIsHi) {
      hi[aParent] = b;
    } else {
      lo[aParent] = b;
    }
    if (bIsHi) {
      hi[bParent] = a;
    } else {
      lo[bParent] = a;
    }
    up[a] = bParent;
    up[b] = aParent;
    leader[blockOf[a]] = a;
  }

  /** Moves {@code node}, now the leader of its block, to the block of weight + 1. */
  private void advanceBlock(int node) {
    if (weight[node] == 0) {
      return;
    }
    int left = before[node];
    int right = after[node];
    int block = blockOf[node];
    if (left == hi[node] && lo[node] != NIL && weight[lo[node]] == 0) {
      // The fork above the zero leaf, right after its new leaf was incremented.
      if (weight[node] == weight[right] - 1 && right != root) {
        releaseBlock(block);
        blockOf[node] = blockOf[right];
        blockOf[left] = blockOf[right];
      }
      return;
    }
    if (left == zeroLeaf) {
      return;
    }
    if (blockOf[left] == block) {
      leader[block] = left;
    } else {
      releaseBlock(block);
    }
    if (weight[node] == weight[right] - 1 && right != root) {
      blockOf[node] = blockOf[right];
    } else {
      blockOf[node] = newBlock(node);
    }
  }
}
