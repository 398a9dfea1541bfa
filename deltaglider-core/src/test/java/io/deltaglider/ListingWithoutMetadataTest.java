package io.deltaglider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deltaglider.spi.BlobInfo;
import io.deltaglider.spi.BlobPage;
import io.deltaglider.spi.BlobQuery;
import io.deltaglider.spi.ForwardingBackend;
import io.deltaglider.spi.InMemoryBackend;
import io.deltaglider.spi.MetadataNames;
import io.deltaglider.spi.Payload;
import io.deltaglider.vcdiff.testing.TestData;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Listings and stats on a backend whose listings carry no metadata, as S3's ListObjectsV2 (issue
 * 17 item 3): quick ones answer from listing pages alone, about one request per 1,000 objects and
 * no head; detailed ones head what they need, at most 16 at a time.
 */
class ListingWithoutMetadataTest {
  static final byte[] V1 = TestData.random(17, 40_000);

  /** S3-like: listings without metadata (and with ETags); counts calls and concurrent heads. */
  static final class ListsLikeS3 extends ForwardingBackend {
    final AtomicInteger lists = new AtomicInteger();
    final AtomicInteger heads = new AtomicInteger();
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger maxInFlight = new AtomicInteger();
    volatile boolean slowHeads;

    ListsLikeS3(InMemoryBackend delegate) {
      super(delegate);
    }

    @Override
    public BlobPage list(BlobQuery query) throws DeltaStoreException {
      lists.incrementAndGet();
      BlobPage page = super.list(query);
      List<BlobInfo> bare = new ArrayList<>();
      for (BlobInfo o : page.objects()) {
        bare.add(BlobInfo.listed(o.key(), o.size(), o.lastModified(), "etag-of-" + o.key()));
      }
      return new BlobPage(bare, page.commonPrefixes(), page.nextContinuationToken());
    }

    @Override
    public Optional<BlobInfo> head(String key) throws DeltaStoreException {
      heads.incrementAndGet();
      int now = inFlight.incrementAndGet();
      maxInFlight.accumulateAndGet(now, Math::max);
      try {
        if (slowHeads) {
          // Until a second head has been seen in flight, wait for one (up to 5 s): on a loaded
          // machine the executor's threads may start late, and a store that heads in parallel
          // must still show it (a serial one never does, and fails after the wait).
          long deadline = System.nanoTime() + 5_000_000_000L;
          while (maxInFlight.get() < 2 && System.nanoTime() < deadline) {
            LockSupport.parkNanos(1_000_000);
          }
          LockSupport.parkNanos(2_000_000);
        }
        return super.head(key).map(h -> new BlobInfo(h.key(), h.size(), h.metadata(), h.lastModified(),
            "etag-of-" + h.key()));
      } finally {
        inFlight.decrementAndGet();
      }
    }

    void reset() {
      lists.set(0);
      heads.set(0);
      maxInFlight.set(0);
    }
  }

  InMemoryBackend raw;
  ListsLikeS3 backend;
  DeltaStore store;

  @BeforeEach
  void setUp() {
    raw = new InMemoryBackend();
    backend = new ListsLikeS3(raw);
    store = DeltaStore.builder().backend(backend).build();
  }

  private static String md5(byte[] b) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(b));
  }

  @Test
  void aQuickListingReadsPagesOnlyAndSaysWhatTheKeyAndListingSay() throws Exception {
    byte[] v2 = TestData.edited(V1, 1, 3, 40, false);
    store.put("r/app-1.zip", V1);
    store.put("r/app-2.zip", v2);
    store.put("r/notes.txt", "notes".getBytes());
    backend.reset();
    ListPage page = store.list("r/", null, null, null, 100);
    assertEquals(1, backend.lists.get());
    assertEquals(0, backend.heads.get(), "no head per object");
    ObjectSummary delta = page.objects().get(1);
    assertEquals("r/app-2.zip", delta.key());
    assertEquals(StoredForm.DELTA, delta.form());
    assertEquals(-1, delta.size(), "a delta's original size needs its metadata");
    assertNull(delta.etag());
    assertEquals("etag-of-r/app-2.zip.delta", delta.storedEtag());
    ObjectSummary whole = page.objects().get(2);
    assertEquals(StoredForm.PASSTHROUGH, whole.form());
    assertEquals(5, whole.size(), "whole: the stored size is the original size");

    backend.reset();
    ListPage detailed = store.listDetailed("r/", null, null, null, 100);
    assertEquals(3, backend.heads.get());
    assertEquals(v2.length, detailed.objects().get(1).size());
    assertEquals(md5(v2), detailed.objects().get(1).etag());
    assertEquals(md5("notes".getBytes()), detailed.objects().get(2).etag());
    assertEquals(store.head("r/app-2.zip").etag(), detailed.objects().get(1).etag());
  }

  @Test
  void tenThousandObjectsListInAboutTenRequestsAndStreamPageByPage() throws Exception {
    for (int i = 0; i < 10_000; i++) {
      String key = String.format("big/d%02d/obj-%05d.txt", i % 10, i);
      raw.put(key, Payload.of(new byte[] {(byte) i}), Map.of(MetadataNames.FILE_SIZE, "1"));
    }
    backend.reset();
    int listed = 0;
    int pages = 0;
    String token = null;
    do {
      ListPage p = store.list("big/", null, null, token, 1000);
      listed += p.objects().size();
      pages++;
      token = p.nextContinuationToken();
    } while (token != null);
    assertEquals(10_000, listed);
    assertTrue(backend.lists.get() <= 11, "LIST requests: " + backend.lists.get());
    // Each page's keys wait for "big/dNN/obj.delta" (it would list as big/dNN/obj, before them):
    // one head per page says it is not there, instead of listing the rest of the deltaspace.
    assertTrue(backend.heads.get() <= backend.lists.get(), "heads: " + backend.heads.get());

    backend.reset();
    ObjectIterator it = store.objects("big/");
    assertTrue(it.hasNext());
    // The first page's keys wait for the next raw page (big/d00/obj.delta would come first).
    assertEquals(2, backend.lists.get(), "the iterator reads a page when it gets there");
    int n = 0;
    while (it.hasNext()) {
      it.next();
      n++;
    }
    assertEquals(10_000, n);
    assertEquals(10, backend.lists.get());
    assertEquals(0, backend.heads.get(), "the iterator reads on instead");

    StoreStats quick = store.stats("big/");
    assertEquals(10_000, quick.objects());
    assertTrue(quick.originalSizesKnown(), "whole objects: stored size is the original size");
    assertEquals(0, backend.heads.get());
  }

  @Test
  void detailedReadsHeadSixteenAtATime() throws Exception {
    for (int i = 0; i < 200; i++) {
      raw.put("h/o" + i + ".bin", Payload.of(new byte[] {1, 2}), Map.of(MetadataNames.FILE_SIZE, "2"));
    }
    backend.slowHeads = true;
    backend.reset();
    assertEquals(200, store.listDetailed("h/", null, null, null, 1000).objects().size());
    assertEquals(200, backend.heads.get());
    assertTrue(backend.maxInFlight.get() <= 16, "heads in flight: " + backend.maxInFlight.get());
    assertTrue(backend.maxInFlight.get() > 1, "heads run in parallel");
    backend.reset();
    int n = 0;
    for (ObjectIterator it = store.objectsDetailed("h/"); it.hasNext(); it.next()) {
      n++;
    }
    assertEquals(200, n);
    assertEquals(200, backend.heads.get());
    assertTrue(backend.maxInFlight.get() <= 16, "heads in flight: " + backend.maxInFlight.get());
  }

  /**
   * A host's executor with more threads than the bound does not lift it; nor does the calling
   * thread taking heads no thread has started (it made 17 once, at load 8).
   */
  @Test
  void aLargeHostExecutorStillHeadsSixteenAtATime() throws Exception {
    java.util.concurrent.ExecutorService host = java.util.concurrent.Executors.newFixedThreadPool(64);
    try (DeltaStore hosted = DeltaStore.builder().backend(backend).executor(host).build()) {
      for (int i = 0; i < 200; i++) {
        raw.put("x/o" + i + ".bin", Payload.of(new byte[] {1, 2}), Map.of(MetadataNames.FILE_SIZE, "2"));
      }
      backend.slowHeads = true;
      backend.reset();
      assertEquals(200, hosted.listDetailed("x/", null, null, null, 1000).objects().size());
      assertEquals(200, backend.heads.get());
      assertTrue(backend.maxInFlight.get() <= 16, "heads in flight: " + backend.maxInFlight.get());
      assertTrue(backend.maxInFlight.get() > 1, "heads run in parallel");
    } finally {
      host.shutdownNow();
    }
  }

  @Test
  void quickStatsLeaveDeltaOriginalsUnknownAndExactStatsReadThem() throws Exception {
    byte[] v2 = TestData.edited(V1, 2, 3, 40, false);
    store.put("s/app-1.zip", V1);
    store.put("s/app-2.zip", v2);
    store.put("s/readme.txt", "hello".getBytes());
    backend.reset();
    StoreStats quick = store.stats("s/");
    assertEquals(0, backend.heads.get());
    assertEquals(3, quick.objects());
    assertEquals(2, quick.deltas());
    assertFalse(quick.originalSizesKnown());
    assertEquals(-1, quick.originalBytes());
    assertEquals(0, quick.savedBytes());
    assertEquals(V1.length, quick.referenceBytes());
    StoreStats exact = store.statsExact("s/");
    assertEquals(3, backend.heads.get(), "one head per object, none for the reference");
    assertTrue(exact.originalSizesKnown());
    assertEquals(V1.length + v2.length + 5, exact.originalBytes());
    assertEquals(quick.storedBytes(), exact.storedBytes());
    assertTrue(exact.perDeltaspace().get("s").originalSizesKnown());
  }

  @Test
  void folderMarkersAreNeitherListedNorCountedNorVerified() throws Exception {
    store.put("f/a.txt", "a".getBytes());
    raw.put("f/", Payload.of(new byte[0]), Map.of());
    raw.put("f/sub/", Payload.of(new byte[0]), Map.of());
    raw.put("g/", Payload.of(new byte[0]), Map.of());
    assertEquals(List.of("f/a.txt"), store.listAll("").stream().map(ObjectSummary::key).toList());
    assertEquals(List.of("f/a.txt"), store.list("f/", "/", null, null, 10).objects().stream().map(ObjectSummary::key).toList());
    assertEquals(List.of("f/sub/"), store.list("f/", "/", null, null, 10).commonPrefixes());
    assertEquals(1, store.stats("").objects());
    assertEquals(1, store.statsExact("").objects());
    VerifyReport report = store.verify("");
    assertTrue(report.ok(), report.toString());
    assertEquals(1, report.verified().size());
  }

  @Test
  void wholeObjectsWithoutDeltaGliderMetadataArePlainOnceTheMetadataIsRead() throws Exception {
    raw.put("p/foreign.bin", Payload.of(new byte[] {1, 2, 3}), Map.of("owner", "someone"));
    store.put("p/ours.txt", "ours".getBytes());
    List<ObjectSummary> quick = store.list("p/", null, null, null, 10).objects();
    assertEquals(StoredForm.PASSTHROUGH, quick.get(0).form(), "quick: whole, as the key says");
    List<ObjectSummary> detailed = store.listDetailed("p/", null, null, null, 10).objects();
    assertEquals(StoredForm.PLAIN, detailed.get(0).form());
    assertEquals(3, detailed.get(0).size());
    assertEquals("etag-of-p/foreign.bin", detailed.get(0).etag(), "a plain object's ETag is the backend's");
    assertEquals(StoredForm.PASSTHROUGH, detailed.get(1).form());
    // A backend whose listings carry metadata says so without a head.
    DeltaStore local = DeltaStore.builder().backend(raw).build();
    assertEquals(StoredForm.PLAIN, local.list("p/", null, null, null, 10).objects().get(0).form());
  }

  @Test
  void startAfterAndContinuationTokensAreTwoThings() throws Exception {
    for (String k : List.of("l/a.txt", "l/sub/x.txt", "l/sub/y.txt", "l/z.txt")) {
      store.put(k, k.getBytes());
    }
    // start-after inside a common prefix: S3 still returns the prefix (later keys roll up into it).
    ListPage after = store.list("l/", "/", "l/sub/x.txt", null, 10);
    assertEquals(List.of("l/sub/"), after.commonPrefixes());
    assertEquals(List.of("l/z.txt"), after.objects().stream().map(ObjectSummary::key).toList());
    // A token that ended on the prefix does not repeat it.
    ListPage first = store.list("l/", "/", null, null, 2);
    assertEquals(List.of("l/sub/"), first.commonPrefixes());
    ListPage next = store.list("l/", "/", "l/a.txt", first.nextContinuationToken(), 10);
    assertEquals(List.of(), next.commonPrefixes());
    assertEquals(List.of("l/z.txt"), next.objects().stream().map(ObjectSummary::key).toList());
  }

  /**
   * {@code app.delta} lists as {@code app}, before {@code app-1.zip} and the rest, although it is
   * the last raw key: pages must not release those first, nor show a key twice when it is stored
   * in both forms, wherever the raw pages end.
   */
  @Test
  void keysThatSortLateAsRawKeysComeFirstAndOnceOnEveryPageBoundary() throws Exception {
    for (int i = 0; i < 2_100; i++) {
      raw.put(String.format("b/app-%04d.zip.delta", i), Payload.of(new byte[] {1}), Map.of());
    }
    raw.put("b/app.delta", Payload.of(new byte[] {2}), Map.of());
    raw.put("b/app", Payload.of(new byte[] {3}), Map.of()); // the same key whole: a crash leftover
    List<String> expected = new ArrayList<>();
    expected.add("b/app");
    for (int i = 0; i < 2_100; i++) {
      expected.add(String.format("b/app-%04d.zip", i));
    }
    for (int pageSize : new int[] {1, 7, 1000, 5000}) {
      List<String> keys = new ArrayList<>();
      String token = null;
      do {
        ListPage p = store.list("b/", null, null, token, pageSize);
        p.objects().forEach(o -> keys.add(o.key()));
        if (keys.size() == 1) {
          assertEquals(StoredForm.DELTA, p.objects().get(0).form(), "the delta form wins");
        }
        token = p.nextContinuationToken();
      } while (token != null && keys.size() < 20);
      assertEquals(expected.subList(0, Math.min(keys.size(), expected.size())), keys, "page size " + pageSize);
    }
    assertEquals(expected, store.listAll("b/").stream().map(ObjectSummary::key).toList());
    List<String> paged = new ArrayList<>();
    String token = null;
    do {
      ListPage p = store.list("b/", null, null, token, 1000);
      p.objects().forEach(o -> paged.add(o.key()));
      token = p.nextContinuationToken();
    } while (token != null);
    assertEquals(expected, paged);
  }
}
