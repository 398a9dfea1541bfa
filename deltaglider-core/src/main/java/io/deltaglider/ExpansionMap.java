package io.deltaglider;

import io.deltaglider.archive.ArchiveFormatException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A deltaspace's expansion map (FORMAT.md section 9.9): which reference it describes, the expanded
 * form's length and SHA-256, and the layout that makes exactly that form again from the reference.
 * Stored once per deltaspace, create-only, at {@link #KEY_NAME} beside the reference, so that the
 * archive-aware deltas made against the reference stay readable whatever later versions of the
 * archive transforms would make of it.
 */
final class ExpansionMap {
  /** "DGAM", version 1. */
  static final byte[] MAGIC = {0x44, 0x47, 0x41, 0x4D, 0x01};
  /**
   * The raw key's last segment: {@code reference.bin.delta} is the delta key of the user key
   * {@code reference.bin}, which no user key can be (FORMAT.md section 2.4), so no object of any
   * writer of this library takes it, and a user can neither put nor get it.
   */
  static final String KEY_NAME = ObjectKey.REFERENCE + ObjectKey.DELTA_SUFFIX;
  /** {@code dg-note} of the stored map. */
  static final String NOTE = "expansion-map";
  /** The largest map written or read: about six million streams. */
  static final int MAX_BYTES = 64 << 20;
  private static final HexFormat HEX = HexFormat.of();

  final long referenceLength;
  final String referenceSha256;
  final long expandedLength;
  final String expandedSha256;
  /** The reference's recipe: the settings of its expanded streams, which a rebuild may reuse. */
  final byte[] recipe;
  final byte[] layout;

  ExpansionMap(long referenceLength, String referenceSha256, long expandedLength, String expandedSha256,
      byte[] recipe, byte[] layout) {
    this.referenceLength = referenceLength;
    this.referenceSha256 = referenceSha256;
    this.expandedLength = expandedLength;
    this.expandedSha256 = expandedSha256;
    this.recipe = recipe;
    this.layout = layout;
  }

  /** The raw key of the map of {@code deltaspace}. */
  static String keyOf(String deltaspace) {
    return ObjectKey.deltaspacePrefix(deltaspace) + KEY_NAME;
  }

  /** Whether a raw key is a deltaspace's map (not a delta, although it ends in {@code .delta}). */
  static boolean isMapKey(String rawKey) {
    return rawKey.endsWith(KEY_NAME) && (rawKey.length() == KEY_NAME.length()
        || rawKey.charAt(rawKey.length() - KEY_NAME.length() - 1) == '/');
  }

  byte[] toBytes() {
    ByteArrayOutputStream out = new ByteArrayOutputStream(100 + recipe.length + layout.length);
    out.writeBytes(MAGIC);
    ArchiveDeltaHeader.varint(out, 0); // flags: none defined
    ArchiveDeltaHeader.varint(out, referenceLength);
    out.writeBytes(HEX.parseHex(referenceSha256));
    ArchiveDeltaHeader.varint(out, expandedLength);
    out.writeBytes(HEX.parseHex(expandedSha256));
    ArchiveDeltaHeader.varint(out, recipe.length);
    out.writeBytes(recipe);
    ArchiveDeltaHeader.varint(out, layout.length);
    out.writeBytes(layout);
    return out.toByteArray();
  }

  /** Parses a map; every malformation is an {@link ArchiveFormatException}. */
  static ExpansionMap parse(byte[] bytes) throws IOException {
    InputStream in = new ByteArrayInputStream(bytes);
    byte[] magic = exactly(in, MAGIC.length);
    if (!Arrays.equals(magic, 0, 4, MAGIC, 0, 4)) {
      throw new ArchiveFormatException("not an expansion map (no DGAM magic)");
    }
    if (magic[4] != MAGIC[4]) {
      throw new ArchiveFormatException("expansion map version " + (magic[4] & 0xff) + " is not supported");
    }
    if (ArchiveDeltaHeader.varint(in) != 0) {
      throw new ArchiveFormatException("expansion map flags name features not known here");
    }
    long refLength = ArchiveDeltaHeader.varint(in);
    String refSha = HEX.formatHex(exactly(in, 32));
    long expandedLength = ArchiveDeltaHeader.varint(in);
    String expandedSha = HEX.formatHex(exactly(in, 32));
    long recipeLength = ArchiveDeltaHeader.varint(in);
    if (recipeLength > ArchiveDeltaHeader.MAX_RECIPE) {
      throw new ArchiveFormatException("expansion map's recipe of " + recipeLength + " bytes (at most "
          + ArchiveDeltaHeader.MAX_RECIPE + ")");
    }
    byte[] recipe = exactly(in, (int) recipeLength);
    long layoutLength = ArchiveDeltaHeader.varint(in);
    if (layoutLength != in.available()) {
      throw new ArchiveFormatException("expansion map's layout is " + in.available() + " bytes, its header says "
          + layoutLength);
    }
    return new ExpansionMap(refLength, refSha, expandedLength, expandedSha, recipe, in.readAllBytes());
  }

  private static byte[] exactly(InputStream in, int n) throws IOException {
    byte[] b = in.readNBytes(n);
    if (b.length != n) {
      throw new ArchiveFormatException("expansion map truncated in its header", new EOFException());
    }
    return b;
  }
}
