package io.deltaglider.benchmarks;

import java.util.Arrays;
import java.util.Locale;

/**
 * {@link EncryptionBenchmark}'s operations without and with encryption, interleaved operation by
 * operation (which goes first alternates), so that a shared machine's changing load falls on both
 * alike; JMH runs one parameter after the other. Prints the median and minimum wall time per
 * operation, and the median CPU time of the whole process (every thread: hashing beside decoding,
 * GC), which a loaded machine inflates far less than wall time.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.deltaglider.benchmarks.EncryptionOverhead [rounds]
 * </pre>
 */
public final class EncryptionOverhead {
  private EncryptionOverhead() {}

  @FunctionalInterface
  private interface Op {
    Object run(EncryptionBenchmark b) throws Exception;
  }

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
    int warmup = Math.max(3, rounds / 5);
    EncryptionBenchmark[] stores = {new EncryptionBenchmark(), new EncryptionBenchmark()};
    stores[1].encrypted = true;
    for (EncryptionBenchmark s : stores) {
      s.setup();
    }
    String[] names = {"getDeltaCacheHit", "getWhole", "putDelta", "putWhole"};
    Op[] ops = {EncryptionBenchmark::getDeltaCacheHit, EncryptionBenchmark::getWhole, EncryptionBenchmark::putDelta,
        EncryptionBenchmark::putWhole};
    long[][][] times = new long[ops.length][2][rounds];
    long[][][] cpu = new long[ops.length][2][rounds];
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    for (int r = 0; r < warmup + rounds; r++) {
      for (int o = 0; o < ops.length; o++) {
        for (int k = 0; k < 2; k++) {
          int which = (r + k) % 2;
          long c0 = os.getProcessCpuTime();
          long t0 = System.nanoTime();
          ops[o].run(stores[which]);
          long t = System.nanoTime() - t0;
          if (r >= warmup) {
            times[o][which][r - warmup] = t;
            cpu[o][which][r - warmup] = os.getProcessCpuTime() - c0;
          }
        }
      }
    }
    System.out.printf(Locale.ROOT, "%-18s %12s %12s %8s %12s %12s %8s %12s %12s %8s%n", "operation", "plain p50",
        "enc p50", "+%", "plain min", "enc min", "+%", "plain cpu", "enc cpu", "+%");
    for (int o = 0; o < ops.length; o++) {
      double[] p50 = new double[2];
      double[] min = new double[2];
      double[] c50 = new double[2];
      for (int k = 0; k < 2; k++) {
        long[] t = times[o][k].clone();
        Arrays.sort(t);
        p50[k] = t[t.length / 2] / 1e6;
        min[k] = t[0] / 1e6;
        long[] c = cpu[o][k].clone();
        Arrays.sort(c);
        c50[k] = c[c.length / 2] / 1e6;
      }
      System.out.printf(Locale.ROOT, "%-18s %9.1f ms %9.1f ms %7.1f%% %9.1f ms %9.1f ms %7.1f%% %9.1f ms %9.1f ms %7.1f%%%n",
          names[o], p50[0], p50[1], 100 * (p50[1] / p50[0] - 1), min[0], min[1], 100 * (min[1] / min[0] - 1), c50[0], c50[1],
          100 * (c50[1] / c50[0] - 1));
    }
    for (EncryptionBenchmark s : stores) {
      s.tearDown();
    }
  }
}
