package io.deltaglider.archive;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/** Reads a recipe (FORMAT.md section 9.4): its header at once, its settings one BEGIN at a time. */
final class RecipeReader {
  private final InputStream in;
  final long originalLength;
  final long originalCrc;
  final long canonicalLength;
  private long runsLeft;
  private long leftInRun;
  private StreamParams current;

  RecipeReader(InputStream in) throws IOException {
    this.in = in;
    byte[] magic = in.readNBytes(Canonical.RECIPE_MAGIC.length);
    if (!Arrays.equals(magic, Canonical.RECIPE_MAGIC)) {
      throw new ArchiveFormatException(magic.length == 5 && magic[0] == 'D' && magic[1] == 'G' && magic[2] == 'A'
          && magic[3] == 'R' ? "recipe format version " + (magic[4] & 0xff) + " is not known here"
          : "not an archive recipe");
    }
    if (Varints.read(in, "recipe flags") != 0) {
      throw new ArchiveFormatException("recipe flags name features not known here");
    }
    originalLength = Varints.read(in, "original length");
    byte[] crc = in.readNBytes(4);
    if (crc.length < 4) {
      throw new ArchiveFormatException("truncated recipe");
    }
    originalCrc = (crc[0] & 0xffL) << 24 | (crc[1] & 0xff) << 16 | (crc[2] & 0xff) << 8 | (crc[3] & 0xff);
    canonicalLength = Varints.read(in, "expanded length");
    runsLeft = Varints.read(in, "run count");
  }

  /** The settings of the next BEGIN record. */
  StreamParams next() throws IOException {
    if (leftInRun == 0) {
      if (runsLeft == 0) {
        throw new ArchiveFormatException("the expanded form has more deflate streams than its recipe");
      }
      runsLeft--;
      leftInRun = Varints.read(in, "run length");
      int a = in.read();
      int b = in.read();
      if (b < 0) {
        throw new ArchiveFormatException("truncated recipe");
      }
      current = StreamParams.unpack(a, b);
      if (leftInRun == 0 || current == null) {
        throw new ArchiveFormatException("malformed settings run in the recipe");
      }
    }
    leftInRun--;
    return current;
  }

  /** Checks that every run was used and nothing follows them. */
  void finish() throws IOException {
    if (leftInRun != 0 || runsLeft != 0) {
      throw new ArchiveFormatException("the recipe has more deflate streams than the expanded form");
    }
    if (in.read() >= 0) {
      throw new ArchiveFormatException("bytes after the end of the recipe");
    }
  }
}
