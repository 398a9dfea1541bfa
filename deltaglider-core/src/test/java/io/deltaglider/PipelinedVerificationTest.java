package io.deltaglider;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deltaglider.spi.InMemoryBackend;
import io.deltaglider.vcdiff.VcdiffEncoder;
import io.deltaglider.vcdiff.testing.RawWindows;
import io.deltaglider.vcdiff.testing.TestData;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Gets of objects large enough (over 1 MiB) that their SHA-256 is computed on another thread
 * while the delta decodes: the digest must still decide, and concurrent reads must not mix pieces.
 */
class PipelinedVerificationTest {
  static final byte[] V1 = TestData.text(11, 5 << 20);
  /** A marker no other part of V1/V2 contains, inserted as ADD bytes the test can find in the delta. */
  static final byte[] MARKER = TestData.random(12, 64);
  static final byte[] V2 = insert(TestData.edited(V1, 13, 40, 200, false), 3 << 20, MARKER);

  static byte[] insert(byte[] base, int at, byte[] bytes) {
    byte[] out = new byte[base.length + bytes.length];
    System.arraycopy(base, 0, out, 0, at);
    System.arraycopy(bytes, 0, out, at, bytes.length);
    System.arraycopy(base, at, out, at + bytes.length, base.length - at);
    return out;
  }

  static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  /**
   * A get decodes without checking the windows' Adler-32s (the SHA-256 of the whole is checked
   * before anyone sees a byte): a damaged checksum alone still serves the right bytes, and damaged
   * data is refused by the digest, which names what was decoded.
   */
  @Test
  void theDigestDecidesNotTheWindowChecksums() throws Exception {
    InMemoryBackend backend = new InMemoryBackend();
    VcdiffEncoder checksummed = VcdiffEncoder.builder().checksum(true).build();
    try (DeltaStore store = DeltaStore.builder().backend(backend).encoder(checksummed).build()) {
      store.put("p/v1.tar", V1);
      store.put("p/v2.tar", V2);
      byte[] delta = backend.get("p/v2.tar.delta").readAllBytes();
      RawWindows.Window first = RawWindows.parse(delta).windows.get(0);
      assertTrue((first.winIndicator & 4) != 0, "the windows carry Adler-32s");
      backend.corrupt("p/v2.tar.delta", first.sections[RawWindows.DATA].offset - 1, (byte) 0x01);
      assertArrayEquals(V2, store.get("p/v2.tar"));

      backend.corrupt("p/v2.tar.delta", indexOf(delta, MARKER) + 10, (byte) 0x01);
      IntegrityException e = assertThrows(IntegrityException.class, () -> store.get("p/v2.tar"));
      byte[] wrong = V2.clone();
      wrong[(3 << 20) + 10] ^= 0x01;
      assertEquals(Sha256.of(wrong, 0, wrong.length), e.actualSha256(), "the digest of what was decoded");
    }
  }

  @Test
  void wrongBytesThatDecodeCleanlyAreCaughtByTheDigest() throws Exception {
    InMemoryBackend backend = new InMemoryBackend();
    // No window checksums and no secondary compression: a flipped ADD byte decodes "successfully"
    // into a wrong target, and only the SHA-256 computed alongside the decode can notice.
    VcdiffEncoder plain = VcdiffEncoder.builder().checksum(false).build();
    try (DeltaStore store = DeltaStore.builder().backend(backend).encoder(plain).build()) {
      store.put("p/v1.tar", V1);
      store.put("p/v2.tar", V2);
      assertArrayEquals(V2, store.get("p/v2.tar"));

      byte[] delta = backend.get("p/v2.tar.delta").readAllBytes();
      int at = indexOf(delta, MARKER);
      assertTrue(at > 0, "the marker is stored as ADD bytes");
      backend.corrupt("p/v2.tar.delta", at + 10, (byte) 0x01);

      IntegrityException e = assertThrows(IntegrityException.class, () -> store.get("p/v2.tar"));
      assertEquals(Sha256.of(V2, 0, V2.length), e.expectedSha256());
      byte[] wrong = V2.clone();
      wrong[(3 << 20) + 10] ^= 0x01;
      assertEquals(Sha256.of(wrong, 0, wrong.length), e.actualSha256(), "the digest of what was decoded");
      assertThrows(IntegrityException.class, () -> store.open("p/v2.tar"));
      assertTrue(store.metrics().integrityFailures() >= 2);
    }
  }

  @Test
  void concurrentReadersEachGetTheirOwnVerifiedObject() throws Exception {
    InMemoryBackend backend = new InMemoryBackend();
    List<byte[]> versions = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try (DeltaStore store = DeltaStore.builder().backend(backend).build()) {
      store.put("c/v0.tar", V1);
      versions.add(V1);
      for (int i = 1; i < 4; i++) {
        byte[] v = TestData.edited(V1, 100 + i, 20 + i, 300, i % 2 == 0);
        store.put("c/v" + i + ".tar", v);
        versions.add(v);
      }
      List<Future<?>> reads = new ArrayList<>();
      Random r = new Random(5);
      for (int n = 0; n < 24; n++) {
        int i = r.nextInt(versions.size());
        reads.add(pool.submit(() -> {
          assertArrayEquals(versions.get(i), store.get("c/v" + i + ".tar"), "version " + i);
          return null;
        }));
      }
      for (Future<?> f : reads) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void hashingThreadsAreBoundedByCodecConcurrency() throws Exception {
    Set<String> before = verifyThreads();
    InMemoryBackend backend = new InMemoryBackend();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    AtomicInteger most = new AtomicInteger();
    AtomicBoolean done = new AtomicBoolean();
    Thread sampler = new Thread(() -> {
      while (!done.get()) {
        Set<String> now = verifyThreads();
        now.removeAll(before);
        most.accumulateAndGet(now.size(), Math::max);
        Thread.onSpinWait();
      }
    });
    try (DeltaStore store = DeltaStore.builder().backend(backend).codecConcurrency(2).build()) {
      store.put("b/v0.tar", V1);
      store.put("b/v1.tar", V2);
      sampler.start();
      List<Future<?>> work = new ArrayList<>();
      for (int n = 0; n < 16; n++) {
        int i = n;
        work.add(pool.submit(() -> {
          if (i % 2 == 0) {
            assertArrayEquals(V2, store.get("b/v1.tar"));
          } else {
            // Large delta-eligible puts hash their content beside the encoder.
            store.put("b/p" + i + ".tar", TestData.edited(V1, 500 + i, 10, 100, false));
          }
          return null;
        }));
      }
      for (Future<?> f : work) {
        f.get();
      }
    } finally {
      done.set(true);
      sampler.join();
      pool.shutdownNow();
    }
    assertTrue(most.get() >= 1, "the hashing threads were seen at work");
    assertTrue(most.get() <= 2, "at most codecConcurrency hashing threads, saw " + most.get());
  }

  private static Set<String> verifyThreads() {
    Set<String> names = new HashSet<>();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().startsWith("deltaglider-verify-") && t.isAlive()) {
        names.add(t.getName());
      }
    }
    return names;
  }

  @Test
  void theLargestMemoryThresholdStillReadsDeltas() throws Exception {
    InMemoryBackend backend = new InMemoryBackend();
    try (DeltaStore store = DeltaStore.builder().backend(backend).memoryThreshold(Integer.MAX_VALUE).build()) {
      store.put("t/v1.tar", V1);
      store.put("t/v2.tar", V2);
      assertArrayEquals(V2, store.get("t/v2.tar"));
    }
  }

  @Test
  void aClosedStoreStillVerifiesOnTheReadersThread() throws Exception {
    InMemoryBackend backend = new InMemoryBackend();
    DeltaStore store = DeltaStore.builder().backend(backend)
        .encoder(VcdiffEncoder.builder().checksum(false).build()).build();
    store.put("z/v1.tar", V1);
    store.put("z/v2.tar", V2);
    store.close(); // shuts the hashing threads down; the in-memory backend stays readable
    assertArrayEquals(V2, store.get("z/v2.tar"));
    int at = indexOf(backend.get("z/v2.tar.delta").readAllBytes(), MARKER);
    backend.corrupt("z/v2.tar.delta", at, (byte) 4);
    assertThrows(IntegrityException.class, () -> store.get("z/v2.tar"));
  }
}
