package io.deltaglider.vcdiff;

import java.io.IOException;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZ;
import org.tukaani.xz.XZOutputStream;

/**
 * xdelta3's LZMA secondary compression: one .xz stream (LZMA2 preset 0, no check) per section kind
 * for the whole delta, sync-flushed at the end of each window and never finished, so each window's
 * compressed section is exactly the bytes its flush produced and the decoder's stream state carries
 * over from window to window. A kind's stream is opened by its first compressed section, so its
 * header lands in that section. Not thread-safe.
 */
final class LzmaSections {
  private final Stream[] streams = new Stream[3];

  /** One kind's stream. */
  static final class Stream {
    private final ByteSink out = new ByteSink(1 << 12);
    private final XZOutputStream xz;

    Stream() throws IOException {
      xz = new XZOutputStream(out, new LZMA2Options(0), XZ.CHECK_NONE); // writes the stream header
    }

    /**
     * Compresses {@code raw[0, len)} as the stream's next section and appends the section body
     * (uncompressed length varint, then the bytes the flush produced) to {@code dst}.
     */
    void section(byte[] raw, int len, ByteSink dst) throws IOException {
      xz.write(raw, 0, len);
      xz.flush();
      dst.writeVarint(len);
      dst.write(out.buf, 0, out.len);
      out.reset();
    }
  }

  /** Makes {@code s}, whose sections have all been sent compressed, kind {@code kind}'s stream. */
  void adopt(int kind, Stream s) {
    streams[kind] = s;
  }

  /**
   * Compresses {@code raw} as the next section of kind {@code kind} (0 data, 1 instructions, 2
   * addresses) and appends the section body to {@code dst}, and returns true; or, when the kind's
   * stream is not open yet and opening it here would not make the section smaller, appends
   * nothing, leaves the stream unopened and returns false (the caller sends the section as it is,
   * its bit clear).
   *
   * <p>Why only then: an open stream's state has to match the decoder's, so a section fed to it
   * must be sent compressed, and the first one pays for the stream's headers (about 24 bytes).
   * Later sections of an open stream cost a few bytes of chunk framing at worst, as LZMA2 stores a
   * chunk it cannot shrink.
   */
  boolean compress(int kind, ByteSink raw, ByteSink dst) throws IOException {
    if (streams[kind] != null) {
      streams[kind].section(raw.buf, raw.len, dst);
      return true;
    }
    int start = dst.len;
    Stream s = new Stream();
    s.section(raw.buf, raw.len, dst);
    if (dst.len - start >= raw.len) {
      dst.len = start; // never sent: the decoder opens its stream with the first compressed section
      return false;
    }
    streams[kind] = s;
    return true;
  }
}
