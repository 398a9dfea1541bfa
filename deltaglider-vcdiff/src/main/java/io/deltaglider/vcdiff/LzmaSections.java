package io.deltaglider.vcdiff;

import java.io.IOException;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZ;
import org.tukaani.xz.XZOutputStream;

/**
 * xdelta3's LZMA secondary compression: one .xz stream (LZMA2 preset 0, no check) per section kind
 * for the whole delta, sync-flushed at the end of each window and never finished, so each window's
 * compressed section is exactly the bytes its flush produced and the decoder's stream state carries
 * over from window to window. A stream is opened the first time its kind is compressed, so its
 * header lands in that section. Not thread-safe.
 */
final class LzmaSections {
  private final XZOutputStream[] streams = new XZOutputStream[3];
  private final ByteSink[] outputs = new ByteSink[3];

  /**
   * Compresses {@code raw} as the next section of kind {@code kind} (0 data, 1 instructions, 2
   * addresses) and writes the section body (uncompressed length varint + stream bytes) to
   * {@code dst}, and returns true; or, when the kind's stream is not open yet and opening it here
   * would not make the section smaller, writes nothing, leaves the stream unopened and returns
   * false (the caller sends the section as it is, its bit clear).
   *
   * <p>Why only then: an open stream's state has to match the decoder's, so a section fed to it
   * must be sent compressed. The first section pays for the stream's headers (about 24 bytes for
   * the .xz stream and block headers, per kind), which a small delta's sections often do not earn
   * back; this is where a default delta used to end up larger than one without secondary
   * compression. Later sections of an open stream cost a few bytes of chunk framing at worst, as
   * LZMA2 stores a chunk it cannot shrink.
   */
  boolean compress(int kind, ByteSink raw, ByteSink dst) throws IOException {
    boolean opening = streams[kind] == null;
    if (opening) {
      outputs[kind] = new ByteSink(1 << 12);
      streams[kind] = new XZOutputStream(outputs[kind], new LZMA2Options(0), XZ.CHECK_NONE);
    }
    streams[kind].write(raw.buf, 0, raw.len);
    streams[kind].flush();
    if (opening && VarInt.size(raw.len) + outputs[kind].len >= raw.len) {
      streams[kind] = null; // never sent: the decoder opens its stream with the first compressed section
      outputs[kind] = null;
      return false;
    }
    dst.writeVarint(raw.len);
    dst.write(outputs[kind].buf, 0, outputs[kind].len);
    outputs[kind].reset();
    return true;
  }
}
