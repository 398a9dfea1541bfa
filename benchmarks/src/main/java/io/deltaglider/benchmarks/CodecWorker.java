package io.deltaglider.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Runs one {@link JvmCodec} operation in a JVM of its own, for {@link Compare}:
 *
 * <pre>CodecWorker TOOL encode|decode SOURCE IN OUT WARMUPS TARGET_SIZE</pre>
 *
 * <p>Reads both inputs into memory, runs the operation {@code WARMUPS} times, then once more, and
 * reports the last run (only the codec call is timed, not the file I/O); a first run over 3 s is
 * reported without repeats. Writes the result to OUT and prints one line:
 * {@code RESULT nanos=N cpuNanos=N heapPeak=BYTES vmHWMKiB=KIB}
 * (cpuNanos: the calling thread's CPU time, so multi-threaded codecs are under-counted).
 */
public final class CodecWorker {
  /** A first run slower than this is not repeated for warm-up. */
  static final long SLOW_NANOS = 3_000_000_000L;

  private CodecWorker() {}

  /** What one timed operation took. */
  public record Timing(long nanos, long cpuNanos, long heapPeakBytes, long vmHwmKiB) {}

  public static void main(String[] args) throws Exception {
    if (args.length != 7) {
      System.err.println("usage: CodecWorker TOOL encode|decode SOURCE IN OUT WARMUPS TARGET_SIZE");
      System.exit(2);
    }
    Codec c = Codecs.byName(args[0]);
    if (!(c instanceof JvmCodec codec)) {
      throw new IllegalArgumentException(args[0] + " is not an in-JVM codec");
    }
    Timing t = run(codec, args[1], Path.of(args[2]), Path.of(args[3]), Path.of(args[4]),
        Integer.parseInt(args[5]), Long.parseLong(args[6]));
    System.out.printf(Locale.ROOT, "RESULT nanos=%d cpuNanos=%d heapPeak=%d vmHWMKiB=%d%n",
        t.nanos(), t.cpuNanos(), t.heapPeakBytes(), t.vmHwmKiB());
  }

  /** Runs the operation; also used in-process by {@link Compare} with {@code --in-process}. */
  public static Timing run(JvmCodec codec, String op, Path source, Path in, Path out, int warmups,
      long targetSize) throws Exception {
    boolean streams = codec.streamsFiles();
    byte[] src = streams ? null : Files.readAllBytes(source);
    byte[] input = streams ? null : Files.readAllBytes(in);
    boolean encode;
    switch (op) {
      case "encode" -> encode = true;
      case "decode" -> encode = false;
      default -> throw new IllegalArgumentException("op must be encode or decode: " + op);
    }
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    byte[] result = null;
    long nanos = 0;
    long cpu = -1;
    // The first run is timed too: when it is slow (over SLOW_NANOS) the JIT has long warmed up
    // inside it and repeating it would only cost time; else it counts as the first warm-up run.
    for (int run = 0; run <= warmups; run++) {
      result = null;
      long c0 = threads.isCurrentThreadCpuTimeSupported() ? threads.getCurrentThreadCpuTime() : -1;
      long t0 = System.nanoTime();
      if (streams) {
        if (encode) {
          codec.encodeFiles(source, in, out);
        } else {
          codec.decodeFiles(source, in, out, targetSize);
        }
      } else {
        result = encode ? codec.encode(src, input) : codec.decode(src, input, targetSize);
      }
      nanos = System.nanoTime() - t0;
      cpu = c0 < 0 ? -1 : threads.getCurrentThreadCpuTime() - c0;
      if (run == 0 && nanos > SLOW_NANOS) {
        break;
      }
    }
    if (!streams) {
      Files.write(out, result);
    }
    return new Timing(nanos, cpu, heapPeak(), vmHwmKiB());
  }

  static long heapPeak() {
    long sum = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
        sum += pool.getPeakUsage().getUsed();
      }
    }
    return sum;
  }

  /** Peak resident set of this process in KiB from /proc, or -1 off Linux. */
  static long vmHwmKiB() {
    return procStatusKiB(Path.of("/proc/self/status"), "VmHWM:");
  }

  static long procStatusKiB(Path status, String key) {
    try {
      for (String line : Files.readAllLines(status, StandardCharsets.UTF_8)) {
        if (line.startsWith(key)) {
          return Long.parseLong(line.substring(key.length()).replace("kB", "").trim());
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux, or the process is gone
    }
    return -1;
  }
}
