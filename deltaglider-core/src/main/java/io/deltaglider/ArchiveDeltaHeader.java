package io.deltaglider;

import io.deltaglider.archive.ArchiveFormatException;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The header of an archive-aware delta (FORMAT.md section 9.8): what the delta was made against
 * and what it rebuilds, so that a reader checks its inputs before decoding and refuses instead of
 * producing wrong bytes; then the target's recipe. The VCDIFF delta follows it.
 */
final class ArchiveDeltaHeader {
  /** "DGAD", version 1. Not VCDIFF's magic: a reader that knows only VCDIFF refuses the delta. */
  static final byte[] MAGIC = {0x44, 0x47, 0x41, 0x44, 0x01};
  /**
   * No archive-aware delta is smaller: magic, flags, three digests (four with a map), five varints, a recipe of at
   * least 7 bytes and a VCDIFF header. A plain delta this small is not worth expanding to beat.
   */
  static final int MIN_DELTA = 120;
  /** The longest recipe a reader accepts (one of a few hundred thousand differently made streams). */
  static final int MAX_RECIPE = 1 << 20;
  /**
   * Flag: the source's expanded form is the one the deltaspace's expansion map pins (FORMAT.md
   * section 9.9), whose SHA-256 follows the expanded source's. Without it the reader expands the
   * source itself (file patches, and store deltas written before maps).
   */
  static final int FLAG_MAP = 1;
  private static final HexFormat HEX = HexFormat.of();

  final long sourceLength;
  final String sourceSha256;
  final long expandedSourceLength;
  final String expandedSourceSha256;
  /** SHA-256 of the expansion map the source's form was made with, or null (no {@link #FLAG_MAP}). */
  final String mapSha256;
  final long targetLength;
  final String targetSha256;
  final long expandedTargetLength;
  final byte[] recipe;

  ArchiveDeltaHeader(long sourceLength, String sourceSha256, long expandedSourceLength, String expandedSourceSha256,
      String mapSha256, long targetLength, String targetSha256, long expandedTargetLength, byte[] recipe) {
    this.sourceLength = sourceLength;
    this.sourceSha256 = sourceSha256;
    this.expandedSourceLength = expandedSourceLength;
    this.expandedSourceSha256 = expandedSourceSha256;
    this.mapSha256 = mapSha256;
    this.targetLength = targetLength;
    this.targetSha256 = targetSha256;
    this.expandedTargetLength = expandedTargetLength;
    this.recipe = recipe;
  }

  /** The header's bytes. */
  byte[] toBytes() {
    ByteArrayOutputStream out = new ByteArrayOutputStream(160 + recipe.length);
    out.writeBytes(MAGIC);
    varint(out, mapSha256 != null ? FLAG_MAP : 0);
    varint(out, sourceLength);
    out.writeBytes(HEX.parseHex(sourceSha256));
    varint(out, expandedSourceLength);
    out.writeBytes(HEX.parseHex(expandedSourceSha256));
    if (mapSha256 != null) {
      out.writeBytes(HEX.parseHex(mapSha256));
    }
    varint(out, targetLength);
    out.writeBytes(HEX.parseHex(targetSha256));
    varint(out, expandedTargetLength);
    varint(out, recipe.length);
    out.writeBytes(recipe);
    return out.toByteArray();
  }

  void writeTo(OutputStream out) throws IOException {
    out.write(toBytes());
  }

  /** Reads a header, leaving {@code in} at the VCDIFF delta. */
  static ArchiveDeltaHeader readFrom(InputStream in) throws IOException {
    byte[] magic = exactly(in, MAGIC.length);
    if (!Arrays.equals(magic, 0, 4, MAGIC, 0, 4)) {
      throw new ArchiveFormatException("not an archive-aware delta (no DGAD magic)");
    }
    if (magic[4] != MAGIC[4]) {
      throw new ArchiveFormatException("archive-aware delta version " + (magic[4] & 0xff) + " is not supported");
    }
    long flags = varint(in);
    if ((flags & ~FLAG_MAP) != 0) {
      throw new ArchiveFormatException("archive-aware delta flags " + flags + " are not supported");
    }
    long sourceLength = varint(in);
    String sourceSha = HEX.formatHex(exactly(in, 32));
    long expandedSourceLength = varint(in);
    String expandedSourceSha = HEX.formatHex(exactly(in, 32));
    String mapSha = (flags & FLAG_MAP) != 0 ? HEX.formatHex(exactly(in, 32)) : null;
    long targetLength = varint(in);
    String targetSha = HEX.formatHex(exactly(in, 32));
    long expandedTargetLength = varint(in);
    long recipeLength = varint(in);
    if (recipeLength > MAX_RECIPE) {
      throw new ArchiveFormatException("archive-aware delta recipe of " + recipeLength + " bytes (at most " + MAX_RECIPE
          + ")");
    }
    byte[] recipe = exactly(in, (int) recipeLength);
    return new ArchiveDeltaHeader(sourceLength, sourceSha, expandedSourceLength, expandedSourceSha, mapSha, targetLength,
        targetSha, expandedTargetLength, recipe);
  }

  private static byte[] exactly(InputStream in, int n) throws IOException {
    byte[] b = in.readNBytes(n);
    if (b.length != n) {
      throw new ArchiveFormatException("archive-aware delta truncated in its header", new EOFException());
    }
    return b;
  }

  /** RFC 3284 varint: base 128, most significant group first. */
  static void varint(ByteArrayOutputStream out, long v) {
    int groups = 1;
    for (long t = v >>> 7; t != 0; t >>>= 7) {
      groups++;
    }
    for (int i = groups - 1; i >= 0; i--) {
      int b = (int) (v >>> (7 * i)) & 0x7f;
      out.write(i > 0 ? b | 0x80 : b);
    }
  }

  /** At most 9 bytes (63 bits), as the rest of the format. */
  static long varint(InputStream in) throws IOException {
    long v = 0;
    for (int i = 0; i < 9; i++) {
      int b = in.read();
      if (b < 0) {
        throw new ArchiveFormatException("archive-aware delta truncated in its header", new EOFException());
      }
      v = (v << 7) | (b & 0x7f);
      if ((b & 0x80) == 0) {
        return v;
      }
    }
    throw new ArchiveFormatException("archive-aware delta header has a varint longer than 9 bytes");
  }
}
