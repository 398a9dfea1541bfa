package io.deltaglider.storage.s3;

import io.deltaglider.DeltaStore;
import io.deltaglider.PutResult;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The race, shared by {@link S3StoreRaceTest} and {@link RaceChild}: in each of a number of
 * fresh deltaspaces ({@code race/ds<round>/}), every writer puts its own first object at the same
 * moment.
 */
final class RaceWorkload {
  private RaceWorkload() {}

  static final String PREFIX = "race/";
  private static final byte[] BASE = new byte[64 << 10];

  static {
    new Random(2024).nextBytes(BASE);
  }

  static String deltaspace(int round) {
    return PREFIX + "ds" + round;
  }

  static String key(int round, int writer) {
    return deltaspace(round) + "/w" + writer + ".zip";
  }

  /** What writer {@code writer} puts in round {@code round}: a release-like edit of one base. */
  static byte[] content(int round, int writer) {
    byte[] b = BASE.clone();
    Random r = new Random(round * 1000L + writer);
    for (int i = 0; i < 8; i++) {
      byte[] patch = new byte[16 + r.nextInt(200)];
      r.nextBytes(patch);
      System.arraycopy(patch, 0, b, r.nextInt(b.length - patch.length), patch.length);
    }
    return b;
  }

  /** One put; the line {@code "<key> <createdReference> <form>"} for the parent to check. */
  static String put(DeltaStore store, int round, int writer) throws Exception {
    PutResult r = store.put(key(round, writer), content(round, writer));
    return r.key() + " " + r.createdReference() + " " + r.form();
  }

  /**
   * The writers of one JVM: {@code stores} stores on one endpoint, each with {@code threads}
   * threads of its own, numbered from {@code first}. The threads exist before the first round, so a
   * round's puts start when it is released, not when a thread has been made.
   */
  static final class Writers implements AutoCloseable {
    final List<DeltaStore> stores = new ArrayList<>();
    private final int first;
    private final int threads;
    private final ThreadPoolExecutor pool;

    Writers(URI endpoint, String bucket, int first, int stores, int threads) {
      this.first = first;
      this.threads = threads;
      for (int s = 0; s < stores; s++) {
        this.stores.add(DeltaStore.builder().backend(S3Fixture.backend(endpoint).bucket(bucket).build()).build());
      }
      int n = stores * threads;
      pool = new ThreadPoolExecutor(n, n, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>());
      pool.prestartAllCoreThreads();
    }

    int count() {
      return stores.size() * threads;
    }

    /**
     * Queues this JVM's puts of {@code round}, each held until {@code go} opens, and returns once
     * every one of them is waiting there.
     */
    List<Future<String>> prepare(int round, CountDownLatch go) throws InterruptedException {
      CountDownLatch waiting = new CountDownLatch(count());
      List<Future<String>> puts = new ArrayList<>();
      for (int i = 0; i < count(); i++) {
        int writer = first + i;
        DeltaStore store = stores.get(i / threads);
        puts.add(pool.submit(() -> {
          waiting.countDown();
          go.await();
          return put(store, round, writer);
        }));
      }
      if (!waiting.await(60, TimeUnit.SECONDS)) {
        throw new IllegalStateException("writers of round " + round + " did not start");
      }
      return puts;
    }

    @Override
    public void close() throws Exception {
      pool.shutdownNow();
      for (DeltaStore s : stores) {
        s.close();
      }
    }
  }
}
