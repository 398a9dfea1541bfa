package io.deltaglider.vcdiff;

import io.deltaglider.vcdiff.testing.RawDelta;
import io.deltaglider.vcdiff.testing.RawWindows;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.Adler32;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZ;
import org.tukaani.xz.XZOutputStream;

/**
 * Deltas whose lengths claim more memory than their bytes account for (issue 15, item 6), and
 * valid ones that need large windows, for the memory tests in and out of a small heap.
 */
final class LyingDeltas {
  private static final byte[] NONE = new byte[0];
  /** Default code table: RUN, ADD and COPY (VCD_SELF) with the size following the opcode. */
  static final int RUN = 0;
  static final int ADD = 1;
  static final int COPY_SELF = 19;

  private LyingDeltas() {}

  /** The 15 bytes of the issue: one window declaring 64 MiB, with empty sections. */
  static byte[] window64MiBOfNothing() {
    return new byte[] {
      (byte) 0xD6, (byte) 0xC3, (byte) 0xC4, 0, 0, 0, 8, (byte) 0xA0, (byte) 0x80, (byte) 0x80, 0, 0, 0, 0, 0
    };
  }

  /**
   * A window declaring {@code declared} bytes whose instructions are an ADD of {@code added}
   * bytes, then a COPY of the same size whose address is missing.
   */
  static byte[] windowThatAddsThenStops(int declared, int added) {
    byte[] data = new byte[added];
    Arrays.fill(data, (byte) 'x');
    ByteArrayOutputStream inst = new ByteArrayOutputStream();
    inst.write(ADD);
    inst.writeBytes(RawDelta.varintBytes(added));
    inst.write(COPY_SELF);
    inst.writeBytes(RawDelta.varintBytes(added));
    return RawDelta.header(0, 0).window(0, 0, 0, declared, 0, data, inst.toByteArray(), NONE, -1)
        .toByteArray();
  }

  /**
   * An LZMA-compressed data section claiming {@code claimed} bytes that holds {@code held}, in a
   * window declaring 64 MiB whose one instruction ADDs {@code held} bytes.
   */
  static byte[] lzmaSectionClaiming(long claimed, int held) {
    try {
      ByteArrayOutputStream xzBytes = new ByteArrayOutputStream();
      XZOutputStream xz = new XZOutputStream(xzBytes, new LZMA2Options(0), XZ.CHECK_NONE);
      xz.write(new byte[held]);
      xz.flush(); // like xdelta3: sync-flushed, never finished
      ByteArrayOutputStream section = new ByteArrayOutputStream();
      section.writeBytes(RawDelta.varintBytes(claimed));
      section.writeBytes(xzBytes.toByteArray());
      ByteArrayOutputStream inst = new ByteArrayOutputStream();
      inst.write(ADD);
      inst.writeBytes(RawDelta.varintBytes(held));
      return RawDelta.header(0, Constants.VCD_DECOMPRESS).bytes(Constants.SEC_LZMA)
          .window(0, 0, 0, 64 << 20, Constants.VCD_DATACOMP, section.toByteArray(), inst.toByteArray(), NONE, -1)
          .toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The byte window {@code i} of {@link #runWindows} repeats. */
  static byte runByte(int i) {
    return (byte) (0x41 + i);
  }

  /** A valid delta of {@code count} windows of {@code length} bytes, each one RUN, with checksums. */
  static byte[] runWindows(int count, int length) {
    RawDelta d = RawDelta.header(0, 0);
    ByteArrayOutputStream inst = new ByteArrayOutputStream();
    inst.write(RUN);
    inst.writeBytes(RawDelta.varintBytes(length));
    for (int i = 0; i < count; i++) {
      d.window(Constants.VCD_ADLER32, 0, 0, length, 0, new byte[] {runByte(i)}, inst.toByteArray(), NONE,
          adler32OfRun(runByte(i), length));
    }
    return d.toByteArray();
  }

  private static long adler32OfRun(byte b, int length) {
    byte[] chunk = new byte[1 << 16];
    Arrays.fill(chunk, b);
    Adler32 a = new Adler32();
    for (int left = length; left > 0; left -= chunk.length) {
      a.update(chunk, 0, Math.min(left, chunk.length));
    }
    return a.getValue();
  }

  /**
   * {@code delta} (RFC dialect, no custom code table) with one window's target length raised to
   * between 1 and 64 MiB and, half the time, one of its compressed sections (if any) claiming
   * between 1 MiB and four times that. Throws {@link IllegalArgumentException} for deltas {@link
   * RawWindows} cannot parse.
   */
  static byte[] redeclare(byte[] delta, Random r) {
    RawWindows parsed = RawWindows.parse(delta);
    if (parsed.windows.isEmpty()) {
      throw new IllegalArgumentException("no window");
    }
    RawWindows.Window w = parsed.windows.get(r.nextInt(parsed.windows.size()));
    int declared = (1 << 20) + r.nextInt(63 << 20);
    int kind = r.nextInt(3);
    if (!w.sections[kind].compressed || r.nextBoolean()) {
      return redeclare(delta, w.index, declared, -1, 0);
    }
    return redeclare(delta, w.index, declared, kind, (1 << 20) + (long) (r.nextDouble() * 3 * declared));
  }

  /**
   * {@code delta} with window {@code window} declaring {@code declared} target bytes and, unless
   * {@code kind} is -1, its compressed section {@code kind} claiming {@code claim} bytes; every
   * other byte is kept and the window's delta encoding length adjusted, so the decoder gets past
   * the header checks.
   */
  static byte[] redeclare(byte[] delta, int window, int declared, int kind, long claim) {
    RawWindows parsed = RawWindows.parse(delta);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {(byte) 0xD6, (byte) 0xC3, (byte) 0xC4, 0, (byte) parsed.hdrIndicator});
    if ((parsed.hdrIndicator & Constants.VCD_DECOMPRESS) != 0) {
      out.write(parsed.secondaryId);
    }
    if ((parsed.hdrIndicator & Constants.VCD_APPHEADER) != 0) {
      out.writeBytes(RawDelta.varintBytes(parsed.appHeader.length));
      out.writeBytes(parsed.appHeader);
    }
    for (RawWindows.Window w : parsed.windows) {
      boolean lie = w.index == window;
      byte[][] stored = new byte[3][];
      for (int k = 0; k < 3; k++) {
        RawWindows.Section s = w.sections[k];
        stored[k] = lie && k == kind ? concat(RawDelta.varintBytes(claim), s.payload) : s.stored;
      }
      out.write(w.winIndicator);
      if ((w.winIndicator & 3) != 0) {
        out.writeBytes(RawDelta.varintBytes(w.copyLength));
        out.writeBytes(RawDelta.varintBytes(w.copyOffset));
      }
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      body.writeBytes(RawDelta.varintBytes(lie ? declared : w.targetLength));
      body.write(w.deltaIndicator);
      for (int k = 0; k < 3; k++) {
        body.writeBytes(RawDelta.varintBytes(stored[k].length));
      }
      if ((w.winIndicator & Constants.VCD_ADLER32) != 0) {
        int at = w.sections[0].offset;
        body.writeBytes(Arrays.copyOfRange(delta, at - 4, at));
      }
      for (int k = 0; k < 3; k++) {
        body.writeBytes(stored[k]);
      }
      out.writeBytes(RawDelta.varintBytes(body.size()));
      out.writeBytes(body.toByteArray());
    }
    return out.toByteArray();
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] c = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }
}
