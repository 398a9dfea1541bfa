package io.deltaglider;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deltaglider.spi.BlobInfo;
import io.deltaglider.spi.InMemoryBackend;
import io.deltaglider.spi.MetadataNames;
import io.deltaglider.spi.Payload;
import io.deltaglider.vcdiff.VcdiffEncoder;
import io.deltaglider.vcdiff.testing.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RangeReadTest {
  static final int MIB = 1 << 20;
  static final byte[] BIG = TestData.random(21, 24 * MIB);

  @TempDir Path spool;
  final InMemoryBackend memory = new InMemoryBackend();
  final CountingBackend backend = new CountingBackend(memory);
  final List<DeltaStore> stores = new ArrayList<>();

  private DeltaStore store(DeltaStoreBuilder b) {
    DeltaStore s = b.backend(backend).closeBackendOnClose(false).tempDirectory(spool).build();
    stores.add(s);
    return s;
  }

  private DeltaStore store() {
    return store(DeltaStore.builder());
  }

  @AfterEach
  void close() {
    stores.forEach(DeltaStore::close);
  }

  private static byte[] range(DeltaStore s, String key, long offset, long length) throws Exception {
    try (RangeStream r = s.open(key, offset, length)) {
      return r.readAllBytes();
    }
  }

  private static byte[] slice(byte[] b, long offset, long length) {
    return Arrays.copyOfRange(b, (int) offset, (int) Math.min(b.length, offset + length));
  }

  private long tempFiles() throws Exception {
    try (var files = Files.list(spool)) {
      return files.count();
    }
  }

  /** Stores {@code content} under the raw key as it is, with the store's metadata minus {@code drop}. */
  private void rewrite(String raw, byte[] content, String... drop) throws Exception {
    Map<String, String> meta = new HashMap<>(memory.head(raw).orElseThrow().metadata());
    for (String d : drop) {
      meta.remove(d);
    }
    memory.put(raw, Payload.of(content), meta);
  }

  @Test
  void aWholeObjectsRangeReadsOnlyTheChunksCoveringIt() throws Exception {
    DeltaStore s = store();
    s.put("w/big.bin", BIG);
    backend.clear();
    assertArrayEquals(slice(BIG, 17L * MIB, MIB), range(s, "w/big.bin", 17L * MIB, MIB));
    assertEquals(List.of(new CountingBackend.Read("w/big.bin", 16L * MIB, 8L * MIB)), backend.reads);
    assertEquals(8L * MIB, backend.bytesRead.get());
    assertEquals(1, s.metrics().chunksVerified());

    backend.clear();
    assertArrayEquals(slice(BIG, 8L * MIB - 10, 20), range(s, "w/big.bin", 8L * MIB - 10, 20));
    assertEquals(List.of(new CountingBackend.Read("w/big.bin", 0, 16L * MIB)), backend.reads);
    assertEquals(3, s.metrics().chunksVerified());
    assertEquals(0, s.metrics().rangeCacheMisses(), "no whole read, nothing cached");
    assertEquals(0, tempFiles());
  }

  @Test
  void aCorruptedChunkFailsOnlyTheRangesThatTouchItAndNeverReturnsItsBytes() throws Exception {
    DeltaStore s = store();
    s.put("w/big.bin", BIG);
    byte[] damaged = BIG.clone();
    damaged[12 * MIB + 5] ^= 0x40;
    rewrite("w/big.bin", damaged);

    assertArrayEquals(slice(BIG, 0, MIB), range(s, "w/big.bin", 0, MIB));
    assertArrayEquals(slice(BIG, 8L * MIB - 100, 100), range(s, "w/big.bin", 8L * MIB - 100, 100));
    assertArrayEquals(slice(BIG, 16L * MIB, 8L * MIB), range(s, "w/big.bin", 16L * MIB, Long.MAX_VALUE));
    for (ByteRange r : new ByteRange[] {ByteRange.of(8L * MIB - 1, 2), ByteRange.of(8L * MIB, 10),
        ByteRange.of(12L * MIB + 5, 1), ByteRange.of(16L * MIB - 1, 1), ByteRange.from(0), ByteRange.last(20L * MIB)}) {
      IntegrityException e = assertThrows(IntegrityException.class, () -> s.open("w/big.bin", r), r.toString());
      assertTrue(e.getMessage().contains("chunk 1 (bytes 8388608 to 16777215)"), e.getMessage());
    }
    assertEquals(6, s.metrics().integrityFailures());
    assertThrows(IntegrityException.class, () -> s.get("w/big.bin"));
    assertEquals(0, tempFiles(), "the bytes kept aside for a failed range are deleted");
  }

  @Test
  void aWholeObjectWithoutChunkDigestsIsVerifiedWholeOnceThenServedFromItsCopy() throws Exception {
    DeltaStore s = store(DeltaStore.builder().memoryThreshold(MIB));
    s.put("w/old.bin", BIG);
    rewrite("w/old.bin", BIG, MetadataNames.CHUNK_SIZE, MetadataNames.CHUNK_SHA256);
    backend.clear();
    assertArrayEquals(slice(BIG, 100, 10), range(s, "w/old.bin", 100, 10));
    assertEquals(List.of(new CountingBackend.Read("w/old.bin", 0, -1)), backend.reads);
    assertEquals(BIG.length, backend.bytesRead.get());
    assertArrayEquals(slice(BIG, 20L * MIB, 5), range(s, "w/old.bin", 20L * MIB, 5));
    assertEquals(1, backend.reads.size(), "the second range comes from the verified copy");
    assertEquals(1, s.metrics().rangeCacheMisses());
    assertEquals(1, s.metrics().rangeCacheHits());
    assertEquals(1, tempFiles(), "kept in a temp file");

    // Damage anywhere fails every range: nothing of it can be checked alone.
    DeltaStore fresh = store();
    byte[] damaged = BIG.clone();
    damaged[BIG.length - 1] ^= 1;
    rewrite("w/old.bin", damaged);
    assertThrows(IntegrityException.class, () -> fresh.open("w/old.bin", 0, 1));
  }

  @Test
  void chunkDigestsThatDoNotFitTheObjectAreIgnoredAndTheObjectReadWhole() throws Exception {
    DeltaStore s = store();
    s.put("w/odd.bin", BIG);
    Map<String, String> meta = new HashMap<>(memory.head("w/odd.bin").orElseThrow().metadata());
    meta.put(MetadataNames.CHUNK_SIZE, Long.toString(16L * MIB)); // two chunks where three digests are listed
    memory.put("w/odd.bin", Payload.of(BIG), meta);
    backend.clear();
    assertArrayEquals(slice(BIG, 5, 5), range(s, "w/odd.bin", 5, 5));
    assertEquals(List.of(new CountingBackend.Read("w/odd.bin", 0, -1)), backend.reads);
    assertEquals(0, s.metrics().chunksVerified());
  }

  @Test
  void aReplacedVersionIsNeverServedFromTheCache() throws Exception {
    // One instant for every put: only the digest tells the versions apart.
    DeltaStore s = store(DeltaStore.builder().clock(Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC)));
    byte[] v1 = TestData.random(31, 300_000);
    byte[] v2 = TestData.edited(v1, 32, 10, 100, false);
    byte[] v3 = TestData.edited(v1, 33, 10, 100, false);
    s.put("r/app-1.zip", v1);
    s.put("r/app-2.zip", v2);
    assertArrayEquals(slice(v2, 1000, 50_000), range(s, "r/app-2.zip", 1000, 50_000));
    assertTrue(s.metrics().rangeCacheBytes() > 0);
    s.put("r/app-2.zip", v3);
    assertArrayEquals(slice(v3, 1000, 50_000), range(s, "r/app-2.zip", 1000, 50_000));
    // Replaced by another process (a second store on the same backend) between two ranges.
    DeltaStore other = store();
    other.put("r/app-2.zip", v2);
    assertArrayEquals(slice(v2, 0, 300_000), range(s, "r/app-2.zip", 0, 300_000));

    byte[] w1 = TestData.random(34, 2 * MIB);
    byte[] w2 = TestData.random(35, 2 * MIB);
    s.put("w/data.bin", w1);
    assertArrayEquals(slice(w1, 7, 7), range(s, "w/data.bin", 7, 7));
    other.put("w/data.bin", w2);
    assertArrayEquals(slice(w2, 7, 7), range(s, "w/data.bin", 7, 7));
    assertEquals(0, s.metrics().rangeCacheHits());
    assertEquals(5, s.metrics().rangeCacheMisses());
  }

  @Test
  void theCacheKeepsWithinItsBudgetAndDeletesItsFiles() throws Exception {
    DeltaStore s = store(DeltaStore.builder().memoryThreshold(64 << 10).rangeCacheBytes(5L * MIB / 2));
    byte[] base = TestData.random(41, MIB);
    s.put("r/base-0.zip", base);
    byte[][] versions = new byte[5][];
    for (int i = 1; i <= 4; i++) {
      versions[i] = TestData.edited(base, 41 + i, 10, 100, false);
      s.put("r/v-" + i + ".zip", versions[i]);
    }
    assertEquals(0, tempFiles());
    RangeStream held = s.open("r/v-1.zip", 10, MIB);
    for (int i = 2; i <= 4; i++) {
      assertArrayEquals(slice(versions[i], 10, 1000), range(s, "r/v-" + i + ".zip", 10, 1000));
      assertTrue(s.metrics().rangeCacheBytes() <= 5L * MIB / 2, "within budget: " + s.metrics().rangeCacheBytes());
    }
    assertEquals(3, tempFiles(), "two kept, and the evicted one still being read");
    assertArrayEquals(slice(versions[1], 10, MIB), held.readAllBytes());
    held.close();
    assertEquals(2, tempFiles(), "the evicted copy's file went with its last stream");
    assertEquals(versions[3].length + versions[4].length, s.metrics().rangeCacheBytes());
    assertArrayEquals(slice(versions[4], 0, 5), range(s, "r/v-4.zip", 0, 5));
    assertEquals(1, s.metrics().rangeCacheHits());
    assertEquals(4, s.metrics().rangeCacheMisses());
    s.close();
    assertEquals(0, tempFiles(), "close deletes every copy");
  }

  @Test
  void aCopyLargerThanTheBudgetIsNotKeptAndZeroKeepsNothing() throws Exception {
    DeltaStore s = store(DeltaStore.builder().memoryThreshold(64 << 10).rangeCacheBytes(0));
    byte[] base = TestData.random(51, MIB);
    s.put("r/base-0.zip", base);
    assertArrayEquals(slice(base, 1, 2), range(s, "r/base-0.zip", 1, 2));
    assertArrayEquals(slice(base, 1, 2), range(s, "r/base-0.zip", 1, 2));
    assertEquals(2, s.metrics().rangeCacheMisses());
    assertEquals(0, s.metrics().rangeCacheBytes());
    assertEquals(0, tempFiles());
  }

  @Test
  void concurrentRangesOfOneDeltaReconstructItOnce() throws Exception {
    for (long budget : new long[] {0, 1L << 30}) {
      DeltaStore s = store(DeltaStore.builder().memoryThreshold(256 << 10).rangeCacheBytes(budget));
      byte[] v1 = TestData.random(61, 2 * MIB);
      byte[] v2 = TestData.edited(v1, 62, 20, 1000, true);
      s.put("c/app-1.zip", v1);
      s.put("c/app-2.zip", v2);
      long decodes = s.metrics().deltaGets();
      int n = 8;
      backend.gate = new CountDownLatch(1);
      backend.gatedKey = "c/app-2.zip.delta";
      ExecutorService pool = Executors.newFixedThreadPool(n);
      try {
        List<Future<byte[]>> got = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          long offset = i * 200_000L;
          got.add(pool.submit(() -> range(s, "c/app-2.zip", offset, 100_000)));
        }
        // Every request but the one reconstructing waits for it; then let the reconstruction read the delta.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (s.metrics().rangeCacheHits() < n - 1 && System.nanoTime() < deadline) {
          Thread.sleep(5);
        }
        backend.gate.countDown();
        for (int i = 0; i < n; i++) {
          assertArrayEquals(slice(v2, i * 200_000L, 100_000), got.get(i).get(30, TimeUnit.SECONDS));
        }
      } finally {
        backend.gatedKey = null;
        pool.shutdownNow();
      }
      assertEquals(1, s.metrics().deltaGets() - decodes, "budget " + budget);
      assertEquals(1, s.metrics().rangeCacheMisses());
      assertEquals(n - 1, s.metrics().rangeCacheHits());
      range(s, "c/app-2.zip", 0, 1);
      assertEquals(budget == 0 ? 2 : 1, s.metrics().deltaGets() - decodes, "kept only with a budget");
      s.close();
      assertEquals(0, tempFiles());
    }
  }

  @Test
  void badRanges() throws Exception {
    DeltaStore s = store();
    byte[] v1 = TestData.random(71, 100_000);
    s.put("r/app-1.zip", v1);
    s.put("w/big.bin", BIG);
    s.put("w/empty.bin", new byte[0]);
    backend.clear();
    assertThrows(IllegalArgumentException.class, () -> s.open("r/app-1.zip", -1, 5));
    assertThrows(IllegalArgumentException.class, () -> s.open("r/app-1.zip", 0, -5));
    assertEquals(List.of(), backend.reads, "refused before any I/O");
    long decodes = s.metrics().deltaGets();
    RangeNotSatisfiableException e =
        assertThrows(RangeNotSatisfiableException.class, () -> s.open("r/app-1.zip", 100_000, 1));
    assertEquals(100_000, e.objectSize());
    assertEquals(decodes, s.metrics().deltaGets(), "nothing reconstructed to refuse it");
    assertThrows(RangeNotSatisfiableException.class, () -> s.open("w/big.bin", BIG.length, 1));
    assertThrows(RangeNotSatisfiableException.class, () -> s.open("w/big.bin", ByteRange.last(0)));
    assertThrows(RangeNotSatisfiableException.class, () -> s.open("w/empty.bin", 0, 0));
    assertEquals(List.of(), backend.reads);
    assertThrows(ObjectNotFoundException.class, () -> s.open("w/none.bin", 0, 1));
    assertThrows(InvalidKeyException.class, () -> s.open("w/../x", 0, 1));
    // Cut at the end.
    try (RangeStream r = s.open("w/big.bin", BIG.length - 3L, 100)) {
      assertEquals(3, r.length());
      assertArrayEquals(slice(BIG, BIG.length - 3L, 3), r.readAllBytes());
    }
    assertArrayEquals(slice(v1, 99_990, 10), range(s, "r/app-1.zip", 99_990, 1000));
    assertArrayEquals(new byte[0], range(s, "w/big.bin", 5, 0));
  }

  @Test
  void aFileTheStoreDidNotWriteIsServedAsStoredByARangedRead() throws Exception {
    byte[] content = TestData.random(81, 3 * MIB);
    memory.put("p/foreign.bin", Payload.of(content), Map.of());
    StoreContext ctx = new StoreContext(backend, DeltaPolicy.defaults(), VcdiffEncoder.builder().build(), 0, 1, spool,
        Clock.systemUTC(), MIB, false, null, null, false, null);
    try (RangeReads ranges = new RangeReads(ctx, new VerifiedReads(ctx, new References(ctx)), 1L << 30)) {
      BlobInfo blob = memory.head("p/foreign.bin").orElseThrow();
      Located plain = new Located(ObjectKey.parse("p/foreign.bin"), StoredForm.PLAIN, blob);
      backend.clear();
      try (RangeStream r = ranges.read(plain, ByteRange.of(2L * MIB, 10))) {
        assertFalse(r.verified());
        assertEquals(3L * MIB, r.objectSize());
        assertArrayEquals(slice(content, 2L * MIB, 10), r.readAllBytes());
      }
      assertEquals(List.of(new CountingBackend.Read("p/foreign.bin", 2L * MIB, 10)), backend.reads);
      assertThrows(RangeNotSatisfiableException.class, () -> ranges.read(plain, ByteRange.from(3L * MIB)));
    }
  }
}
