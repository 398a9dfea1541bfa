package io.deltaglider.vcdiff;

import java.util.Arrays;

/**
 * Finds the COPY and RUN instructions of one target window; the gaps between them become ADDs.
 *
 * <p>At each target position it weighs five kinds of candidates by their gain (bytes covered minus
 * the estimated address cost): continuing the previous source copy at the same source offset (how
 * edited archives look: a changed record, then the old bytes again), a small table of every source
 * position around the end of the last long copy (re-sync a few bytes after an insertion or
 * deletion, where the whole-source index's first occurrence is often far away), the whole-source
 * {@link SourceIndex}, runs of one byte (unless the source holds the same run followed by the same
 * bytes), and a bucketed hash table of target positions so far (self-matches, minimum 4 bytes;
 * positions skipped in unmatched data still go in). Matches are extended forward with {@link
 * Arrays#mismatch} and backward into the pending literals (or over the tail of earlier
 * instructions). From level 4 on, a match found is also weighed against source matches a few
 * positions on that extend back over it (the index samples the source every few positions only).
 * Higher levels search more candidates per bucket, sample the source more densely,
 * match lazily (a match is deferred if the next position has a clearly better one) and skip less
 * through unmatched data. Reuses its arrays across windows; one instance per thread.
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
  private static final int STEAL_MAX = 1 << 15;

  private final MatchLevel lv;
  private final SourceReader src;
  private final SourceIndex index;

  /**
   * Recent target positions by hash of their 4 bytes: {@code ways} slots per bucket used as a ring
   * (newest first when searched), each slot the position in the low 24 bits and 8 more hash bits
   * above, so most wrong candidates are rejected without touching the target; -1 is empty. Unlike
   * a hash chain, a bucket is one or two cache lines, and its memory does not grow with the window.
   */
  private int[] slots;
  private byte[] cursor;
  private int bucketShift;
  private int ways;

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
  /** Local source table (see {@link #indexLocal}): source bytes [localBase, localEnd). */
  private static final int LOCAL_BITS = 11;
  private static final int LOCAL_SIZE = 1024;
  private static final int LOCAL_BEFORE = 128;
  /** Copies at least this long re-anchor the local table at their end. */
  private static final int LOCAL_MIN_COPY = 32;
  /** How many target bytes after the anchor the local table is probed. */
  private static final int LOCAL_REACH = 2048;
  private byte[] localBuf;
  private short[] localHead;
  private short[] localPrev;
  private long localBase;
  private long localEnd;
  private long localTarget;

  /** Start of the last source copy (what the near cache remembers), or -1. */
  private long lastSourceStart = -1;

  // Result of findBest.
  private int bestLen;
  private int bestGain;
  private byte bestKind;
  private long bestAddr;

  private byte[] t;
  private int end;
  private long winStart;
  private int inserted; // target positions < inserted are in the buckets

  TargetMatcher(MatchLevel lv, SourceReader src, SourceIndex index) {
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
    // Nothing carries over from the previous window, so windows can be matched in any order, on
    // any thread, with the same result (the address caches restart at every window anyway).
    hasCont = false;
    lastSourceStart = -1;
    localBase = 0;
    localEnd = 0;
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
        // Skip ahead faster through data that matches nothing (unrelated or recompressed regions);
        // an odd stride visits every residue of the (power-of-two) source sampling step, so a
        // match long enough to hold a few strides is still found, and extended back from there.
        pos += stride(misses);
        // The skipped positions still go into the target buckets (cheap next to a lookup), every
        // other one: a later probe landing inside a short repeat then finds it, and extends back
        // to its start.
        if (pos > inserted && pos <= limit) {
          insertRange(inserted, pos);
        }
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
        lastSourceStart = a;
        minSource = Math.min(minSource, a);
        maxSourceEnd = Math.max(maxSourceEnd, a + mlen);
        if (mlen >= LOCAL_MIN_COPY && lv.localChain > 0) {
          indexLocal(a + mlen, winStart + pos + mlen);
        }
      }
      int next = pos + mlen;
      insertCovered(next);
      pos = next;
      lit = pos;
    }
  }

  /** Misses in a row after which {@link MatchLevel#skipUnrelated} strides grow past the level's own. */
  static final int UNRELATED_AFTER = 512;
  /** One more byte of stride per this many further misses ... */
  static final int UNRELATED_SHIFT = 4;
  /** ... up to a stride of 15 (odd, as every stride: see {@link #match}). */
  static final int UNRELATED_MAX_EXTRA = 14;

  /** How far to move on after {@code misses} positions in a row without a match. */
  private int stride(int misses) {
    if (lv.skipShift == 0) {
      return 1;
    }
    int extra = Math.min(misses >>> lv.skipShift, lv.maxSkip);
    if (lv.skipUnrelated && misses >= UNRELATED_AFTER) {
      extra = Math.max(extra, Math.min((misses - UNRELATED_AFTER) >>> UNRELATED_SHIFT, UNRELATED_MAX_EXTRA));
    }
    return (1 + extra) | 1;
  }

  /** Sizes the target buckets for this window and clears them. */
  private void prepareChain(int len) {
    if (slots == null) {
      ways = lv.ways;
      // About one bucket per `ways` positions of the first (largest) window, capped by the level.
      int bits = 32 - Integer.numberOfLeadingZeros(Math.max(len / ways, 255));
      bits = Math.min(bits, lv.bucketBits);
      slots = new int[ways << bits];
      cursor = new byte[ways == 1 ? 0 : 1 << bits];
      bucketShift = 32 - bits;
    }
    Arrays.fill(slots, -1);
    Arrays.fill(cursor, (byte) 0);
  }

  private void insert(int p, int hash) {
    int b = hash >>> bucketShift;
    int e = (hash >>> (bucketShift - 8) & 0xFF) << 24 | p;
    if (ways == 1) {
      slots[b] = e; // one way: no ring cursor to read (it stays 0), so one cache miss, not two
      return;
    }
    int c = cursor[b];
    slots[b * ways + c] = e;
    cursor[b] = (byte) ((c + 1) & (ways - 1));
  }

  /**
   * Adds the positions a chosen match covers to the buckets: all of them for short matches (they
   * are the likely repeats), only the tail of long ones (time is better spent elsewhere).
   */
  private void insertCovered(int next) {
    int from = inserted;
    int stop = Math.min(next, end - MIN_MATCH + 1);
    if (stop - from > lv.insertLimit) {
      from = stop - lv.insertLimit / 2;
    }
    for (int p = Math.max(from, inserted); p < stop; p++) {
      insert(p, (int) SourceReader.INT_LE.get(t, p) * TPRIME);
    }
    inserted = Math.max(inserted, stop);
  }

  /**
   * Inserts every other position of {@code [from, to)}: a probe (every position, or an odd stride
   * while skipping) lands on an inserted offset of a repeat within two tries, at half the cache
   * misses of inserting all of them.
   */
  private void insertRange(int from, int to) {
    final byte[] t = this.t;
    for (int p = from + (from & 1); p < to; p += 2) {
      insert(p, (int) SourceReader.INT_LE.get(t, p) * TPRIME);
    }
    inserted = to;
  }

  /** Sets best* to the most valuable match at {@code pos}; inserts pos into the buckets. */
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
          consider(COPY_SOURCE, l, sp, sourceAddrCost(sp));
        }
      }
    }
    // 1b. Near where the last long source copy ended (re-sync after a small edit).
    if (localEnd > localBase && here - localTarget < LOCAL_REACH && bestLen < lv.nice) {
      localCandidate(pos);
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
      if (bestKind == RUN && index != null) {
        sourceAcrossRun(pos, pos + l);
      }
    }
    // 4. Self-matches in the target window so far.
    if (pos >= inserted) {
      int hash = word * TPRIME;
      if (bestLen < lv.nice) {
        int b = hash >>> bucketShift;
        int base = b * ways;
        int mask = ways - 1;
        int newest = ways == 1 ? -1 : cursor[b] - 1;
        int tag = hash >>> (bucketShift - 8) & 0xFF;
        int max = end - pos;
        for (int i = 0; i < ways; i++) {
          int e = slots[base + ((newest - i) & mask)];
          if (e == -1) {
            break;
          }
          if (e >>> 24 != tag) {
            continue;
          }
          int c = e & 0xFFFFFF;
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
        }
      }
      insert(pos, hash);
      inserted = pos + 1;
    }
    // 5. The index only holds every step-th source position: a source match that starts here but
    // off that grid is found a few positions on, after a shorter match found here took its bytes
    // (on typescript 5.8.2 -> 5.8.3 .tar, a 27-byte self-match hid a 53-byte source match).
    // Only behind a match of a seed's length or more: chance matches in data that matches nothing
    // (compressed or new content) would pay step - 1 index lookups each for nothing.
    if (lv.sourceAhead && index != null && index.step > 1 && bestLen >= SourceIndex.SEED
        && bestLen < lv.nice) {
      sourceAhead(pos);
    }
  }

  /**
   * Probes the index at the next {@code step - 1} positions (at most 7) and considers a source
   * match there that, extended backward, starts at {@code pos} (so it competes with the match
   * found here).
   */
  private void sourceAhead(int pos) {
    // At most 7 probes: a source sampled sparsely to fit the memory budget (every 32nd position for
    // 1 GiB) must not cost 31 lookups per match.
    int probes = Math.min(index.step, 8);
    for (int j = 1; j < probes; j++) {
      int q = pos + j;
      if (q + SourceIndex.SEED > end) {
        return;
      }
      long seed = (long) SourceReader.LONG_LE.get(t, q);
      long sp = index.lookup(seed);
      if (sp < j || src.getLong(sp) != seed || src.matchBackward(sp, t, q, pos) < j) {
        continue;
      }
      long start = sp - j;
      if (bestKind == COPY_SOURCE && start == bestAddr) {
        continue; // the match already found here
      }
      int l = j + SourceIndex.SEED + src.matchForward(sp + SourceIndex.SEED, t, q + SourceIndex.SEED, end);
      if (copyWindowAllows(start, l)) {
        consider(COPY_SOURCE, l, start, sourceAddrCost(start));
      }
    }
  }

  /**
   * Indexes every position of the source around {@code sourceEnd}, where a long copy just ended
   * at absolute target position {@code targetEnd}. After a small edit (a changed field in an
   * archive header, a version string, an inserted or deleted word) the target usually goes on
   * with source bytes a little before or after that point. The whole-source index keeps only the
   * first occurrence of a seed, so for common text it points far away; this small hash chain
   * (every position, in the CPU cache) finds the nearby occurrence from 4 bytes on.
   */
  private void indexLocal(long sourceEnd, long targetEnd) {
    localTarget = targetEnd;
    if (sourceEnd - LOCAL_BEFORE / 2 >= localBase && sourceEnd + LOCAL_SIZE / 2 <= localEnd) {
      return; // still well inside the indexed region: keep it
    }
    long base = Math.max(0, sourceEnd - LOCAL_BEFORE);
    int n = (int) Math.min(LOCAL_SIZE, src.size - base);
    localBase = base;
    localEnd = base;
    if (n < MIN_MATCH) {
      return;
    }
    if (localBuf == null) {
      localBuf = new byte[LOCAL_SIZE];
      localHead = new short[1 << LOCAL_BITS];
      localPrev = new short[LOCAL_SIZE];
    }
    byte[] b = localBuf;
    src.read(base, b, 0, n);
    short[] head = localHead;
    short[] prev = localPrev;
    Arrays.fill(head, (short) 0);
    for (int i = 0; i + MIN_MATCH <= n; i++) {
      int h = (int) SourceReader.INT_LE.get(b, i) * TPRIME >>> (32 - LOCAL_BITS);
      prev[i] = head[h];
      head[h] = (short) (i + 1);
    }
    localEnd = base + n;
  }

  /** Considers the local table's candidates for {@code t[pos..]}, newest (furthest) first. */
  private void localCandidate(int pos) {
    if (pos + MIN_MATCH > end) {
      return;
    }
    final byte[] b = localBuf;
    int word = (int) SourceReader.INT_LE.get(t, pos);
    int e = localHead[word * TPRIME >>> (32 - LOCAL_BITS)];
    for (int k = lv.localChain; e != 0 && k > 0; k--, e = localPrev[e - 1]) {
      int i = e - 1;
      long sp = localBase + i;
      if ((int) SourceReader.INT_LE.get(b, i) != word || sp == bestAddr) {
        continue;
      }
      int l = MIN_MATCH + src.matchForward(sp + MIN_MATCH, t, pos + MIN_MATCH, end);
      if (l > bestLen - 4 && copyWindowAllows(sp, l)) {
        consider(COPY_SOURCE, l, sp, sourceAddrCost(sp));
      }
    }
  }

  /**
   * A run {@code t[pos..e)} is about to win, but the source may hold the same run followed by the
   * same bytes (a stretch of padding or of several short runs, as in an archive or a disk image):
   * the seeds inside a run all look alike and find only the first such run in the source, so look
   * up the seeds that straddle the run's end instead, and take a source match found there when it
   * also covers the whole run backwards. One copy then replaces a chain of RUN instructions.
   */
  private void sourceAcrossRun(int pos, int e) {
    int probes = Math.min(SourceIndex.SEED - 1, index.step + 1);
    for (int j = 1; j <= probes; j++) {
      int q = e - j;
      if (q <= pos || q + SourceIndex.SEED > end) {
        continue;
      }
      long seed = (long) SourceReader.LONG_LE.get(t, q);
      long sp = index.lookup(seed);
      if (sp < q - pos || src.getLong(sp) != seed) {
        continue;
      }
      int fwd = SourceIndex.SEED + src.matchForward(sp + SourceIndex.SEED, t, q + SourceIndex.SEED, end);
      if (src.matchBackward(sp, t, q, pos) < q - pos) {
        continue;
      }
      long start = sp - (q - pos);
      int l = q - pos + fwd;
      if (copyWindowAllows(start, l)) {
        consider(COPY_SOURCE, l, start, sourceAddrCost(start));
        return;
      }
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

  /**
   * Address cost estimate for a source copy at {@code sp}: the near cache holds the start of the
   * last source copy, so a copy after it costs the varint of the distance; one before it costs
   * about as much as its absolute address.
   */
  private int sourceAddrCost(long sp) {
    long last = lastSourceStart;
    return VarInt.size(last >= 0 && sp >= last ? sp - last : sp);
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
}
