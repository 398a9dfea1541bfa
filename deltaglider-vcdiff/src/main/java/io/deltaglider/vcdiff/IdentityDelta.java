package io.deltaglider.vcdiff;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Writes the delta that rebuilds its source unchanged: each target window is one COPY of the
 * source window at the same offset. Nothing is matched, so nothing depends on reading the source
 * while encoding: the content is read once, front to back, only for the windows' Adler-32. This
 * is what a store keeps for the first object of a deltaspace (the "zero-diff" delta, FORMAT.md
 * section 2.3), and unlike a real encode it cannot disagree with the source if the content's file
 * changes while it is read: whatever bytes were read are what the checksums describe.
 */
final class IdentityDelta {
  /** Opcode of COPY with its size in a separate varint and address mode VCD_SELF (RFC 3284 5.6). */
  private static final int COPY_SELF_EXPLICIT_SIZE = 19;

  private IdentityDelta() {}

  static long write(InputStream content, OutputStream out, int windowSize, boolean checksum, boolean lzmaHeader,
      byte[] appHeader) throws IOException {
    ByteSink header = new ByteSink(64);
    FileHeader.write(header, lzmaHeader, appHeader);
    header.writeTo(out);
    long written = header.len;
    byte[] buf = new byte[Math.min(windowSize, 1 << 16)];
    long start = 0;
    while (true) {
      long adler = 1;
      int n = 0;
      while (n < windowSize) {
        int r = content.read(buf, 0, Math.min(buf.length, windowSize - n));
        if (r < 0) {
          break;
        }
        adler = Adler32s.update(adler, buf, 0, r);
        n += r;
      }
      if (n == 0 && start > 0) {
        return written;
      }
      header.reset();
      writeWindow(header, start, n, checksum, (int) adler);
      header.writeTo(out);
      written += header.len;
      start += n;
      if (n < windowSize) {
        return written;
      }
    }
  }

  /** One window copying {@code n} source bytes from {@code start}; an empty target gets an empty window without source. */
  private static void writeWindow(ByteSink w, long start, int n, boolean checksum, int adler) {
    boolean copies = n > 0;
    int instLen = copies ? 1 + VarInt.size(n) : 0;
    int addrLen = copies ? 1 : 0; // VCD_SELF address 0: the start of the source window
    // Delta_Indicator 0: nothing secondary-compressed (sections this small never are).
    new WindowHeader(copies, n, start, n, adler).write(w, checksum, 0, 0, instLen, addrLen);
    if (copies) {
      w.write(COPY_SELF_EXPLICIT_SIZE);
      w.writeVarint(n);
      w.writeVarint(0);
    }
  }
}
