package io.deltaglider.archive;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * {@link DeflateBenchmark}'s comparison timed in thread CPU time, best of N alternating runs: on a
 * shared machine (other processes on the same cores) wall-clock JMH scores swing by 2x, while the
 * CPU time a compression takes moves by a few percent. A cross-check for the JMH figures, not a
 * replacement: it has no forks and counts JIT warm-up in the early runs (the best run is past it).
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.deltaglider.archive.DeflateCpuTime [runs [levels]]
 *   (default: 15 runs, levels 1,6,9)
 * </pre>
 */
public final class DeflateCpuTime {
  private DeflateCpuTime() {}

  public static void main(String[] args) throws Exception {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 15;
    String[] levels = (args.length > 1 ? args[1] : "1,6,9").split(",");
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    System.out.printf("%-8s %5s %14s %14s %8s%n", "corpus", "level", "Deflater MB/s", "ours MB/s", "ratio");
    for (String corpus : new String[] {"classes", "text"}) {
      for (String level : levels) {
        DeflateBenchmark b = new DeflateBenchmark();
        b.corpus = corpus;
        b.level = Integer.parseInt(level);
        b.size = 4 << 20;
        b.setup();
        long jdk = Long.MAX_VALUE;
        long ours = Long.MAX_VALUE;
        for (int i = 0; i < runs; i++) {
          long t0 = mx.getCurrentThreadCpuTime();
          b.jdkDeflater();
          long t1 = mx.getCurrentThreadCpuTime();
          b.zlibDeflater();
          long t2 = mx.getCurrentThreadCpuTime();
          jdk = Math.min(jdk, t1 - t0);
          ours = Math.min(ours, t2 - t1);
        }
        double mbJdk = b.size / (jdk / 1e9) / 1e6;
        double mbOurs = b.size / (ours / 1e9) / 1e6;
        System.out.printf("%-8s %5s %14.1f %14.1f %8.2f%n", corpus, level, mbJdk, mbOurs, mbJdk / mbOurs);
      }
    }
  }
}
