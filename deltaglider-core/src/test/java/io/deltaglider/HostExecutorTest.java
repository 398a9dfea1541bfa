package io.deltaglider;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deltaglider.spi.InMemoryBackend;
import io.deltaglider.vcdiff.VcdiffEncoder;
import io.deltaglider.vcdiff.SecondaryCompression;
import io.deltaglider.vcdiff.testing.TestData;
import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** A host's executor instead of the store's threads, and the async and unchecked views (issue 20, item 2). */
class HostExecutorTest {
  static final byte[] V1 = TestData.random(1, 6 * 1024 * 1024);
  static final byte[] V2 = TestData.edited(V1, 2, 30, 500, false);

  /** A one-thread pool that counts what it runs and on which threads the store hashed. */
  static final class CountingPool implements java.util.concurrent.Executor {
    final ExecutorService pool = Executors.newSingleThreadExecutor();
    final AtomicInteger ran = new AtomicInteger();

    @Override
    public void execute(Runnable task) {
      pool.execute(() -> {
        ran.incrementAndGet();
        task.run();
      });
    }
  }

  /**
   * The calls run on the host's only thread and hand their hashing, metadata reads and parallel
   * windows to that same executor: with nothing free to run them they must run them themselves,
   * not wait for ever.
   */
  @Test
  void aSaturatedHostExecutorSlowsCallsDownButNeverStallsThem() throws Exception {
    CountingPool host = new CountingPool();
    VcdiffEncoder parallel = VcdiffEncoder.builder().threads(4).windowSize(1 << 20).secondary(SecondaryCompression.LZMA)
        .build();
    try (DeltaStore store = DeltaStore.builder().backend(new InMemoryBackend()).executor(host).encoder(parallel)
        .memoryThreshold(1 << 20).build()) {
      AsyncDeltaStore async = store.async();
      async.put("d/app-1.zip", V1).get(60, TimeUnit.SECONDS);
      PutResult p2 = async.put("d/app-2.zip", new ByteArrayInputStream(V2), PutOptions.none()).get(60, TimeUnit.SECONDS);
      assertEquals(StoredForm.DELTA, p2.form());
      for (int i = 0; i < 20; i++) {
        async.put("d/notes-" + i + ".txt", new byte[] {(byte) i}).get(60, TimeUnit.SECONDS);
      }
      assertArrayEquals(V2, async.get("d/app-2.zip").get(60, TimeUnit.SECONDS));
      assertEquals(22, async.list("d/", null, null, null, 100).thenApply(p -> p.objects().size()).get(60, TimeUnit.SECONDS));
      assertEquals(22, store.listDetailed("d/", null, null, null, 100).objects().size(), "metadata reads, 16 at once");
      assertTrue(host.ran.get() >= 25, "the calls ran on the host's executor: " + host.ran.get());
    }
    assertFalse(host.pool.isShutdown(), "the store does not shut down the host's executor");
    host.pool.shutdown();
  }

  @Test
  void hashingRunsOnTheHostsThreadsNotTheStoresOwn() throws Exception {
    Set<String> threads = ConcurrentHashMap.newKeySet();
    ExecutorService pool = Executors.newFixedThreadPool(2, r -> new Thread(r, "host-thread"));
    java.util.concurrent.Executor host = task -> pool.execute(() -> {
      threads.add(Thread.currentThread().getName());
      task.run();
    });
    try (DeltaStore store = DeltaStore.builder().backend(new InMemoryBackend()).executor(host).build()) {
      store.put("d/app-1.zip", V1);
      store.put("d/app-2.zip", V2);
      assertArrayEquals(V2, store.get("d/app-2.zip"));
    }
    assertEquals(Set.of("host-thread"), threads, "hashed beside the codec, on the host's threads");
    pool.shutdown();
  }

  @Test
  void asyncCallsCompleteWithTheStoresResultsAndExceptions() throws Exception {
    try (DeltaStore store = DeltaStore.builder().backend(new InMemoryBackend()).build()) {
      AsyncDeltaStore async = store.async();
      List<CompletableFuture<PutResult>> puts = List.of(async.put("a/x-1.zip", V1), async.put("b/y-1.zip", V2));
      CompletableFuture.allOf(puts.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
      assertTrue(async.exists("a/x-1.zip").get());
      ExecutionException e = assertThrows(ExecutionException.class, () -> async.get("a/none.zip").get());
      assertInstanceOf(ObjectNotFoundException.class, e.getCause());
      assertEquals(2, async.stats("").get().objects());
      assertTrue(async.delete("b/y-1.zip").get());
      assertTrue(async.verify("").get().ok());
    }
  }

  @Test
  void theUncheckedViewThrowsTheStoresExceptionUnchecked() throws Exception {
    try (DeltaStore store = DeltaStore.builder().backend(new InMemoryBackend()).build()) {
      UncheckedDeltaStore u = store.unchecked();
      List<String> keys = List.of("r/a-1.txt", "r/a-2.txt", "r/a-3.txt");
      keys.forEach(k -> u.put(k, k.getBytes()));
      assertEquals(keys, keys.stream().map(k -> new String(u.get(k))).collect(Collectors.toList()));
      UncheckedDeltaStoreException e = assertThrows(UncheckedDeltaStoreException.class, () -> u.get("r/none.txt"));
      assertInstanceOf(ObjectNotFoundException.class, e.getCause());
      assertThrows(UncheckedDeltaStoreException.class, () -> u.head("../bad"));
    }
  }
}
