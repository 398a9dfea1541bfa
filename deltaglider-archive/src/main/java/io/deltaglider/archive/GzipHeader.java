package io.deltaglider.archive;

import java.io.ByteArrayOutputStream;
import java.util.zip.CRC32;

/**
 * A gzip member header (RFC 1952 section 2.3) as zlib writes it before its deflate stream: the
 * fields a caller gives zlib through {@code deflateSetHeader}, and the extra-flags byte (XFL),
 * which zlib derives from the level and strategy. Immutable; the {@code with} methods return a
 * changed copy.
 *
 * <p>{@link #ZLIB_DEFAULT} is what zlib writes when given no header: no name, no time stamp, OS 3.
 */
final class GzipHeader {
  /** zlib 1.2.13's header without {@code deflateSetHeader}, as built for Unix (OS_CODE 3). */
  static final GzipHeader ZLIB_DEFAULT = new GzipHeader(0, 3, null, null, null, false, false);

  private static final int FTEXT = 1;
  private static final int FHCRC = 2;
  private static final int FEXTRA = 4;
  private static final int FNAME = 8;
  private static final int FCOMMENT = 16;

  private final long mtime;
  private final int os;
  private final byte[] name;
  private final byte[] comment;
  private final byte[] extra;
  private final boolean text;
  private final boolean headerCrc;

  private GzipHeader(long mtime, int os, byte[] name, byte[] comment, byte[] extra, boolean text,
      boolean headerCrc) {
    this.mtime = mtime;
    this.os = os;
    this.name = name;
    this.comment = comment;
    this.extra = extra;
    this.text = text;
    this.headerCrc = headerCrc;
  }

  /** MTIME: seconds since 1970 (0 to 2^32 - 1), 0 for none. */
  GzipHeader withMtime(long seconds) {
    if (seconds < 0 || seconds > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException("mtime must fit 32 unsigned bits: " + seconds);
    }
    return new GzipHeader(seconds, os, name, comment, extra, text, headerCrc);
  }

  /** OS: 0-255, as numbered in RFC 1952 (3 Unix, 255 unknown). */
  GzipHeader withOs(int osByte) {
    if (osByte < 0 || osByte > 255) {
      throw new IllegalArgumentException("os must be 0-255: " + osByte);
    }
    return new GzipHeader(mtime, osByte, name, comment, extra, text, headerCrc);
  }

  /** FNAME: the original file name's bytes (ISO 8859-1 by the RFC) without its ending zero, or null for none. */
  GzipHeader withName(byte[] bytes) {
    return new GzipHeader(mtime, os, zeroFree("name", bytes), comment, extra, text, headerCrc);
  }

  /** FCOMMENT: the comment's bytes without its ending zero, or null for none. */
  GzipHeader withComment(byte[] bytes) {
    return new GzipHeader(mtime, os, name, zeroFree("comment", bytes), extra, text, headerCrc);
  }

  /** FEXTRA: the extra field's bytes (at most 65535; its subfields are the caller's), or null for none. */
  GzipHeader withExtra(byte[] bytes) {
    if (bytes != null && bytes.length > 0xFFFF) {
      throw new IllegalArgumentException("extra field longer than 65535 bytes: " + bytes.length);
    }
    return new GzipHeader(mtime, os, name, comment, bytes == null ? null : bytes.clone(), text, headerCrc);
  }

  /** FTEXT: the data is probably text. */
  GzipHeader withText(boolean on) {
    return new GzipHeader(mtime, os, name, comment, extra, on, headerCrc);
  }

  /** FHCRC: the header ends with the low 16 bits of its own CRC-32. */
  GzipHeader withHeaderCrc(boolean on) {
    return new GzipHeader(mtime, os, name, comment, extra, text, on);
  }

  long mtime() {
    return mtime;
  }

  int os() {
    return os;
  }

  byte[] name() {
    return name == null ? null : name.clone();
  }

  byte[] comment() {
    return comment == null ? null : comment.clone();
  }

  byte[] extra() {
    return extra == null ? null : extra.clone();
  }

  boolean text() {
    return text;
  }

  boolean headerCrc() {
    return headerCrc;
  }

  @Override
  public String toString() {
    return "GzipHeader[mtime=" + mtime + ", os=" + os + ", name=" + describe(name) + ", comment="
        + describe(comment) + ", extra=" + describe(extra) + ", text=" + text + ", headerCrc=" + headerCrc + "]";
  }

  private static String describe(byte[] b) {
    return b == null ? "none" : b.length + " bytes";
  }

  /** XFL as zlib sets it: 2 at level 9, else 4 at levels 0-1 and for the strategies without string matching. */
  static int extraFlags(DeflateParams p) {
    if (p.level() == 9) {
      return 2;
    }
    return p.strategy() >= DeflateParams.HUFFMAN_ONLY || p.level() < 2 ? 4 : 0;
  }

  /** The header's bytes for a stream compressed with {@code p}. */
  byte[] bytes(DeflateParams p) {
    ByteArrayOutputStream h = new ByteArrayOutputStream(10 + length(extra) + length(name) + length(comment) + 6);
    h.write(0x1f);
    h.write(0x8b);
    h.write(8); // CM: deflate
    h.write((text ? FTEXT : 0) | (headerCrc ? FHCRC : 0) | (extra != null ? FEXTRA : 0)
        | (name != null ? FNAME : 0) | (comment != null ? FCOMMENT : 0));
    for (int i = 0; i < 32; i += 8) {
      h.write((int) (mtime >>> i));
    }
    h.write(extraFlags(p));
    h.write(os);
    if (extra != null) {
      h.write(extra.length);
      h.write(extra.length >>> 8);
      h.writeBytes(extra);
    }
    if (name != null) {
      h.writeBytes(name);
      h.write(0);
    }
    if (comment != null) {
      h.writeBytes(comment);
      h.write(0);
    }
    if (headerCrc) {
      CRC32 crc = new CRC32();
      crc.update(h.toByteArray());
      h.write((int) crc.getValue());
      h.write((int) crc.getValue() >>> 8);
    }
    return h.toByteArray();
  }

  private static int length(byte[] b) {
    return b == null ? 0 : b.length + 2;
  }

  /** zlib writes a name or comment up to its first zero byte: one inside would cut it short. */
  private static byte[] zeroFree(String field, byte[] bytes) {
    if (bytes == null) {
      return null;
    }
    for (byte b : bytes) {
      if (b == 0) {
        throw new IllegalArgumentException("a gzip " + field + " cannot contain a zero byte");
      }
    }
    return bytes.clone();
  }
}
