package io.deltaglider.vcdiff;

/**
 * The near and same address caches of RFC 3284 section 5.1, reset at each window. Shared by the
 * decoder (mode → address) and by the encoder (address → cheapest mode).
 */
final class AddressCache {
  final int nearSize;
  final int sameSize;
  final long[] near;
  final long[] same;
  private int nextNear;

  AddressCache(int nearSize, int sameSize) {
    this.nearSize = nearSize;
    this.sameSize = sameSize;
    this.near = new long[Math.max(nearSize, 1)];
    this.same = new long[Math.max(sameSize * 256, 1)];
  }

  void reset() {
    nextNear = 0;
    java.util.Arrays.fill(near, 0);
    java.util.Arrays.fill(same, 0);
  }

  void update(long addr) {
    if (nearSize > 0) {
      near[nextNear] = addr;
      nextNear = nextNear + 1 == nearSize ? 0 : nextNear + 1;
    }
    if (sameSize > 0) {
      same[(int) (addr % (sameSize * 256L))] = addr;
    }
  }
}
