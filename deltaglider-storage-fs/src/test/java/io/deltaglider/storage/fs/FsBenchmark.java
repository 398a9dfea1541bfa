package io.deltaglider.storage.fs;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.deltaglider.spi.Payload;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Put/get throughput of {@link FileSystemBackend} against plain {@code Files.write} /
 * {@code Files.readAllBytes} of the same bytes, and the fsync cost per object. Not part of the
 * normal test run (the name does not match Surefire's patterns); run it with
 * {@code mvn -B -o -pl deltaglider-storage-fs -am test -Dtest=FsBenchmark -Dfs.bench=true
 * -Dsurefire.failIfNoSpecifiedTests=false} and copy the table into BENCHMARKS.md.
 */
class FsBenchmark {
  @TempDir Path dir;

  private interface Body {
    void run(int i) throws Exception;
  }

  private static double time(int n, Body body) throws Exception {
    for (int i = 0; i < Math.min(n, 20); i++) {
      body.run(-1 - i); // warm-up
    }
    long t0 = System.nanoTime();
    for (int i = 0; i < n; i++) {
      body.run(i);
    }
    return (System.nanoTime() - t0) / 1e9;
  }

  @Test
  void putAndGetAgainstPlainFiles() throws Exception {
    assumeTrue(Boolean.getBoolean("fs.bench"), "set -Dfs.bench=true to run the benchmark");
    int[][] cases = {{4 << 10, 2000}, {1 << 20, 200}, {32 << 20, 8}};
    Map<String, String> meta = Map.of("dg-tool", "deltaglider-jvm/0.1.0", "dg-note", "passthrough",
        "dg-file-sha256", "ab".repeat(32), "dg-file-size", "0", "dg-created-at", "2026-11-25T00:00:00Z");
    StringBuilder table = new StringBuilder();
    table.append("| object size | count | Files.write | put, no fsync | put (fsync) | Files.write + fsync | fsync cost per put | "
        + "Files.readAllBytes | get |\n|---|---|---|---|---|---|---|---|---|\n");
    for (int[] c : cases) {
      int size = c[0];
      int n = c[1];
      byte[] data = new byte[size];
      new Random(size).nextBytes(data);
      Path plain = Files.createDirectories(dir.resolve("plain-" + size + "/ds"));
      Path plainSync = Files.createDirectories(dir.resolve("plainsync-" + size + "/ds"));
      FileSystemBackend fast = FileSystemBackend.builder(dir.resolve("nofsync-" + size)).fsync(false).build();
      FileSystemBackend durable = FileSystemBackend.open(dir.resolve("fsync-" + size));
      double tPlain = time(n, i -> Files.write(plain.resolve("o" + i), data));
      double tPlainSync = time(n, i -> {
        try (FileChannel ch = FileChannel.open(plainSync.resolve("o" + i), StandardOpenOption.CREATE,
            StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
          ch.write(java.nio.ByteBuffer.wrap(data));
          ch.force(true);
        }
      });
      double tFast = time(n, i -> fast.put("ds/o" + i, Payload.of(data), meta));
      double tDurable = time(n, i -> durable.put("ds/o" + i, Payload.of(data), meta));
      double tRead = time(n, i -> Files.readAllBytes(plain.resolve("o" + Math.max(i, 0))));
      double tGet = time(n, i -> {
        try (InputStream in = durable.get("ds/o" + Math.max(i, 0))) {
          in.readAllBytes();
        }
      });
      double mb = (double) size * n / (1 << 20);
      table.append(String.format("| %s | %d | %s | %s | %s | %s | %.2f ms | %s | %s |%n", human(size), n,
          rate(mb, tPlain, n), rate(mb, tFast, n), rate(mb, tDurable, n), rate(mb, tPlainSync, n),
          (tDurable - tFast) * 1000 / n, rate(mb, tRead, n), rate(mb, tGet, n)));
    }
    System.out.println("[FsBenchmark] " + System.getProperty("os.name") + " " + System.getProperty("os.version")
        + ", Java " + Runtime.version() + ", " + Runtime.getRuntime().availableProcessors() + " CPUs, "
        + Files.getFileStore(dir).type() + " at " + dir + "\n" + table);
  }

  private static String human(int size) {
    return size >= 1 << 20 ? (size >> 20) + " MiB" : (size >> 10) + " KiB";
  }

  private static String rate(double mb, double seconds, int n) {
    return String.format("%.0f MB/s, %.3f ms", mb / seconds, seconds * 1000 / n);
  }
}
