package io.deltaglider.storage.s3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deltaglider.DeltaStore;
import io.deltaglider.ListPage;
import io.deltaglider.ObjectSummary;
import io.deltaglider.StoreStats;
import io.deltaglider.StoredForm;
import io.deltaglider.vcdiff.testing.TestData;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.gaul.s3proxy.blobstore.options.CopyOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Issue 17: ls, list and stats on S3 cost about one ListObjectsV2 per 1,000 keys, not a request per
 * object. 1,000 objects in 50 deltaspaces (18 versions as deltas and 2 files stored whole in each,
 * plus its reference), named like releases ({@code app-1.0.N.zip}), whose hyphens and dots make
 * keys the listing must hold back until no {@code .delta} key could still sort before them. The
 * SDK's requests are counted by operation.
 */
class S3ListingRequestsTest {
  static final int DELTASPACES = 50;
  static final int VERSIONS = 18;
  static final int WHOLE = 2;
  static final int OBJECTS = DELTASPACES * (VERSIONS + WHOLE);
  static final int RAW_KEYS = OBJECTS + DELTASPACES;
  /** The most keys one ListObjectsV2 returns (S3's limit, S3Proxy's too). */
  static final int PAGE = 1000;
  static final int RAW_PAGES = (RAW_KEYS + PAGE - 1) / PAGE;
  /** The most keys one user page heads to release the keys it holds back (UserListing's limit). */
  static final int HEADS_PER_PAGE = 8;
  private static S3Fixture server;

  @BeforeAll
  static void startServer() throws Exception {
    server = new S3Fixture();
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  private static String ds(int d) {
    return String.format("rel/ds%02d/", d);
  }

  @Test
  void listingAndStatsOfAThousandObjectsCostAboutOneRequestPerThousandKeys() throws Exception {
    String bucket = server.newBucket();
    S3Throughput.Counter counter = new S3Throughput.Counter();
    byte[] base = TestData.random(17, 20_000);
    try (S3Client client = counted(counter);
        DeltaStore store = DeltaStore.builder().backend(S3Backend.builder().bucket(bucket).client(client).build())
            .build()) {
      // One deltaspace written by the store, then copied inside the server (no request counted):
      // writing 1,000 objects through S3Proxy would take most of this test's time.
      for (int v = 0; v < VERSIONS; v++) {
        assertEquals(StoredForm.DELTA, store.put(ds(0) + "app-1.0." + v + ".zip", TestData.edited(base, v, 4, 60, false))
            .form());
      }
      for (int w = 0; w < WHOLE; w++) {
        assertEquals(StoredForm.PASSTHROUGH, store.put(ds(0) + "notes-" + w + ".txt", TestData.text(w, 500)).form());
      }
      List<String> template = server.raw().listObjectsV2(r -> r.bucket(bucket).prefix(ds(0))).contents().stream()
          .map(S3Object::key).toList();
      assertEquals(VERSIONS + WHOLE + 1, template.size(), template.toString());
      for (int d = 1; d < DELTASPACES; d++) {
        for (String key : template) {
          // A delta names its deltaspace's reference: the copy names its own.
          Map<String, String> meta = new HashMap<>(server.blobStore().blobMetadata(bucket, key).userMetadata());
          String ref = ds(d) + "reference.bin";
          meta.replaceAll((name, value) -> value.equals(ds(0) + "reference.bin") ? ref : value);
          server.blobStore().copyBlob(bucket, key, bucket, ds(d) + key.substring(ds(0).length()),
              CopyOptions.builder().userMetadata(meta).build());
        }
      }
      assertArrayEquals(TestData.edited(base, 5, 4, 60, false), store.get(ds(37) + "app-1.0.5.zip"),
          "a copy is an object of the store");
      counter.snapshotAndReset();

      Map<String, Map<String, Long>> measured = new LinkedHashMap<>();

      // Every object, streamed (what rm and sync walk).
      List<ObjectSummary> all = store.listAll("rel/");
      assertEquals(OBJECTS, all.size());
      Map<String, Long> listAll = take(counter);
      measured.put("listAll", listAll);
      assertEquals(Map.of("ListObjectsV2", (long) RAW_PAGES), listAll, "a LIST per 1,000 raw keys, nothing per object");

      // ls: one level, folders rolled up by the server.
      ListPage top = store.list("rel/", "/", null, null, PAGE);
      assertEquals(DELTASPACES, top.commonPrefixes().size());
      assertFalse(top.isTruncated());
      Map<String, Long> ls = take(counter);
      measured.put("ls rel/", ls);
      assertEquals(Map.of("ListObjectsV2", 1L), ls);

      // ls --recursive: pages of up to 1,000 user keys, then its total from stats.
      int pages = 0;
      int listed = 0;
      String token = null;
      do {
        ListPage page = store.list("rel/", null, null, token, PAGE);
        pages++;
        listed += page.objects().size();
        token = page.nextContinuationToken();
      } while (token != null);
      assertEquals(OBJECTS, listed);
      Map<String, Long> recursive = take(counter);
      measured.put("ls --recursive (" + pages + " pages)", recursive);
      // Each user page reads at most one raw page more than its share, and heads at most a few
      // keys that could sort before the keys it holds back: bounded by pages, not objects.
      long lists = recursive.getOrDefault("ListObjectsV2", 0L);
      long heads = recursive.getOrDefault("HeadObject", 0L);
      assertTrue(lists <= RAW_PAGES + pages, recursive.toString());
      assertTrue(heads <= (long) HEADS_PER_PAGE * pages, recursive.toString());
      assertTrue(Set.of("ListObjectsV2", "HeadObject").containsAll(recursive.keySet()), recursive.toString());

      StoreStats stats = store.stats("rel/");
      assertEquals(OBJECTS, stats.objects());
      assertEquals(DELTASPACES * VERSIONS, stats.deltas());
      assertEquals(DELTASPACES * WHOLE, stats.passthroughs());
      assertFalse(stats.originalSizesKnown(), "a delta's original size is in its metadata, not in the listing");
      Map<String, Long> st = take(counter);
      measured.put("stats", st);
      assertEquals(Map.of("ListObjectsV2", (long) RAW_PAGES), st);

      // One deltaspace: only that part of the bucket is read.
      assertEquals(VERSIONS + WHOLE, store.listAll(ds(23)).size());
      Map<String, Long> one = take(counter);
      measured.put("listAll one deltaspace", one);
      assertEquals(Map.of("ListObjectsV2", 1L), one);

      // The exact stats are the documented exception: a HEAD per object whose listing lacks
      // metadata (one deltaspace here; 1,000 HEADs would only add time).
      StoreStats exact = store.statsExact(ds(23));
      assertTrue(exact.originalSizesKnown());
      assertEquals(VERSIONS + WHOLE, exact.objects());
      assertEquals(stats.storedBytes() / DELTASPACES, exact.storedBytes(), "the deltaspaces are copies of one");
      Map<String, Long> ex = take(counter);
      measured.put("statsExact one deltaspace", ex);
      assertEquals(Map.of("HeadObject", (long) (VERSIONS + WHOLE), "ListObjectsV2", 1L), ex, "no HEAD of a reference");

      System.out.println("[S3ListingRequestsTest] " + OBJECTS + " objects, " + RAW_KEYS + " raw keys: " + measured);
    }
  }

  /** The requests sent since the last call, by operation. */
  private static Map<String, Long> take(S3Throughput.Counter counter) {
    Map<String, Long> m = new TreeMap<>();
    counter.calls.forEach((op, n) -> m.put(op, n.sumThenReset()));
    m.values().removeIf(n -> n == 0);
    return m;
  }

  private static S3Client counted(S3Throughput.Counter counter) {
    return S3Client.builder().endpointOverride(server.endpoint()).region(Region.US_EAST_1)
        .forcePathStyle(true).httpClientBuilder(Apache5HttpClient.builder())
        .credentialsProvider(StaticCredentialsProvider.create(
            AwsBasicCredentials.create(S3Fixture.ACCESS_KEY, S3Fixture.SECRET_KEY)))
        .overrideConfiguration(o -> o.addExecutionInterceptor(counter)).build();
  }
}
