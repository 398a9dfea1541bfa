package io.deltaglider.archive;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.zip.Deflater;

/**
 * STAND-IN, to be replaced by the project's pure-Java zlib-compatible encoder before anything is
 * stored with it. This one is {@link Deflater}, i.e. whatever zlib the JVM links (system zlib, a
 * bundled copy, zlib-ng on some distributions), whose output can differ between the machine that
 * expanded an archive and the one rebuilding it years later: a recipe made here is only safe to
 * rebuild on the same JVM and zlib. It also only reaches windowBits 15 and memLevel 8, with the
 * default, filtered and huffman-only strategies.
 *
 * <p>The input is fed to zlib in fixed 64 KiB chunks with a fixed 16 KiB output buffer, because zlib's
 * stored blocks (level 0) depend on how input and output are chunked; this way expand's check and
 * rebuild see the same chunking whatever the caller's writes look like.
 */
final class PlatformDeflateReproducer implements DeflateReproducer {
  static final PlatformDeflateReproducer INSTANCE = new PlatformDeflateReproducer();
  private static final int CHUNK = 1 << 16;
  private static final int OUT = 1 << 14;

  private PlatformDeflateReproducer() {}

  @Override
  public boolean supports(StreamParams p) {
    return p.windowBits() == 15 && p.memLevel() == 8 && p.strategy() <= StreamParams.HUFFMAN_ONLY;
  }

  @Override
  public StreamCompressor open(StreamParams p) {
    if (!supports(p)) {
      throw new IllegalArgumentException("the platform deflater cannot compress with " + p);
    }
    return new Compressor(p);
  }

  private static final class Compressor implements StreamCompressor {
    private final Deflater deflater;
    private byte[] in = new byte[256]; // grows to CHUNK: most jar entries are small
    private final byte[] out = new byte[OUT];
    private int buffered;

    Compressor(StreamParams p) {
      deflater = new Deflater(p.level(), true);
      deflater.setStrategy(switch (p.strategy()) {
        case StreamParams.FILTERED -> Deflater.FILTERED;
        case StreamParams.HUFFMAN_ONLY -> Deflater.HUFFMAN_ONLY;
        default -> Deflater.DEFAULT_STRATEGY;
      });
    }

    @Override
    public void write(byte[] b, int off, int len, OutputStream sink) throws IOException {
      while (len > 0) {
        int n = Math.min(len, CHUNK - buffered);
        if (buffered + n > in.length) {
          in = Arrays.copyOf(in, Math.min(CHUNK, Math.max(buffered + n, 2 * in.length)));
        }
        System.arraycopy(b, off, in, buffered, n);
        buffered += n;
        off += n;
        len -= n;
        if (buffered == CHUNK) {
          compress(sink);
        }
      }
    }

    @Override
    public void finish(OutputStream sink) throws IOException {
      compress(sink);
      deflater.finish();
      while (!deflater.finished()) {
        drainOnce(sink);
      }
    }

    private void compress(OutputStream sink) throws IOException {
      deflater.setInput(in, 0, buffered);
      buffered = 0;
      while (!deflater.needsInput()) {
        drainOnce(sink);
      }
    }

    private void drainOnce(OutputStream sink) throws IOException {
      int n = deflater.deflate(out);
      if (n > 0) {
        sink.write(out, 0, n);
      }
    }

    @Override
    public void close() {
      deflater.end();
    }
  }
}
