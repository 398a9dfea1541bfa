package io.deltaglider.vcdiff;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Quick side-by-side measurement (the formal harness lives in {@code benchmarks/}).
 *
 * <ul>
 *   <li>{@code encode LEVEL SOURCE TARGET DELTA [lzma]}: one cold encode, for timing the whole
 *       process against {@code xdelta3 -e} (see {@code src/test/scripts/side-by-side.sh});
 *   <li>{@code decode SOURCE DELTA OUT}: our streaming decoder, for checking large outputs;
 *   <li>{@code warm LEVEL SOURCE TARGET...}: in-JVM, prints delta bytes and the best thread CPU time of 5 runs
 *       after 3 warm-up runs.
 * </ul>
 */
public final class EncoderSideBySide {
  public static void main(String[] args) throws Exception {
    if (args[0].equals("decode")) { // decode SOURCE DELTA OUT, with our decoder
      try (SourceData s = SourceData.open(Path.of(args[1]));
          InputStream in = new BufferedInputStream(Files.newInputStream(Path.of(args[2])), 1 << 16);
          OutputStream out = new BufferedOutputStream(Files.newOutputStream(Path.of(args[3])), 1 << 16)) {
        VcdiffDecoder.create().decode(s, in, out);
      }
      return;
    }
    int level = Integer.parseInt(args[1]);
    if (args[0].equals("encode")) {
      VcdiffEncoder.Builder b = VcdiffEncoder.builder().level(level);
      if (args.length > 5 && args[5].equals("lzma")) {
        b.secondary(SecondaryCompression.LZMA);
      }
      try (SourceData s = SourceData.open(Path.of(args[2]));
          InputStream in = new BufferedInputStream(Files.newInputStream(Path.of(args[3])), 1 << 16);
          OutputStream out = new BufferedOutputStream(Files.newOutputStream(Path.of(args[4])), 1 << 16)) {
        b.build().encode(s, in, out);
      }
      return;
    }
    VcdiffEncoder enc = VcdiffEncoder.builder().level(level).build();
    for (int i = 2; i + 1 < args.length; i += 2) {
      byte[] src = Files.readAllBytes(Path.of(args[i]));
      byte[] tgt = Files.readAllBytes(Path.of(args[i + 1]));
      long best = Long.MAX_VALUE;
      int size = 0;
      for (int r = 0; r < 8; r++) {
        long t0 = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        size = enc.encode(src, tgt).length;
        long dt = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - t0;
        if (r >= 3) {
          best = Math.min(best, dt);
        }
      }
      System.out.printf("%-12s level %d  %10d bytes  %7.1f ms  %6.1f MB/s%n", Path.of(args[i + 1]).getFileName(),
          level, size, best / 1e6, tgt.length / (best / 1e3));
    }
  }
}
