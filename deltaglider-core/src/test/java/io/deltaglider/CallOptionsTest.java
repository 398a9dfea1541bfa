package io.deltaglider;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deltaglider.spi.BlobQuery;
import io.deltaglider.spi.InMemoryBackend;
import io.deltaglider.vcdiff.testing.TestData;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Progress, deadlines and cancellation of single calls (issue 20, item 4). */
class CallOptionsTest {
  @TempDir Path tmp;

  static final byte[] V1 = TestData.random(1, 3 * 1024 * 1024);
  static final byte[] V2 = TestData.edited(V1, 2, 20, 500, false);
  static final byte[] V3 = TestData.edited(V2, 3, 20, 500, false);

  private DeltaStore store(InMemoryBackend backend, Path spool) {
    // A small memory threshold: large puts and gets go through temp files, which must not leak.
    return DeltaStore.builder().backend(backend).tempDirectory(spool).memoryThreshold(64 * 1024).build();
  }

  private static List<String> rawKeys(InMemoryBackend b) throws DeltaStoreException {
    List<String> keys = new ArrayList<>();
    b.list(BlobQuery.under("")).objects().forEach(i -> keys.add(i.key()));
    return keys;
  }

  private static long filesIn(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.count();
    }
  }

  /** A call cancelled by its token after {@code after} bytes of progress. */
  private static CallOptions cancelAfter(long after, CancellationToken token) {
    return CallOptions.none().withCancellation(token).withProgress((bytes, total) -> {
      if (bytes >= after) {
        token.cancel();
      }
    });
  }

  /**
   * A put cancelled at any point, in any form (first object creating the reference, delta, whole;
   * from an array, a file or a stream), stores nothing: the previous version is still served, no
   * raw key appears, no temp file stays behind and every codec permit is back.
   */
  @Property(tries = 40)
  void aPutCancelledAtAnyMomentLeavesNothing(@ForAll @IntRange(min = 0, max = 3 * 1024 * 1024) int after,
      @ForAll @IntRange(min = 0, max = 2) int source, @ForAll boolean firstOfItsDeltaspace, @ForAll boolean whole)
      throws Exception {
    // (jqwik gives properties no @TempDir.)
    Path spool = Files.createTempDirectory("dg-call-spool");
    InMemoryBackend backend = new InMemoryBackend();
    try (DeltaStore store = store(backend, spool)) {
      String key = whole ? "d/app.txt" : "d/app-2.zip";
      if (!firstOfItsDeltaspace) {
        store.put("d/app-1.zip", V1);
        store.put(key, V2);
      }
      List<String> before = rawKeys(backend);
      int permits = store.codecSlots().available();
      CancellationToken token = new CancellationToken();
      PutOptions options = PutOptions.none().withCall(cancelAfter(after, token));
      Path file = Files.write(spool.resolveSibling(spool.getFileName() + ".v3"), V3);
      file.toFile().deleteOnExit();
      OperationCancelledException e = null;
      try {
        switch (source) {
          case 0 -> store.put(key, V3, options);
          case 1 -> store.put(key, file, options);
          default -> {
            try (InputStream in = new ByteArrayInputStream(V3)) {
              store.put(key, in, options);
            }
          }
        }
      } catch (OperationCancelledException cancelled) {
        e = cancelled;
      }
      if (e == null) {
        // Only a whole put of an array or file reads nothing through the call before its commit
        // point, so its token is cancelled when the put is already done: then it is complete.
        assertTrue(whole && source != 2, "a put that reads its content through the call is cancelled");
        assertArrayEquals(V3, store.get(key));
        return;
      }
      assertEquals(OperationCancelledException.Reason.CANCELLED, e.reason());
      assertEquals(before, rawKeys(backend), "nothing stored, nothing removed");
      if (!firstOfItsDeltaspace) {
        assertArrayEquals(V2, store.get(key), "the previous version is still served");
      }
      assertEquals(0, filesIn(spool), "no temp file left");
      assertEquals(permits, store.codecSlots().available(), "every codec permit back");
      Files.delete(file);
    } finally {
      Files.deleteIfExists(spool);
    }
  }

  @Test
  void progressOfAPutAndAGetRisesToTheSize() throws Exception {
    try (DeltaStore store = store(new InMemoryBackend(), tmp)) {
      store.put("d/app-1.zip", V1);
      List<long[]> seen = new ArrayList<>();
      CallOptions record = CallOptions.none().withProgress((bytes, total) -> seen.add(new long[] {bytes, total}));
      Path file = Files.write(tmp.resolve("v2"), V2);
      store.put("d/app-2.zip", file, PutOptions.none().withCall(record));
      checkRising(seen, V2.length);
      seen.clear();
      store.put("d/app-3.zip", new ByteArrayInputStream(V3), PutOptions.none().withCall(record));
      checkRising(seen, V3.length);
      seen.clear();
      store.copyTo("d/app-2.zip", tmp.resolve("out"), record);
      checkRising(seen, V2.length);
      assertTrue(seen.size() > 2, "reported as it goes, not only at the end: " + seen.size());
    }
  }

  private static void checkRising(List<long[]> seen, long size) {
    assertFalse(seen.isEmpty());
    long last = 0;
    for (long[] p : seen) {
      assertTrue(p[0] > last, "bytes rise: " + p[0] + " after " + last);
      assertTrue(p[1] == -1 || p[1] == size, "total is the size or unknown: " + p[1]);
      last = p[0];
    }
    assertEquals(size, last);
  }

  @Test
  void aGetCancelledOrInterruptedMidwayLeavesNoOutputAndNoTempFile() throws Exception {
    Path spool = Files.createTempDirectory(tmp, "spool");
    Path outDir = Files.createTempDirectory(tmp, "out");
    try (DeltaStore store = store(new InMemoryBackend(), spool)) {
      store.put("d/app-1.zip", V1);
      store.put("d/app-2.zip", V2);
      int permits = store.codecSlots().available();
      CancellationToken token = new CancellationToken();
      Path target = outDir.resolve("app-2.zip");
      OperationCancelledException c = assertThrows(OperationCancelledException.class,
          () -> store.copyTo("d/app-2.zip", target, cancelAfter(V2.length / 2, token)));
      assertEquals(OperationCancelledException.Reason.CANCELLED, c.reason());
      assertEquals(0, filesIn(outDir), "no output, no partial file beside it");

      CallOptions interrupting = CallOptions.none().withProgress((bytes, total) -> {
        if (bytes > V2.length / 3) {
          Thread.currentThread().interrupt();
        }
      });
      OperationCancelledException i = assertThrows(OperationCancelledException.class,
          () -> store.copyTo("d/app-2.zip", target, interrupting));
      assertEquals(OperationCancelledException.Reason.INTERRUPTED, i.reason());
      assertTrue(Thread.interrupted(), "the caller still sees its interrupt");
      assertEquals(0, filesIn(outDir));
      assertThrows(OperationCancelledException.class, () -> store.get("d/app-2.zip", cancelAfter(1000, new CancellationToken())));
      assertEquals(0, filesIn(spool));
      assertEquals(permits, store.codecSlots().available());
      assertArrayEquals(V2, store.get("d/app-2.zip"), "the store still serves it");
    }
  }

  @Test
  void aPassedDeadlineStopsACallBeforeItStarts() throws Exception {
    try (DeltaStore store = store(new InMemoryBackend(), tmp)) {
      store.put("d/app-1.zip", V1);
      OperationCancelledException e = assertThrows(OperationCancelledException.class,
          () -> store.put("d/app-2.zip", V2, PutOptions.none().withCall(CallOptions.none().withTimeout(Duration.ZERO))));
      assertEquals(OperationCancelledException.Reason.DEADLINE_EXCEEDED, e.reason());
      assertFalse(store.exists("d/app-2.zip"));
      assertThrows(OperationCancelledException.class,
          () -> store.get("d/app-1.zip", CallOptions.none().withDeadline(Instant.now().minusSeconds(1))));
      assertArrayEquals(V1, store.get("d/app-1.zip", CallOptions.none().withTimeout(Duration.ofMinutes(5))));
    }
  }

  /** A call whose deadline passes while it waits for a codec slot gives up, holding none. */
  @Test
  void aDeadlineEndsTheWaitForACodecSlot() throws Exception {
    InMemoryBackend backend = new InMemoryBackend();
    try (DeltaStore store = DeltaStore.builder().backend(backend).codecConcurrency(1).tempDirectory(tmp).build()) {
      store.put("d/app-1.zip", V1);
      store.put("d/app-2.zip", V2);
      CountDownLatch holding = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      Thread holder = new Thread(() -> {
        try {
          // Holds the only slot: a streamed reconstruction reports progress inside the decode,
          // under the permit.
          store.copyTo("d/app-2.zip", tmp.resolve("held"), CallOptions.none().withProgress((b, t) -> {
            holding.countDown();
            try {
              release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }));
        } catch (DeltaStoreException e) {
          throw new IllegalStateException(e);
        }
      });
      holder.start();
      assertTrue(holding.await(30, TimeUnit.SECONDS));
      long start = System.nanoTime();
      OperationCancelledException e = assertThrows(OperationCancelledException.class,
          () -> store.put("d/app-3.zip", V3, PutOptions.none().withCall(CallOptions.none().withTimeout(Duration.ofMillis(200)))));
      assertEquals(OperationCancelledException.Reason.DEADLINE_EXCEEDED, e.reason());
      assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(20), "gave up waiting");
      release.countDown();
      holder.join();
      assertEquals(1, store.codecSlots().available());
      assertFalse(store.exists("d/app-3.zip"));
    }
  }
}
