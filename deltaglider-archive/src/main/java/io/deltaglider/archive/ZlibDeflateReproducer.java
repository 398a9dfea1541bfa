package io.deltaglider.archive;

import java.io.IOException;
import java.io.OutputStream;

/**
 * The reproducer expand and rebuild use: the project's pure-Java {@link ZlibDeflater}, whose
 * output for given settings is zlib's (1.2.12 to 1.3.1) on every JVM and machine, so a recipe
 * made anywhere rebuilds the same bytes anywhere, for as long as it is stored. Every setting zlib
 * accepts is supported (levels 0-9, windowBits 9-15, memLevel 1-9, all five strategies).
 */
final class ZlibDeflateReproducer implements DeflateReproducer {
  static final ZlibDeflateReproducer INSTANCE = new ZlibDeflateReproducer();

  private ZlibDeflateReproducer() {}

  @Override
  public boolean supports(StreamParams p) {
    return true; // StreamParams admits only what zlib accepts, and the encoder does all of it
  }

  @Override
  public StreamCompressor open(StreamParams p) {
    ZlibDeflater deflater = new ZlibDeflater(new DeflateParams(p.level(), p.windowBits(), p.memLevel(), p.strategy()));
    return new StreamCompressor() {
      @Override
      public void write(byte[] b, int off, int len, OutputStream out) throws IOException {
        deflater.write(b, off, len, out);
      }

      @Override
      public void finish(OutputStream out) throws IOException {
        deflater.finish(out);
      }
    };
  }
}
