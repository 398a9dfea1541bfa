package io.deltaglider.vcdiff;

/**
 * Adds up the target window lengths of an in-memory delta without decoding it, so the in-memory
 * decode can allocate its result once and decode straight into it. Malformed input just ends the
 * scan early: the decode that follows reports the actual error.
 */
final class WindowScan {
  private final byte[] d;
  private int p;

  private WindowScan(byte[] delta) {
    this.d = delta;
  }

  /** Sum of the declared target window lengths, at most {@code cap}; 0 if the header is unreadable. */
  static long totalTargetLength(byte[] delta, long cap) {
    return new WindowScan(delta).scan(cap);
  }

  private long scan(long cap) {
    if (d.length < 5) {
      return 0;
    }
    p = 4;
    int hdr = d[p++] & 0xFF;
    if ((hdr & Constants.VCD_DECOMPRESS) != 0) {
      p++;
    }
    if ((hdr & Constants.VCD_CODETABLE) != 0 && !skip(varint())) {
      return 0;
    }
    if ((hdr & Constants.VCD_APPHEADER) != 0 && !skip(varint())) {
      return 0;
    }
    long total = 0;
    while (p < d.length && total < cap) {
      int win = d[p++] & 0xFF;
      if ((win & (Constants.VCD_SOURCE | Constants.VCD_TARGET)) != 0) {
        varint();
        varint();
      }
      long deltaLength = varint();
      int bodyStart = p;
      long targetLength = varint();
      if (deltaLength < 0 || targetLength < 0) {
        break;
      }
      total += targetLength;
      p = bodyStart;
      if (!skip(deltaLength)) {
        break;
      }
    }
    return Math.min(total, cap);
  }

  private boolean skip(long n) {
    if (n < 0 || n > d.length - p) {
      return false;
    }
    p += (int) n;
    return true;
  }

  /** A varint, or -1 if it is malformed or runs off the end. */
  private long varint() {
    long v = 0;
    for (int i = 0; i < 9 && p < d.length; i++) {
      int b = d[p++];
      v = (v << 7) | (b & 0x7F);
      if (b >= 0) {
        return v;
      }
    }
    return -1;
  }
}
