package io.deltaglider.archive;

import java.io.ByteArrayOutputStream;
import java.util.zip.Deflater;

/**
 * The oracle the JVM carries: {@code java.util.zip.Deflater}, which on this machine is the system
 * zlib (1.2.13). It fixes windowBits 15 and memLevel 8; level and strategy (default, filtered,
 * Huffman-only) can be chosen.
 */
final class JdkDeflater {
  private JdkDeflater() {}

  /**
   * Raw deflate of {@code input} given whole with {@code Z_NO_FLUSH} and an output buffer with room
   * for all of it, then {@code Z_FINISH}: what {@link ZlibDeflater} reproduces.
   */
  static byte[] deflate(byte[] input, int level, int strategy) {
    return deflate(input, level, strategy, true);
  }

  /** As {@link #deflate(byte[], int, int)}, in the zlib wrapper ({@code nowrap} false) or none. */
  static byte[] deflate(byte[] input, int level, int strategy, boolean nowrap) {
    Deflater d = new Deflater(level, nowrap);
    try {
      if (strategy != Deflater.DEFAULT_STRATEGY) {
        d.setStrategy(strategy);
      }
      d.setInput(input);
      byte[] buf = new byte[input.length + input.length / 8 + 65536];
      ByteArrayOutputStream out = new ByteArrayOutputStream(input.length / 2 + 64);
      while (!d.needsInput()) {
        out.write(buf, 0, d.deflate(buf));
      }
      d.finish();
      while (!d.finished()) {
        out.write(buf, 0, d.deflate(buf));
      }
      return out.toByteArray();
    } finally {
      d.end();
    }
  }

  /** Raw deflate of {@code input} given whole with {@code Z_FINISH} in one call. */
  static byte[] deflateFinishAtOnce(byte[] input, int level) {
    Deflater d = new Deflater(level, true);
    try {
      d.setInput(input);
      d.finish();
      byte[] buf = new byte[input.length + input.length / 8 + 65536];
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      while (!d.finished()) {
        out.write(buf, 0, d.deflate(buf));
      }
      return out.toByteArray();
    } finally {
      d.end();
    }
  }
}
