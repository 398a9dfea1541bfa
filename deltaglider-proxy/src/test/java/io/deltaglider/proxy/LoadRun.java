package io.deltaglider.proxy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs {@code n} requests on {@code clients} threads (each takes the next request when done) and
 * keeps every request's latency: throughput and percentiles for {@link GatewayBenchmark}.
 */
final class LoadRun {
  /** One request: does it, returns the bytes it moved. */
  interface Request {
    long run(int index) throws Exception;
  }

  final int requests;
  final long bytes;
  final long wallNanos;
  private final long[] latencies;

  private LoadRun(int requests, long bytes, long wallNanos, long[] latencies) {
    this.requests = requests;
    this.bytes = bytes;
    this.wallNanos = wallNanos;
    this.latencies = latencies;
  }

  static LoadRun run(int n, int clients, Request request) throws Exception {
    long[] latencies = new long[n];
    long[] moved = new long[n];
    AtomicInteger next = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    long start = System.nanoTime();
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        done.add(pool.submit(() -> {
          for (int i; (i = next.getAndIncrement()) < n; ) {
            long t = System.nanoTime();
            moved[i] = request.run(i);
            latencies[i] = System.nanoTime() - t;
          }
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    long wall = System.nanoTime() - start;
    Arrays.sort(latencies);
    return new LoadRun(n, Arrays.stream(moved).sum(), wall, latencies);
  }

  double mibPerSecond() {
    return bytes / (1024.0 * 1024.0) / (wallNanos / 1e9);
  }

  /** The latency below which {@code p} percent of requests finished, in milliseconds (nearest rank). */
  double percentileMillis(double p) {
    int rank = (int) Math.ceil(p / 100.0 * latencies.length);
    return latencies[Math.max(0, Math.min(latencies.length - 1, rank - 1))] / 1e6;
  }

  String row(String label) {
    return String.format("%-34s %5d %9.1f %8.1f %9.1f %9.1f %9.1f", label, requests, bytes / 1048576.0,
        wallNanos / 1e9, mibPerSecond(), percentileMillis(50), percentileMillis(99));
  }

  static String header() {
    return String.format("%-34s %5s %9s %8s %9s %9s %9s", "run", "reqs", "MiB", "s", "MiB/s", "p50 ms", "p99 ms");
  }
}
