package io.deltaglider.archive;

import java.io.IOException;

/**
 * Zip and jar, read front to back by local headers, never through the central directory: each
 * byte is looked at once, so entries that overlap or that the central directory describes
 * differently cost nothing extra and change nothing. Local headers, data descriptors (with or
 * without signature, 32- or 64-bit), stored data and the central directory are RAW bytes; deflated
 * entries are expanded (a deflate stream ends itself, whatever the header's sizes say); stored
 * entries that are archives are opened. In the central directory, each entry's local header
 * offset becomes a DIFF32 record so that one entry changing size does not change every later
 * offset. Everything after the central directory (zip64 records, the end record, the comment,
 * junk) is copied.
 */
final class ZipExpander {
  private static final byte[] CENTRAL = {'P', 'K', 1, 2};
  private static final int LOCAL_FIXED = 30;
  private static final int CENTRAL_FIXED = 46;
  private static final long SIZE_IN_ZIP64 = 0xffffffffL;
  /** Where the next header may start after an entry's data: directly, or after a data descriptor. */
  private static final int[] AFTER_DATA = {0, 16, 12, 24, 20};

  private final ExpandSession session;

  ZipExpander(ExpandSession session) {
    this.session = session;
  }

  void expand(ByteSource src, int depth) throws IOException {
    while (src.ensure(LOCAL_FIXED) >= LOCAL_FIXED && src.startsWith(0, Sniffer.ZIP_LOCAL)) {
      if (!entry(src, depth)) {
        src.copyRest(session.out);
        return;
      }
      skipToNextHeader(src);
    }
    while (src.ensure(CENTRAL_FIXED) >= CENTRAL_FIXED && src.startsWith(0, CENTRAL)) {
      centralEntry(src);
    }
    src.copyRest(session.out);
  }

  /** Handles one local entry; false if its data's end cannot be known (the rest is then copied). */
  private boolean entry(ByteSource src, int depth) throws IOException {
    int flags = src.u16(6);
    int method = src.u16(8);
    long compressedSize = src.u32(18);
    long size = src.u32(22);
    int header = LOCAL_FIXED + src.u16(26) + src.u16(28);
    if (src.ensure(header) < header) {
      return false;
    }
    if (compressedSize == SIZE_IN_ZIP64 || size == SIZE_IN_ZIP64) {
      compressedSize = zip64CompressedSize(src, src.u16(26), src.u16(28), size == SIZE_IN_ZIP64,
          compressedSize == SIZE_IN_ZIP64, compressedSize);
    }
    boolean encrypted = (flags & 1) != 0;
    boolean sizesFollowData = (flags & 8) != 0;
    src.copyTo(session.out, header);
    if (method == 8 && !encrypted) {
      return session.streams().expand(src, levelHints(flags), depth) != DeflateStreamExpander.Outcome.BROKEN;
    }
    if (sizesFollowData || compressedSize < 0) {
      return false;
    }
    if (method == 0 && !encrypted) {
      session.expandMember(src, compressedSize, depth);
    } else {
      src.copyTo(session.out, compressedSize);
    }
    return true;
  }

  /**
   * The compressed size from the zip64 extra field (id 1: the original size first if the header's
   * is 0xFFFFFFFF, then the compressed size if that one is), or -1 if it is not there.
   */
  private static long zip64CompressedSize(ByteSource src, int nameLength, int extraLength, boolean sizeThere,
      boolean compressedThere, long headerValue) {
    int at = LOCAL_FIXED + nameLength;
    int end = at + extraLength;
    while (at + 4 <= end) {
      int id = src.u16(at);
      int len = src.u16(at + 2);
      if (id == 1) {
        int field = at + 4 + (sizeThere ? 8 : 0);
        if (!compressedThere) {
          return headerValue;
        }
        return field + 8 <= at + 4 + len && field + 8 <= end ? src.u64(field) : -1;
      }
      at += 4 + len;
    }
    return compressedThere ? -1 : headerValue;
  }

  /**
   * Info-ZIP's flag bits 1-2 for deflate: 01 maximum (-8, -9), 10 fast (-2), 11 super fast (-1);
   * java.util.zip and most others leave them 00 whatever the level.
   */
  private static int[] levelHints(int flags) {
    return switch ((flags >>> 1) & 3) {
      case 1 -> new int[] {9, 8};
      case 2 -> new int[] {2};
      case 3 -> new int[] {1};
      default -> new int[] {6};
    };
  }

  /** Copies a data descriptor, if one sits between this entry's data and the next header. */
  private void skipToNextHeader(ByteSource src) throws IOException {
    src.ensure(28);
    for (int at : AFTER_DATA) {
      if (src.startsWith(at, Sniffer.ZIP_LOCAL) || src.startsWith(at, CENTRAL)) {
        src.copyTo(session.out, at);
        return;
      }
    }
  }

  private void centralEntry(ByteSource src) throws IOException {
    long variable = (long) src.u16(28) + src.u16(30) + src.u16(32);
    long offset = src.u32(42);
    if (offset == SIZE_IN_ZIP64) {
      src.copyTo(session.out, CENTRAL_FIXED);
    } else {
      src.copyTo(session.out, 42);
      session.out.diff32(offset);
      src.skip(4);
    }
    src.copyTo(session.out, variable);
  }
}
