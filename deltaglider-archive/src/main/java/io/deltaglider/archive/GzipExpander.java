package io.deltaglider.archive;

import java.io.IOException;

/**
 * Gzip (RFC 1952), any number of members: each member's header (with FTEXT, FHCRC, FEXTRA, FNAME,
 * FCOMMENT, MTIME, XFL and OS as they are) and trailer are RAW bytes, its deflate stream is
 * expanded, and whatever follows the last member (zero padding, junk) is copied.
 */
final class GzipExpander {
  private static final int FHCRC = 2;
  private static final int FEXTRA = 4;
  private static final int FNAME = 8;
  private static final int FCOMMENT = 16;
  /** A longer file name or comment is not looked through: the member is then copied as it is. */
  private static final int MAX_TEXT_FIELD = 60 << 10;

  private final ExpandSession session;

  GzipExpander(ExpandSession session) {
    this.session = session;
  }

  void expand(ByteSource src, int depth) throws IOException {
    while (src.ensure(10) >= 10 && Sniffer.isGzip(src)) {
      int header = headerLength(src);
      if (header < 0) {
        break;
      }
      int[] hints = levelHints(src.u8(8));
      src.copyTo(session.out, header);
      if (session.streams().expand(src, hints, depth) == DeflateStreamExpander.Outcome.BROKEN) {
        break;
      }
      src.copyTo(session.out, 8); // CRC-32 and ISIZE, or what there is of them
    }
    src.copyRest(session.out);
  }

  /** zlib and GNU gzip write XFL 2 for their slowest level and 4 for the fastest. */
  private static int[] levelHints(int xfl) {
    return switch (xfl) {
      case 2 -> new int[] {9};
      case 4 -> new int[] {1};
      default -> new int[] {6};
    };
  }

  /** The header's length, or -1 if it does not end within the look-ahead. */
  private static int headerLength(ByteSource src) throws IOException {
    int flags = src.u8(3);
    int h = 10;
    if ((flags & FEXTRA) != 0) {
      if (src.ensure(h + 2) < h + 2) {
        return -1;
      }
      h += 2 + src.u16(h);
      if (src.ensure(h) < h) {
        return -1;
      }
    }
    if ((flags & FNAME) != 0 && (h = afterZero(src, h)) < 0) {
      return -1;
    }
    if ((flags & FCOMMENT) != 0 && (h = afterZero(src, h)) < 0) {
      return -1;
    }
    if ((flags & FHCRC) != 0) {
      h += 2;
      if (src.ensure(h) < h) {
        return -1;
      }
    }
    return h;
  }

  private static int afterZero(ByteSource src, int from) throws IOException {
    for (int i = from; i - from < MAX_TEXT_FIELD; i++) {
      if (src.ensure(i + 1) < i + 1) {
        return -1;
      }
      if (src.u8(i) == 0) {
        return i + 1;
      }
    }
    return -1;
  }
}
