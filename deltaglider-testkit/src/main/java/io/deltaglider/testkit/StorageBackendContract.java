package io.deltaglider.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deltaglider.ObjectExistsException;
import io.deltaglider.ObjectNotFoundException;
import io.deltaglider.spi.BlobInfo;
import io.deltaglider.spi.BlobListings;
import io.deltaglider.spi.BlobPage;
import io.deltaglider.spi.BlobQuery;
import io.deltaglider.spi.Payload;
import io.deltaglider.spi.StorageBackend;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The behaviour every {@link StorageBackend} must have, as JUnit 5 tests. A backend's test class
 * extends this and supplies {@link #newBackend()} (an empty store each time); every test here then
 * runs against it, beside the class's own tests. See this module's README for an example.
 */
public abstract class StorageBackendContract {
  protected StorageBackend backend;
  @TempDir protected Path tempDir;

  /**
   * A new, empty backend for one test; the suite closes it after the test.
   *
   * @throws Exception if it cannot be made (the test fails)
   */
  protected abstract StorageBackend newBackend() throws Exception;

  @BeforeEach
  void openBackend() throws Exception {
    backend = newBackend();
  }

  @AfterEach
  void closeBackend() throws Exception {
    if (backend != null) {
      backend.close();
    }
  }

  /** Creates a new suite; a subclass needs no constructor of its own. */
  protected StorageBackendContract() {}

  /** The UTF-8 bytes of {@code s}. */
  protected static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** Every byte of the object under {@code key}, read through {@link StorageBackend#get}. */
  protected byte[] read(String key) throws Exception {
    try (InputStream in = backend.get(key)) {
      return in.readAllBytes();
    }
  }

  private static Map<String, String> meta(String... kv) {
    Map<String, String> m = new java.util.HashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m;
  }

  @Test
  void storesBytesAndMetadataTogether() throws Exception {
    Map<String, String> m = meta("dg-file-sha256", "ab".repeat(32), "dg-note", "delta", "dg-file-size", "5");
    backend.put("releases/app/app-1.0.zip.delta", Payload.of(bytes("hello")), m);
    assertArrayEquals(bytes("hello"), read("releases/app/app-1.0.zip.delta"));
    BlobInfo info = backend.head("releases/app/app-1.0.zip.delta").orElseThrow();
    assertEquals(5, info.size());
    assertEquals(m, info.metadata());
    assertEquals("releases/app/app-1.0.zip.delta", info.key());
  }

  @Test
  void storesEmptyObjectsAndEmptyMetadata() throws Exception {
    backend.put("a/empty", Payload.of(new byte[0]), Map.of());
    assertArrayEquals(new byte[0], read("a/empty"));
    assertEquals(0, backend.head("a/empty").orElseThrow().size());
    assertEquals(Map.of(), backend.head("a/empty").orElseThrow().metadata());
  }

  @Test
  void putReplacesBytesAndMetadata() throws Exception {
    backend.put("k/x", Payload.of(bytes("one")), meta("dg-note", "reference"));
    backend.put("k/x", Payload.of(bytes("second")), meta("dg-note", "passthrough"));
    assertArrayEquals(bytes("second"), read("k/x"));
    assertEquals(meta("dg-note", "passthrough"), backend.head("k/x").orElseThrow().metadata());
  }

  @Test
  void missingObjectsAreReportedAsSuch() throws Exception {
    assertTrue(backend.head("no/such").isEmpty());
    assertThrows(ObjectNotFoundException.class, () -> backend.get("no/such"));
    assertFalse(backend.delete("no/such"));
    assertThrows(ObjectNotFoundException.class, () -> backend.replaceMetadata("no/such", Map.of()));
  }

  @Test
  void deleteRemovesTheObject() throws Exception {
    backend.put("d/x", Payload.of(bytes("x")), Map.of());
    assertTrue(backend.delete("d/x"));
    assertTrue(backend.head("d/x").isEmpty());
    assertThrows(ObjectNotFoundException.class, () -> backend.get("d/x"));
    assertTrue(backend.list(BlobQuery.under("d/")).objects().isEmpty());
  }

  @Test
  void deleteIfPresentRemovesTheObjectAndIgnoresMissingOnes() throws Exception {
    backend.put("d/y", Payload.of(bytes("y")), Map.of());
    backend.put("d/z", Payload.of(bytes("z")), Map.of());
    backend.deleteIfPresent("d/y");
    backend.deleteIfPresent("d/y");
    backend.deleteIfPresent("d/never");
    assertTrue(backend.head("d/y").isEmpty());
    assertThrows(ObjectNotFoundException.class, () -> backend.get("d/y"));
    assertEquals(List.of("d/z"), backend.list(BlobQuery.under("d/")).objects().stream().map(BlobInfo::key).toList());
  }

  @Test
  void putIfAbsentCreatesOnceAndLeavesTheWinnerIntact() throws Exception {
    backend.putIfAbsent("ds/reference.bin", Payload.of(bytes("first")), meta("dg-note", "reference"));
    assertThrows(ObjectExistsException.class,
        () -> backend.putIfAbsent("ds/reference.bin", Payload.of(bytes("second")), meta("dg-note", "other")));
    assertArrayEquals(bytes("first"), read("ds/reference.bin"));
    assertEquals(meta("dg-note", "reference"), backend.head("ds/reference.bin").orElseThrow().metadata());
  }

  @Test
  void concurrentPutIfAbsentHasExactlyOneWinner() throws Exception {
    if (!backend.supportsAtomicPutIfAbsent()) {
      return;
    }
    for (int round = 0; round < 5; round++) {
      String key = "race" + round + "/reference.bin";
      int threads = 8;
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      CountDownLatch start = new CountDownLatch(1);
      AtomicInteger wins = new AtomicInteger();
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        byte[] content = bytes("writer-" + t);
        futures.add(pool.submit(() -> {
          start.await();
          try {
            backend.putIfAbsent(key, Payload.of(content), meta("dg-note", "reference"));
            wins.incrementAndGet();
          } catch (ObjectExistsException lost) {
            // expected for all but one
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> f : futures) {
        f.get(60, TimeUnit.SECONDS);
      }
      pool.shutdown();
      assertEquals(1, wins.get(), "exactly one writer creates " + key);
      assertTrue(new String(read(key), StandardCharsets.UTF_8).startsWith("writer-"));
    }
  }

  @Test
  void replaceMetadataKeepsTheBytes() throws Exception {
    backend.put("m/x", Payload.of(bytes("payload")), meta("file_sha256", "00"));
    backend.replaceMetadata("m/x", meta("dg-file-sha256", "00", "dg-note", "passthrough"));
    assertArrayEquals(bytes("payload"), read("m/x"));
    assertEquals(meta("dg-file-sha256", "00", "dg-note", "passthrough"), backend.head("m/x").orElseThrow().metadata());
  }

  @Test
  void storesLargeObjectsFromFiles() throws Exception {
    byte[] big = new byte[6 << 20];
    new Random(7).nextBytes(big);
    Path file = Files.write(tempDir.resolve("big.bin"), big);
    backend.put("big/object.bin", Payload.of(file), Map.of("dg-file-size", String.valueOf(big.length)));
    assertEquals(big.length, backend.head("big/object.bin").orElseThrow().size());
    assertArrayEquals(big, read("big/object.bin"));
  }

  @Test
  void keepsKeysWithSpacesAndUnicode() throws Exception {
    String key = "dir with space/caf\u00e9 \u2603 v1.0+build.zip";
    backend.put(key, Payload.of(bytes("u")), Map.of());
    assertArrayEquals(bytes("u"), read(key));
    assertEquals(List.of(key), keys(backend.list(BlobQuery.under("dir with space/"))));
  }

  private static List<String> keys(BlobPage page) {
    List<String> out = new ArrayList<>();
    page.objects().forEach(o -> out.add(o.key()));
    return out;
  }

  private void putAll(String... keys) throws Exception {
    for (String k : keys) {
      backend.put(k, Payload.of(bytes(k)), Map.of("dg-note", "passthrough"));
    }
  }

  @Test
  void listsUnderAPrefixInKeyOrderWithSizes() throws Exception {
    putAll("a/b/2.zip", "a/b/1.zip", "a/b/10.zip", "a/bc/x.zip", "a/a.zip", "b/z.zip");
    BlobPage page = backend.list(BlobQuery.under("a/b/"));
    assertEquals(List.of("a/b/1.zip", "a/b/10.zip", "a/b/2.zip"), keys(page));
    assertEquals("a/b/1.zip".length(), page.objects().get(0).size());
    assertFalse(page.isTruncated());
    assertEquals(List.of("a/a.zip", "a/b/1.zip", "a/b/10.zip", "a/b/2.zip", "a/bc/x.zip"),
        keys(backend.list(BlobQuery.under("a/"))));
    assertEquals(List.of("a/b/1.zip", "a/b/10.zip", "a/b/2.zip", "a/bc/x.zip"), keys(backend.list(BlobQuery.under("a/b"))));
    assertTrue(backend.list(BlobQuery.under("c/")).objects().isEmpty());
  }

  @Test
  void rollsUpCommonPrefixesWithADelimiter() throws Exception {
    putAll("r/a/1.zip", "r/a/2.zip", "r/b/c/3.zip", "r/top.zip", "r/z/4.zip", "s/5.zip");
    BlobPage page = backend.list(BlobQuery.of("r/", "/", null, null, 1000));
    assertEquals(List.of("r/top.zip"), keys(page));
    assertEquals(List.of("r/a/", "r/b/", "r/z/"), page.commonPrefixes());
    BlobPage root = backend.list(BlobQuery.of("", "/", null, null, 1000));
    assertEquals(List.of("r/", "s/"), root.commonPrefixes());
    assertTrue(root.objects().isEmpty());
  }

  @Test
  void paginatesWithContinuationTokensAndStartAfter() throws Exception {
    List<String> all = new ArrayList<>();
    for (int i = 0; i < 23; i++) {
      all.add(String.format("p/obj-%03d", i));
    }
    putAll(all.toArray(new String[0]));
    List<String> seen = new ArrayList<>();
    BlobQuery q = BlobQuery.of("p/", null, null, null, 5);
    int pages = 0;
    while (true) {
      BlobPage page = backend.list(q);
      pages++;
      assertTrue(page.objects().size() <= 5);
      seen.addAll(keys(page));
      if (!page.isTruncated()) {
        break;
      }
      q = q.withContinuationToken(page.nextContinuationToken());
    }
    assertEquals(all, seen);
    assertEquals(5, pages);
    assertEquals(all.subList(11, 23), keys(backend.list(BlobQuery.of("p/", null, "p/obj-010", null, 100))));
  }

  @Test
  void paginatesOverCommonPrefixes() throws Exception {
    putAll("q/a/1", "q/a/2", "q/b/1", "q/c", "q/d/1", "q/d/2", "q/e");
    List<String> entries = new ArrayList<>();
    BlobQuery q = BlobQuery.of("q/", "/", null, null, 2);
    while (true) {
      BlobPage page = backend.list(q);
      assertTrue(page.objects().size() + page.commonPrefixes().size() <= 2);
      entries.addAll(page.commonPrefixes());
      entries.addAll(keys(page));
      if (!page.isTruncated()) {
        break;
      }
      q = q.withContinuationToken(page.nextContinuationToken());
    }
    entries.sort(BlobListings.UTF8_ORDER);
    assertEquals(List.of("q/a/", "q/b/", "q/c", "q/d/", "q/e"), entries);
  }

  @Test
  void concurrentWritersToDistinctKeysAllLand() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Future<?>> futures = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      int id = t;
      futures.add(pool.submit(() -> {
        for (int i = 0; i < 15; i++) {
          backend.put("c/" + id + "/" + i, Payload.of(bytes(id + ":" + i)), Map.of("dg-note", "passthrough"));
        }
        return null;
      }));
    }
    for (Future<?> f : futures) {
      f.get(60, TimeUnit.SECONDS);
    }
    pool.shutdown();
    for (int t = 0; t < 4; t++) {
      for (int i = 0; i < 15; i++) {
        assertArrayEquals(bytes(t + ":" + i), read("c/" + t + "/" + i));
      }
    }
    assertEquals(60, keys(backend.list(BlobQuery.of("c/", null, null, null, 1000))).size());
  }

  @Test
  void describesItself() {
    String d = backend.describe();
    assertTrue(d != null && !d.isBlank());
  }

  @Test
  void aHealthyStoreHasNoProblemsAndCleaningItRemovesNothing() throws Exception {
    backend.put("ds/reference.bin", Payload.of(bytes("ref")), meta("dg-note", "reference"));
    backend.put("ds/a.zip.delta", Payload.of(bytes("delta")), meta("dg-note", "delta"));
    backend.put("ds/notes.txt", Payload.of(bytes("whole")), meta("dg-note", "passthrough"));
    assertEquals(List.of(), backend.problems(""));
    assertEquals(List.of(), backend.problems("ds/"));
    assertEquals(List.of(), backend.removeLeftovers(""));
    assertArrayEquals(bytes("ref"), read("ds/reference.bin"));
    assertArrayEquals(bytes("delta"), read("ds/a.zip.delta"));
    assertArrayEquals(bytes("whole"), read("ds/notes.txt"));
  }

  private byte[] readRange(String key, long offset, long length) throws Exception {
    try (InputStream in = backend.get(key, offset, length)) {
      return in.readAllBytes();
    }
  }

  @Test
  void readsARangeOfAnObject() throws Exception {
    backend.put("r/a.bin", Payload.of(bytes("hello world")), meta("dg-note", "passthrough"));
    assertArrayEquals(bytes("world"), readRange("r/a.bin", 6, 5));
    assertArrayEquals(bytes("hello"), readRange("r/a.bin", 0, 5));
    assertArrayEquals(bytes("world"), readRange("r/a.bin", 6, 100), "a range past the end stops at the end");
    assertArrayEquals(new byte[0], readRange("r/a.bin", 11, 5));
    assertArrayEquals(new byte[0], readRange("r/a.bin", 50, 5));
    assertArrayEquals(new byte[0], readRange("r/a.bin", 3, 0));
    assertThrows(ObjectNotFoundException.class, () -> backend.get("r/missing.bin", 0, 1));
    assertThrows(IllegalArgumentException.class, () -> backend.get("r/a.bin", -1, 1));
  }

  @Test
  void deletesManyKeysAtOnceMissingOnesIncluded() throws Exception {
    for (String k : List.of("m/a", "m/b", "m/c")) {
      backend.put(k, Payload.of(bytes(k)), meta("dg-note", "passthrough"));
    }
    backend.deleteAll(List.of("m/a", "m/c", "m/never-there"));
    assertFalse(backend.head("m/a").isPresent());
    assertFalse(backend.head("m/c").isPresent());
    assertArrayEquals(bytes("m/b"), read("m/b"));
    backend.deleteAll(List.of());
  }
}
