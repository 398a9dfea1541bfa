package io.deltaglider.archive;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Tar (v7, ustar, GNU, pax): passed through as RAW bytes, header by header, except that regular
 * members whose content is an archive are opened. A pax header's {@code size} is honoured for the
 * next member (members over 8 GiB). The end blocks, and anything after a block that is not a valid
 * header, are copied.
 */
final class TarExpander {
  private static final int BLOCK = 512;
  /** Larger pax headers are copied without looking for a size in them. */
  private static final int MAX_PAX = 64 << 10;

  private final ExpandSession session;

  TarExpander(ExpandSession session) {
    this.session = session;
  }

  void expand(ByteSource src, int depth) throws IOException {
    long paxSize = -1;
    while (src.ensure(BLOCK) >= BLOCK && Sniffer.isTarHeader(src)) {
      int type = src.u8(156);
      long size = paxSize >= 0 ? paxSize : headerSize(src);
      paxSize = -1;
      if (size < 0) {
        break;
      }
      long data = hasData(type) ? size : 0;
      src.copyTo(session.out, BLOCK);
      if (type == 'x' && data <= MAX_PAX && src.ensure((int) data) >= data) {
        paxSize = paxSize(src, (int) data);
        src.copyTo(session.out, data);
      } else if (type == '0' || type == 0 || type == '7') {
        session.expandMember(src, data, depth);
      } else {
        src.copyTo(session.out, data);
      }
      src.copyTo(session.out, (BLOCK - data % BLOCK) % BLOCK);
    }
    src.copyRest(session.out);
  }

  /** Links, devices, directories and FIFOs have no data, whatever their size field says. */
  private static boolean hasData(int type) {
    return type < '1' || type > '6';
  }

  /** The size field: octal, or base-256 (GNU) when its first byte has the high bit; -1 if malformed. */
  private static long headerSize(ByteSource src) {
    int at = 124;
    if ((src.u8(at) & 0x80) != 0) {
      if ((src.u8(at) & 0x40) != 0) {
        return -1;
      }
      long v = src.u8(at) & 0x3f;
      for (int i = 1; i < 12; i++) {
        if (v >>> 55 != 0) {
          return -1;
        }
        v = v << 8 | src.u8(at + i);
      }
      return v;
    }
    long v = 0;
    int i = 0;
    while (i < 12 && (src.u8(at + i) == ' ' || src.u8(at + i) == 0) && v == 0) {
      i++;
    }
    for (; i < 12; i++) {
      int c = src.u8(at + i);
      if (c == ' ' || c == 0) {
        break;
      }
      if (c < '0' || c > '7') {
        return -1;
      }
      v = v * 8 + (c - '0');
    }
    return v;
  }

  /** The {@code size} record of a pax header ("LEN size=VALUE\n"), or -1. */
  private static long paxSize(ByteSource src, int length) {
    String text = new String(src.array(), src.offset(), length, StandardCharsets.ISO_8859_1);
    long found = -1;
    int at = 0;
    while (at < text.length()) {
      int space = text.indexOf(' ', at);
      if (space < 0) {
        break;
      }
      long len;
      try {
        len = Long.parseLong(text.substring(at, space));
      } catch (NumberFormatException e) {
        break;
      }
      if (len <= space - at || at + len > text.length()) {
        break;
      }
      String record = text.substring(space + 1, (int) (at + len));
      if (record.startsWith("size=") && record.endsWith("\n")) {
        try {
          found = Long.parseLong(record.substring(5, record.length() - 1));
        } catch (NumberFormatException e) {
          return -1;
        }
      }
      at += (int) len;
    }
    return found < 0 ? -1 : found;
  }
}
