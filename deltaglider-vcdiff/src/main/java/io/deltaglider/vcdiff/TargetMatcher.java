package io.deltaglider.vcdiff;

import java.util.Arrays;

/**
 * Finds the COPY and RUN instructions of one target window; the gaps between them become ADDs.
 *
 * <p>At each target position it weighs three kinds of candidates by their gain (bytes covered
 * minus the estimated address cost): continuing the previous source copy at the same source
 * offset (how edited archives look: a changed record, then the old bytes again, and the cheapest
 * address thanks to the near cache), the whole-source {@link SourceIndex}, and a hash chain over
 * the target window seen so far (self-matches, minimum 4 bytes). Matches are extended forward with
 * {@link Arrays#mismatch} and backward into the pending literals. Higher levels walk longer chains,
 * sample the source more densely and match lazily (a match is deferred if the next position has a
 * clearly better one). Reuses its arrays across windows; one instance per encode call.
 */
final class TargetMatcher {
  static final byte RUN = 1;
  static final byte COPY_SOURCE = 2;
  static final byte COPY_TARGET = 3;

  /**
   * A window's copy window must stay addressable by xdelta3 3.0.11, whose addresses are 32-bit:
   * keep the span of source a window copies from (plus the window itself) below 2^32.
   */
  static final long MAX_COPY_WINDOW = (1L << 32) - (1L << 25);

  private static final int MIN_MATCH = Constants.MIN_MATCH;
  private static final int TPRIME = 0x9E3779B1;
  /** How far back a new match may reclaim bytes already covered by earlier instructions. */
  private static final int STEAL_MAX = 1 << 10;

  private final Level lv;
  private final SourceReader src;
  private final SourceIndex index;

  // Target hash chain: head by hash of 4 bytes, prev by position; -1 terminates.
  private int[] head;
  private int[] prev;
  private int tshift;

  // Output: instructions of the current window (ADDs implied by the gaps).
  int count;
  byte[] kind = new byte[256];
  int[] tpos = new int[256];
  int[] ilen = new int[256];
  long[] addr = new long[256];
  long minSource;
  long maxSourceEnd;

  /** Source position minus absolute target position of the last source copy (continuation). */
  private long contDelta;
  private boolean hasCont;

  // Result of findBest.
  private int bestLen;
  private int bestGain;
  private byte bestKind;
  private long bestAddr;

  private byte[] t;
  private int end;
  private long winStart;
  private int inserted; // target positions < inserted are in the hash chain

  TargetMatcher(Level lv, SourceReader src, SourceIndex index) {
    this.lv = lv;
    this.src = src;
    this.index = index;
  }

  /** Finds the instructions for {@code t[0..len)}, the window starting at {@code winStart}. */
  void match(byte[] t, int len, long winStart) {
    this.t = t;
    this.end = len;
    this.winStart = winStart;
    count = 0;
    minSource = Long.MAX_VALUE;
    maxSourceEnd = Long.MIN_VALUE;
    inserted = 0;
    if (lv.level == 0 || len < MIN_MATCH) {
      return;
    }
    prepareChain(len);
    int pos = 0;
    int lit = 0;
    int misses = 0;
    final int limit = len - MIN_MATCH;
    while (pos <= limit) {
      findBest(pos, lit);
      if (bestGain < 2) {
        misses++;
        // Low levels skip ahead faster through data that matches nothing (unrelated regions).
        pos += lv.skipShift > 0 ? 1 + (misses >>> lv.skipShift) : 1;
        continue;
      }
      if (lv.lazy && bestLen < lv.nice) {
        // Lazy matching: take a literal if the next position holds a clearly better match.
        while (pos + 1 <= limit) {
          int len0 = bestLen;
          int gain0 = bestGain;
          byte kind0 = bestKind;
          long addr0 = bestAddr;
          findBest(pos + 1, lit);
          if (bestGain > gain0 + 1) {
            pos++;
            if (bestLen >= lv.nice) {
              break;
            }
          } else {
            bestLen = len0;
            bestGain = gain0;
            bestKind = kind0;
            bestAddr = addr0;
            break;
          }
        }
      }
      misses = 0;
      // Extend backward into the pending literals and, when the bytes agree, over the tail of
      // earlier instructions: after an insertion or deletion the greedy pass often took a short
      // chance match before the index found the new alignment, which this takes back.
      int floor = Math.max(0, lit - STEAL_MAX);
      int back;
      if (bestKind == COPY_SOURCE) {
        back = src.matchBackward(bestAddr, t, pos, floor);
      } else if (bestKind == COPY_TARGET) {
        int c = (int) bestAddr;
        int max = Math.min(pos - floor, c);
        back = 0;
        while (back < max && t[c - back - 1] == t[pos - back - 1]) {
          back++;
        }
      } else {
        back = 0;
      }
      pos -= back;
      int mlen = bestLen + back;
      long a = bestAddr - back;
      if (pos < lit) {
        trimTo(pos);
      }
      emit(bestKind, pos, mlen, a);
      if (bestKind == COPY_SOURCE) {
        contDelta = a - (winStart + pos);
        hasCont = true;
        minSource = Math.min(minSource, a);
        maxSourceEnd = Math.max(maxSourceEnd, a + mlen);
      }
      int next = pos + mlen;
      insertCovered(next);
      pos = next;
      lit = pos;
    }
  }

  /** Sizes the target chain for this window and clears its heads. */
  private void prepareChain(int len) {
    if (prev == null || prev.length < len) {
      prev = new int[len];
      int bits = 32 - Integer.numberOfLeadingZeros(Math.max(len - 1, 255));
      bits = Math.min(bits, lv.chainBits);
      head = new int[1 << bits];
      tshift = 32 - bits;
    }
    Arrays.fill(head, -1);
  }

  /**
   * Adds the positions a chosen match covers to the hash chain: all of them for short matches
   * (they are the likely repeats), only the tail of long ones (time is better spent elsewhere).
   */
  private void insertCovered(int next) {
    int from = inserted;
    int stop = Math.min(next, end - MIN_MATCH + 1);
    if (stop - from > lv.insertLimit) {
      from = stop - lv.insertLimit / 2;
    }
    for (int p = Math.max(from, inserted); p < stop; p++) {
      int h = ((int) SourceReader.INT_LE.get(t, p) * TPRIME) >>> tshift;
      prev[p] = head[h];
      head[h] = p;
    }
    inserted = Math.max(inserted, stop);
  }

  /** Sets best* to the most valuable match at {@code pos}; inserts pos into the chain. */
  private void findBest(int pos, int lit) {
    final byte[] t = this.t;
    final int end = this.end;
    bestLen = 0;
    bestGain = 0;
    bestKind = 0;
    bestAddr = -1;
    long here = winStart + pos;

    // 1. Continue the last source copy at the same offset.
    if (hasCont) {
      long sp = here + contDelta;
      if (sp >= 0 && sp < src.size) {
        int l = src.matchForward(sp, t, pos, end);
        if (l >= MIN_MATCH) {
          consider(COPY_SOURCE, l, sp, 1);
        }
      }
    }
    // 2. Whole-source index.
    if (index != null && bestLen < lv.nice && pos + SourceIndex.SEED <= end) {
      long seed = (long) SourceReader.LONG_LE.get(t, pos);
      long sp = index.lookup(seed);
      if (sp >= 0 && sp != bestAddr && src.getLong(sp) == seed) {
        int l = SourceIndex.SEED + src.matchForward(sp + SourceIndex.SEED, t, pos + SourceIndex.SEED, end);
        if (copyWindowAllows(sp, l)) {
          consider(COPY_SOURCE, l, sp, sourceAddrCost(sp));
        }
      }
    }
    // 3. Runs of one byte.
    int word = (int) SourceReader.INT_LE.get(t, pos);
    if (word == (t[pos] & 0xFF) * 0x01010101 && bestLen < lv.nice) {
      int l = MIN_MATCH;
      byte b = t[pos];
      while (pos + l < end && t[pos + l] == b) {
        l++;
      }
      consider(RUN, l, 0, 1);
    }
    // 4. Self-matches in the target window so far.
    int h = (word * TPRIME) >>> tshift;
    if (pos >= inserted) {
      if (bestLen < lv.nice) {
        int c = head[h];
        int depth = lv.chain;
        int max = end - pos;
        while (c >= 0 && depth-- > 0) {
          // Cheap reject: the byte that would make this candidate longer than the best must match.
          if (bestLen < max && t[c + bestLen] == t[pos + bestLen]) {
            int m = Arrays.mismatch(t, c, c + max, t, pos, pos + max);
            int l = m < 0 ? max : m;
            if (l >= MIN_MATCH) {
              consider(COPY_TARGET, l, c, VarInt.size(pos - c));
              if (bestLen >= lv.nice) {
                break;
              }
            }
          }
          c = prev[c];
        }
      }
      prev[pos] = head[h];
      head[h] = pos;
      inserted = pos + 1;
    }
  }

  private void consider(byte k, int len, long a, int addrCost) {
    // A COPY costs an opcode (often shared with the ADD before it), its address and, past 18
    // bytes, a size varint; the literals it replaces cost a byte each.
    int gain = len - addrCost - (len > 18 ? VarInt.size(len) : 0);
    if (gain > bestGain || (gain == bestGain && len > bestLen)) {
      bestGain = gain;
      bestLen = len;
      bestKind = k;
      bestAddr = a;
    }
  }

  /** Address cost estimate: the distance from the last source copy, which the near cache holds. */
  private int sourceAddrCost(long sp) {
    if (!hasCont) {
      return VarInt.size(sp);
    }
    long last = contDelta + winStart; // source position aligned with target position 0
    long d = Math.abs(sp - last);
    return VarInt.size(d);
  }

  private boolean copyWindowAllows(long sp, int len) {
    if (minSource == Long.MAX_VALUE) {
      return (long) len + end <= MAX_COPY_WINDOW;
    }
    long lo = Math.min(minSource, sp);
    long hi = Math.max(maxSourceEnd, sp + len);
    return hi - lo + end <= MAX_COPY_WINDOW;
  }

  /** Drops or shortens the emitted instructions that reach past target position {@code p}. */
  private void trimTo(int p) {
    while (count > 0) {
      int i = count - 1;
      if (tpos[i] >= p) {
        count--;
        continue;
      }
      int keep = p - tpos[i];
      if (keep < ilen[i]) {
        if (keep < MIN_MATCH) {
          count--; // too short to be worth an instruction: its bytes become literals
        } else {
          ilen[i] = keep;
        }
      }
      return;
    }
  }

  private void emit(byte k, int p, int len, long a) {
    if (count == kind.length) {
      int n = count * 2;
      kind = Arrays.copyOf(kind, n);
      tpos = Arrays.copyOf(tpos, n);
      ilen = Arrays.copyOf(ilen, n);
      addr = Arrays.copyOf(addr, n);
    }
    kind[count] = k;
    tpos[count] = p;
    ilen[count] = len;
    addr[count] = a;
    count++;
  }

  /** Per-level knobs. */
  static final class Level {
    final int level;
    final int sourceStep;
    final int chain;
    final int chainBits;
    final boolean lazy;
    final int nice;
    final int insertLimit;
    final int skipShift;

    private Level(int level, int sourceStep, int chain, int chainBits, boolean lazy, int nice,
        int insertLimit, int skipShift) {
      this.level = level;
      this.sourceStep = sourceStep;
      this.chain = chain;
      this.chainBits = chainBits;
      this.lazy = lazy;
      this.nice = nice;
      this.insertLimit = insertLimit;
      this.skipShift = skipShift;
    }

    static Level of(int level) {
      switch (level) {
        case 0: return new Level(0, 1, 0, 8, false, 0, 0, 0);
        case 1: return new Level(1, 8, 1, 16, false, 32, 8, 6);
        case 2: return new Level(2, 6, 2, 17, false, 64, 16, 7);
        case 3: return new Level(3, 4, 4, 18, false, 128, 32, 0);
        case 4: return new Level(4, 3, 8, 18, false, 128, 64, 0);
        case 5: return new Level(5, 2, 16, 19, true, 128, 128, 0);
        case 6: return new Level(6, 2, 32, 20, true, 256, 256, 0);
        case 7: return new Level(7, 2, 64, 20, true, 512, 512, 0);
        case 8: return new Level(8, 1, 128, 20, true, 1024, 1024, 0);
        case 9: return new Level(9, 1, 256, 20, true, 4096, 4096, 0);
        default: throw new IllegalArgumentException("level must be 0..9, was " + level);
      }
    }
  }
}
