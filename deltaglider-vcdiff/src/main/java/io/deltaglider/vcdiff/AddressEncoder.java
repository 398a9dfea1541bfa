package io.deltaglider.vcdiff;

/**
 * RFC 3284 section 5.3 address caches for the default code table (near 4, same 3), encoding each
 * COPY address in the cheapest of its modes: a SAME hit costs one byte; otherwise the shortest
 * varint among SELF, HERE and the NEAR slots wins (ties go to the lowest mode, for determinism).
 * Reset at every window, as the decoder resets its caches. Not thread-safe.
 */
final class AddressEncoder {
  private static final int NEAR = Constants.DEFAULT_NEAR;
  private static final int SAME = Constants.DEFAULT_SAME;
  private static final int SAME_SLOTS = SAME * 256;

  private final long[] near = new long[NEAR];
  private final long[] same = new long[SAME_SLOTS];
  private int nextNear;

  void reset() {
    java.util.Arrays.fill(near, 0);
    java.util.Arrays.fill(same, 0);
    nextNear = 0;
  }

  /**
   * Chooses the mode for {@code addr} at position {@code here} (both in the window's address space:
   * copy window first, then the target), writes the encoded address to {@code out}, updates the
   * caches and returns the mode.
   */
  int encode(long addr, long here, ByteSink out) {
    int mode;
    long value;
    int sameSlot = (int) (addr % SAME_SLOTS);
    if (same[sameSlot] == addr) {
      mode = 2 + NEAR + sameSlot / 256;
      out.write(sameSlot & 0xFF);
      update(addr, sameSlot);
      return mode;
    }
    mode = Constants.MODE_SELF;
    value = addr;
    int best = VarInt.size(addr);
    long h = here - addr;
    int s = VarInt.size(h);
    if (s < best) {
      best = s;
      mode = Constants.MODE_HERE;
      value = h;
    }
    for (int i = 0; i < NEAR; i++) {
      long d = addr - near[i];
      if (d >= 0) {
        s = VarInt.size(d);
        if (s < best) {
          best = s;
          mode = 2 + i;
          value = d;
        }
      }
    }
    out.writeVarint(value);
    update(addr, sameSlot);
    return mode;
  }

  /** Encoded size of {@code addr} without changing the caches (for match cost estimates). */
  int cost(long addr, long here) {
    if (same[(int) (addr % SAME_SLOTS)] == addr) {
      return 1;
    }
    int best = Math.min(VarInt.size(addr), VarInt.size(here - addr));
    for (int i = 0; i < NEAR; i++) {
      long d = addr - near[i];
      if (d >= 0) {
        best = Math.min(best, VarInt.size(d));
      }
    }
    return best;
  }

  private void update(long addr, int sameSlot) {
    near[nextNear] = addr;
    nextNear = (nextNear + 1) % NEAR;
    same[sameSlot] = addr;
  }
}
