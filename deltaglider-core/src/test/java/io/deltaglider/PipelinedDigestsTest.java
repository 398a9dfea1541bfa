package io.deltaglider;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class PipelinedDigestsTest {
  private static final ExecutorService POOL = Executors.newFixedThreadPool(3);

  @AfterAll
  static void stop() {
    POOL.shutdownNow();
  }

  private static byte[] bytes(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  @Test
  void piecesHashedOnOtherThreadsGiveTheDigestOfTheWhole() throws Exception {
    // Many small pieces on a multi-thread pool: drains run on different threads, in order.
    for (int round = 0; round < 50; round++) {
      byte[] data = bytes(200_000 + round, round);
      PipelinedDigests sha = new PipelinedDigests(POOL);
      Random r = new Random(round);
      int at = 0;
      while (at < data.length) {
        int len = Math.min(data.length - at, 1 + r.nextInt(5000));
        sha.decoded(data, at, len);
        at += len;
      }
      assertEquals(Sha256.of(data, 0, data.length), sha.finish(), "round " + round);
    }
  }

  @Test
  void piecesFromDifferentArraysAreHashedAsOneSequence() throws Exception {
    byte[] a = bytes(3000, 1);
    byte[] b = bytes(5000, 2);
    byte[] whole = new byte[a.length + b.length];
    System.arraycopy(a, 0, whole, 0, a.length);
    System.arraycopy(b, 0, whole, a.length, b.length);
    PipelinedDigests sha = new PipelinedDigests(POOL);
    sha.decoded(a, 0, a.length);
    sha.decoded(b, 0, b.length);
    assertEquals(Sha256.of(whole, 0, whole.length), sha.finish());
  }

  @Test
  void aShutDownExecutorMeansHashingOnTheCallersThread() throws Exception {
    ExecutorService dead = Executors.newSingleThreadExecutor();
    dead.shutdown();
    byte[] data = bytes(100_000, 3);
    PipelinedDigests sha = new PipelinedDigests(dead);
    sha.decoded(data, 0, 40_000);
    sha.decoded(data, 40_000, 60_000);
    assertEquals(Sha256.of(data, 0, data.length), sha.finish());
  }

  @Test
  void aPieceThatCannotBeHashedFailsFinishInsteadOfHangingIt() {
    PipelinedDigests sha = new PipelinedDigests(POOL);
    sha.decoded(new byte[10], 5, 100); // out of range: the digest throws on the pool thread
    org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(10), () -> {
      IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, sha::finish);
      org.junit.jupiter.api.Assertions.assertNotNull(e.getCause());
    });
  }

  @Test
  void nothingHandedOverIsTheEmptyDigest() throws Exception {
    assertEquals(Sha256.of(new byte[0], 0, 0), new PipelinedDigests(POOL).finish());
  }
}
