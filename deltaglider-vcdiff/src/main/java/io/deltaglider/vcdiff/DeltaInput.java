package io.deltaglider.vcdiff;

import java.io.IOException;
import java.io.InputStream;

/**
 * Buffered reader over the delta stream that knows its byte offset, so every error can say where
 * it happened. Reads exactly what it is asked for and never trusts a length before bytes arrive.
 */
final class DeltaInput {
  private final InputStream in;
  private final byte[] buf = new byte[1 << 16];
  private int pos;
  private int limit;
  /** Offset in the delta of {@code buf[0]}. */
  private long bufStart;

  DeltaInput(InputStream in) {
    this.in = in;
  }

  /** Offset in the delta of the next byte to be read. */
  long offset() {
    return bufStart + pos;
  }

  private boolean fill() throws IOException {
    bufStart += limit;
    pos = 0;
    limit = 0;
    int n;
    do {
      n = in.read(buf, 0, buf.length);
    } while (n == 0);
    if (n < 0) {
      return false;
    }
    limit = n;
    return true;
  }

  /** Next byte, or -1 at the end of the stream. */
  int readOptional() throws IOException {
    if (pos == limit && !fill()) {
      return -1;
    }
    return buf[pos++] & 0xFF;
  }

  int readByte(String what) throws IOException {
    int b = readOptional();
    if (b < 0) {
      throw new VcdiffException("delta ends early, reading " + what, offset());
    }
    return b;
  }

  /** A big-endian base-128 varint of up to 63 bits (RFC 3284 section 2). */
  long readVarint(String what) throws IOException {
    long start = offset();
    long v = 0;
    for (int i = 0; i < 10; i++) {
      int b = readByte(what);
      if (v > (Long.MAX_VALUE >>> 7)) {
        throw new VcdiffException("varint overflows 63 bits, reading " + what, start);
      }
      v = (v << 7) | (b & 0x7F);
      if ((b & 0x80) == 0) {
        return v;
      }
    }
    throw new VcdiffException("varint longer than 10 bytes, reading " + what, start);
  }

  /** Reads a varint that must fit an int (sizes bounded by the caller's limits). */
  int readIntVarint(String what, long max) throws IOException {
    long start = offset();
    long v = readVarint(what);
    if (v > max) {
      throw new VcdiffException(what + " " + v + " exceeds the limit of " + max, start);
    }
    return (int) v;
  }

  void readFully(byte[] dst, int off, int len, String what) throws IOException {
    while (len > 0) {
      if (pos == limit && !fill()) {
        throw new VcdiffException("delta ends early, reading " + what, offset());
      }
      int n = Math.min(len, limit - pos);
      System.arraycopy(buf, pos, dst, off, n);
      pos += n;
      off += n;
      len -= n;
    }
  }

  /**
   * Reads {@code len} bytes into {@code dst}, or into a larger array grown only as bytes actually
   * arrive, so a lying length in a short delta cannot make us allocate much, and each growth
   * checked against the heap. Returns the array holding the bytes at {@code [0, len)}.
   */
  byte[] readGrowing(byte[] dst, int len, String what) throws IOException {
    if (dst.length >= len) {
      readFully(dst, 0, len, what);
      return dst;
    }
    int have = 0;
    byte[] out = dst;
    while (have < len) {
      if (have == out.length) {
        int next = (int) Math.min(len, Math.max(1L << 20, 2L * out.length));
        out = HeapBudget.grow(out, next, what, offset());
      }
      int n = Math.min(len, out.length) - have;
      readFully(out, have, n, what);
      have += n;
    }
    return out;
  }
}
