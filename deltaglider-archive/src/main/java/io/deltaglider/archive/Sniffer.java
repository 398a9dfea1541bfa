package io.deltaglider.archive;

import java.io.IOException;

/** Recognises the containers expand opens from their first bytes. */
final class Sniffer {
  private Sniffer() {}

  enum Kind { NONE, GZIP, ZIP, TAR }

  /** Bytes looked at to decide: one tar header. */
  static final int LOOK = 512;

  static final byte[] ZIP_LOCAL = {'P', 'K', 3, 4};

  /**
   * What the next bytes of {@code src} are, looking at no more than {@code limit} of them (a
   * member's bytes, not what follows it).
   */
  static Kind kind(ByteSource src, long limit) throws IOException {
    int n = (int) Math.min(limit, src.ensure(LOOK));
    if (n >= 18 && isGzip(src)) {
      return Kind.GZIP;
    }
    if (n >= 30 && src.startsWith(0, ZIP_LOCAL)) {
      return Kind.ZIP;
    }
    if (n >= 512 && isTarHeader(src)) {
      return Kind.TAR;
    }
    return Kind.NONE;
  }

  /** A gzip member header with deflate and no reserved flag bits. */
  static boolean isGzip(ByteSource src) {
    return src.available() >= 10 && src.u8(0) == 0x1f && src.u8(1) == 0x8b && src.u8(2) == 8
        && (src.u8(3) & 0xe0) == 0;
  }

  /**
   * A tar header block (512 bytes available): its checksum field matches the sum of its bytes
   * (unsigned, or signed as some old tars computed it), with the field itself counted as spaces.
   */
  static boolean isTarHeader(ByteSource src) {
    long stored = 0;
    int i = 148;
    while (i < 156 && src.u8(i) == ' ') {
      i++;
    }
    int digits = 0;
    for (; i < 156 && src.u8(i) >= '0' && src.u8(i) <= '7'; i++, digits++) {
      stored = stored * 8 + (src.u8(i) - '0');
    }
    if (digits == 0 || (i < 156 && src.u8(i) != 0 && src.u8(i) != ' ')) {
      return false;
    }
    long unsigned = 8 * ' ';
    long signed = 8 * ' ';
    for (int k = 0; k < 512; k++) {
      if (k < 148 || k >= 156) {
        unsigned += src.u8(k);
        signed += (byte) src.u8(k);
      }
    }
    return stored == unsigned || stored == signed;
  }

  /** Where a zip's first local header starts within the first {@code limit} bytes, or -1. */
  static int zipStart(ByteSource src, int limit) throws IOException {
    int n = Math.min(limit, src.ensure(limit));
    for (int i = 0; i + 30 <= n; i++) {
      if (src.u8(i) == 'P' && src.startsWith(i, ZIP_LOCAL)) {
        return i;
      }
    }
    return -1;
  }
}
