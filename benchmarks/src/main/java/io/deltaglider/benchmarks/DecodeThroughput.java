package io.deltaglider.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.Locale;

/**
 * In-JVM decode throughput by wall clock and by the decoding thread's CPU time, for a shared
 * machine: when other processes hold the cores, wall-clock MB/s (what JMH reports) falls with the
 * load, while CPU-time MB/s shows what the decoder does with the CPU it gets. A complement to
 * {@link CodecBenchmark}, not a replacement.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.deltaglider.benchmarks.DecodeThroughput \
 *   'deltaglider-java default (-6) -S none' WARMUPS ITERATIONS PAIR...
 * </pre>
 * Prints one TSV line per pair: tool, pair, target bytes, delta bytes, median and best wall MB/s,
 * median and best CPU MB/s, the 1-minute load average at the start and end.
 */
public final class DecodeThroughput {
  private DecodeThroughput() {}

  public static void main(String[] args) throws Exception {
    JvmCodec codec = (JvmCodec) Codecs.byName(args[0]);
    int warmups = Integer.parseInt(args[1]);
    int iterations = Integer.parseInt(args[2]);
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    System.out.println("tool\tpair\ttarget_bytes\tdelta_bytes\twall_MBps_median\twall_MBps_best"
        + "\tcpu_MBps_median\tcpu_MBps_best\tload1_start\tload1_end");
    for (int a = 3; a < args.length; a++) {
      Pair p = CodecBenchmark.find(Compare.defaultCorpus(), args[a]);
      byte[] source = Files.readAllBytes(p.source());
      byte[] target = Files.readAllBytes(p.target());
      byte[] delta = codec.encode(source, target);
      if (!Arrays.equals(codec.decode(source, delta, target.length), target)) {
        throw new IllegalStateException(codec.name() + " does not round-trip " + p.name());
      }
      String load0 = CompareOutput.loadAverage1();
      for (int i = 0; i < warmups; i++) {
        codec.decode(source, delta, target.length);
      }
      double[] wall = new double[iterations];
      double[] cpu = new double[iterations];
      for (int i = 0; i < iterations; i++) {
        long c0 = threads.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        byte[] out = codec.decode(source, delta, target.length);
        long t = System.nanoTime() - t0;
        long c = threads.getCurrentThreadCpuTime() - c0;
        if (out.length != target.length) {
          throw new IllegalStateException("short output");
        }
        wall[i] = target.length / 1e3 / (t / 1e6);
        cpu[i] = target.length / 1e3 / (c / 1e6);
      }
      Arrays.sort(wall);
      Arrays.sort(cpu);
      System.out.printf(Locale.ROOT, "%s\t%s\t%d\t%d\t%.0f\t%.0f\t%.0f\t%.0f\t%s\t%s%n",
          codec.name(), p.name(), target.length, delta.length, wall[iterations / 2],
          wall[iterations - 1], cpu[iterations / 2], cpu[iterations - 1], load0,
          CompareOutput.loadAverage1());
    }
  }
}
