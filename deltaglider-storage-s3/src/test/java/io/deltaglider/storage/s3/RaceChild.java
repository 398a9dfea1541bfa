package io.deltaglider.storage.s3;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;

/**
 * Another process of {@link S3StoreRaceTest}: the writers of {@link RaceWorkload.Writers} on S3.
 * It writes {@code ready-<id>} once its stores are built; then, for each round, gets its puts
 * waiting, releases them when a line arrives on stdin (a blocked read wakes at once and spends no
 * CPU, unlike polling for a file), and writes {@code done-<id>-<round>} with one line per put.
 * Args: endpoint, bucket, work dir, id, first writer number, stores, threads per store, rounds.
 */
public final class RaceChild {
  private RaceChild() {}

  public static void main(String[] args) {
    try {
      run(args);
    } catch (Throwable t) {
      t.printStackTrace();
      System.exit(1);
    }
    // Whatever threads a client library left running, the test waits for this process to end.
    System.exit(0);
  }

  private static void run(String[] args) throws Exception {
    URI endpoint = URI.create(args[0]);
    String bucket = args[1];
    Path work = Path.of(args[2]);
    String id = args[3];
    int first = Integer.parseInt(args[4]);
    int stores = Integer.parseInt(args[5]);
    int threads = Integer.parseInt(args[6]);
    int rounds = Integer.parseInt(args[7]);
    BufferedReader gate = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII));
    try (RaceWorkload.Writers writers = new RaceWorkload.Writers(endpoint, bucket, first, stores, threads)) {
      Files.createFile(work.resolve("ready-" + id));
      for (int round = 0; round < rounds; round++) {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<String>> puts = writers.prepare(round, go);
        if (gate.readLine() == null) {
          throw new IllegalStateException("the test went away before round " + round);
        }
        go.countDown();
        StringBuilder out = new StringBuilder();
        for (Future<String> f : puts) {
          out.append(f.get()).append('\n');
        }
        Path tmp = work.resolve("done-" + id + "-" + round + ".tmp");
        Files.writeString(tmp, out);
        Files.move(tmp, work.resolve("done-" + id + "-" + round));
      }
    }
  }
}
