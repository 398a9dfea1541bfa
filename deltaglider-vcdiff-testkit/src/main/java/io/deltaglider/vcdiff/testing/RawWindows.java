package io.deltaglider.vcdiff.testing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Test-only walker of an xdelta3-dialect VCDIFF file: header, then each window's fields and its
 * three sections as stored (still secondary-compressed where the Delta_Indicator says so). It
 * checks only what it needs to find the sections and throws {@link IllegalArgumentException} on
 * anything else.
 */
public final class RawWindows {
  /** Index of the data section in {@link Window#sections}. */
  public static final int DATA = 0;
  /** Index of the instructions section. */
  public static final int INST = 1;
  /** Index of the addresses section. */
  public static final int ADDR = 2;
  /** The sections' names, by index. */
  public static final String[] KIND_NAMES = {"data", "inst", "addr"};

  /** One stored section. */
  public static final class Section {
    /** {@link #DATA}, {@link #INST} or {@link #ADDR}. */
    public final int kind;
    /** Offset of the stored bytes in the delta file. */
    public final int offset;
    /** The stored bytes (for a compressed section: size varint + compressor bytes). */
    public final byte[] stored;
    /** Whether the window's Delta_Indicator marks it secondary-compressed. */
    public final boolean compressed;
    /** The section's size once decompressed (its stored size when not compressed). */
    public final int uncompressedSize;
    /** Offset in the delta file where the compressor's bytes (or the plain section) start. */
    public final int payloadOffset;
    /** Compressed: the compressor's bytes; else the section itself. */
    public final byte[] payload;

    Section(byte[] file, int kind, int offset, int length, boolean compressed) {
      this.kind = kind;
      this.offset = offset;
      this.stored = Arrays.copyOfRange(file, offset, offset + length);
      this.compressed = compressed;
      if (compressed) {
        int[] pos = {offset};
        long size = readVarint(file, pos, offset + length);
        if (size > Integer.MAX_VALUE) {
          throw new IllegalArgumentException("section size too large: " + size);
        }
        this.uncompressedSize = (int) size;
        this.payloadOffset = pos[0];
        this.payload = Arrays.copyOfRange(file, pos[0], offset + length);
      } else {
        this.uncompressedSize = length;
        this.payloadOffset = offset;
        this.payload = stored;
      }
    }
  }

  /** One window. */
  public static final class Window {
    /** Position of the window in the file, from 0. */
    public final int index;
    /** Win_Indicator byte. */
    public final int winIndicator;
    /** Delta_Indicator byte. */
    public final int deltaIndicator;
    /** Length of the copy window in the source (0 without VCD_SOURCE). */
    public final long copyLength;
    /** Offset of the copy window in the source. */
    public final long copyOffset;
    /** Declared length of the target window. */
    public final long targetLength;
    /** The data, instructions and addresses sections, by index. */
    public final Section[] sections;

    Window(int index, int winIndicator, int deltaIndicator, long copyLength, long copyOffset,
        long targetLength, Section[] sections) {
      this.index = index;
      this.winIndicator = winIndicator;
      this.deltaIndicator = deltaIndicator;
      this.copyLength = copyLength;
      this.copyOffset = copyOffset;
      this.targetLength = targetLength;
      this.sections = sections;
    }
  }

  /** Hdr_Indicator byte. */
  public final int hdrIndicator;
  /** Secondary compressor id, or 0 when the header has none. */
  public final int secondaryId;
  /** Application header bytes, or null. */
  public final byte[] appHeader;
  /** The windows in file order. */
  public final List<Window> windows;

  private RawWindows(int hdrIndicator, int secondaryId, byte[] appHeader, List<Window> windows) {
    this.hdrIndicator = hdrIndicator;
    this.secondaryId = secondaryId;
    this.appHeader = appHeader;
    this.windows = windows;
  }

  /** Walks a whole delta file; {@link IllegalArgumentException} on what it cannot walk. */
  public static RawWindows parse(byte[] f) {
    if (f.length < 5 || (f[0] & 0xFF) != 0xD6 || (f[1] & 0xFF) != 0xC3 || (f[2] & 0xFF) != 0xC4
        || f[3] != 0) {
      throw new IllegalArgumentException("not an RFC 3284 VCDIFF file");
    }
    int hdr = f[4] & 0xFF;
    int[] pos = {5};
    int secondary = 0;
    if ((hdr & 0x01) != 0) {
      secondary = f[pos[0]++] & 0xFF;
    }
    if ((hdr & 0x02) != 0) {
      throw new IllegalArgumentException("code table not supported");
    }
    byte[] app = new byte[0];
    if ((hdr & 0x04) != 0) {
      int len = (int) readVarint(f, pos, f.length);
      app = Arrays.copyOfRange(f, pos[0], pos[0] + len);
      pos[0] += len;
    }
    List<Window> windows = new ArrayList<>();
    while (pos[0] < f.length) {
      int win = f[pos[0]++] & 0xFF;
      long cpyLen = 0;
      long cpyOff = 0;
      if ((win & 0x03) != 0) {
        cpyLen = readVarint(f, pos, f.length);
        cpyOff = readVarint(f, pos, f.length);
      }
      long deltaLen = readVarint(f, pos, f.length);
      int deltaStart = pos[0];
      long targetLen = readVarint(f, pos, f.length);
      int delInd = f[pos[0]++] & 0xFF;
      int[] lens = new int[3];
      for (int k = 0; k < 3; k++) {
        lens[k] = (int) readVarint(f, pos, f.length);
      }
      if ((win & 0x04) != 0) {
        pos[0] += 4;
      }
      Section[] sections = new Section[3];
      for (int k = 0; k < 3; k++) {
        sections[k] = new Section(f, k, pos[0], lens[k], (delInd & (1 << k)) != 0);
        pos[0] += lens[k];
      }
      if (pos[0] - deltaStart != deltaLen) {
        throw new IllegalArgumentException("window " + windows.size() + ": delta length mismatch");
      }
      windows.add(new Window(windows.size(), win, delInd, cpyLen, cpyOff, targetLen, sections));
    }
    return new RawWindows(hdr, secondary, app, windows);
  }

  /** RFC 3284 integer: base-128 digits, most significant first, high bit set on all but the last. */
  public static long readVarint(byte[] f, int[] pos, int limit) {
    long v = 0;
    for (int i = 0; i < 10; i++) {
      if (pos[0] >= limit) {
        throw new IllegalArgumentException("varint runs past its limit at " + pos[0]);
      }
      int b = f[pos[0]++] & 0xFF;
      v = (v << 7) | (b & 0x7F);
      if ((b & 0x80) == 0) {
        return v;
      }
    }
    throw new IllegalArgumentException("varint too long at " + pos[0]);
  }
}
