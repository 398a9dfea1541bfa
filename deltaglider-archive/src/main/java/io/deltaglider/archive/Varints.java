package io.deltaglider.archive;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * RFC 3284 varints (base 128, most significant group first, high bit on every byte but the last),
 * as everywhere else in FORMAT.md; values from 0 to 2^63 - 1, read back in at most 9 bytes.
 */
final class Varints {
  private Varints() {}

  static void write(OutputStream out, long v) throws IOException {
    if (v < 0) {
      throw new IllegalArgumentException("negative varint " + v);
    }
    byte[] tmp = new byte[9];
    int i = tmp.length;
    tmp[--i] = (byte) (v & 0x7f);
    for (v >>>= 7; v != 0; v >>>= 7) {
      tmp[--i] = (byte) (0x80 | (v & 0x7f));
    }
    out.write(tmp, i, tmp.length - i);
  }

  /** Reads one varint; {@code what} names it in the exception for a bad or missing one. */
  static long read(InputStream in, String what) throws IOException {
    long v = 0;
    for (int i = 0; i < 9; i++) {
      int b = in.read();
      if (b < 0) {
        throw new ArchiveFormatException("truncated " + what, new EOFException());
      }
      v = v << 7 | (b & 0x7f);
      if ((b & 0x80) == 0) {
        return v;
      }
    }
    throw new ArchiveFormatException(what + " is a varint longer than 9 bytes");
  }

  static long zigzag(long v) {
    return v << 1 ^ v >> 63;
  }

  static long unzigzag(long v) {
    return v >>> 1 ^ -(v & 1);
  }
}
