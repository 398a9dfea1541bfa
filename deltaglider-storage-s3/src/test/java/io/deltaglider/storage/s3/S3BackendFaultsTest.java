package io.deltaglider.storage.s3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deltaglider.BackendException;
import io.deltaglider.spi.BlobQuery;
import io.deltaglider.ObjectExistsException;
import io.deltaglider.ObjectNotFoundException;
import io.deltaglider.spi.Payload;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Errors, retries, conditional writes and layout against S3Proxy on loopback. */
class S3BackendFaultsTest {
  private static S3Fixture server;

  @BeforeAll
  static void startServer() throws Exception {
    server = new S3Fixture();
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] read(S3Backend b, String key) throws Exception {
    try (InputStream in = b.get(key)) {
      return in.readAllBytes();
    }
  }

  @Test
  void throttlingAnswersAreRetriedUntilTheServerAccepts() throws Exception {
    String bucket = server.newBucket();
    try (FaultProxy proxy = new FaultProxy(server.port());
        S3Backend b = S3Fixture.backend(proxy.endpoint()).bucket(bucket).build()) {
      proxy.failNext(2, 503, "SlowDown");
      b.put("t/a.zip", Payload.of(bytes("throttled put")), Map.of("dg-note", "passthrough"));
      assertEquals(2, proxy.faults());
      proxy.failNext(2, 503, "SlowDown");
      assertArrayEquals(bytes("throttled put"), read(b, "t/a.zip"));
      assertEquals(4, proxy.faults());
      proxy.failNext(1, 503, "SlowDown");
      assertEquals(List.of("t/a.zip"), b.list(BlobQuery.under("t/")).objects().stream().map(o -> o.key()).toList());
      assertEquals(5, proxy.faults());
    }
  }

  @Test
  void throttlingPastTheRetryBudgetIsAClearBackendError() throws Exception {
    String bucket = server.newBucket();
    try (FaultProxy proxy = new FaultProxy(server.port());
        S3Backend b = S3Fixture.backend(proxy.endpoint()).bucket(bucket).maxAttempts(2).build()) {
      proxy.failNext(10, 503, "SlowDown");
      BackendException e = assertThrows(BackendException.class,
          () -> b.put("t/a.zip", Payload.of(bytes("x")), Map.of()));
      assertTrue(e.getMessage().contains("SlowDown"), e.getMessage());
      assertEquals(2, proxy.faults());
    }
  }

  @Test
  void aMissingBucketIsNamedInTheError() throws Exception {
    try (S3Backend b = server.backend().bucket("no-such-bucket").build()) {
      for (BackendException e : List.of(
          assertThrows(BackendException.class, () -> b.put("k/x", Payload.of(bytes("x")), Map.of())),
          assertThrows(BackendException.class, () -> b.head("k/x")),
          assertThrows(BackendException.class, () -> b.get("k/x")),
          assertThrows(BackendException.class, () -> b.list(BlobQuery.under("k/"))),
          assertThrows(BackendException.class, b::verify))) {
        assertFalse(ObjectNotFoundException.class.isInstance(e), e.toString());
        assertTrue(e.getMessage().contains("bucket 'no-such-bucket' does not exist"), e.getMessage());
      }
    }
  }

  @Test
  void badCredentialsAreAClearAccessDeniedError() throws Exception {
    String bucket = server.newBucket();
    try (S3Backend wrongSecret = server.backend().bucket(bucket)
            .credentials(S3Fixture.ACCESS_KEY, "not-the-secret").build();
        S3Backend unknownKey = server.backend().bucket(bucket).credentials("nobody", "nothing").build()) {
      for (S3Backend b : List.of(wrongSecret, unknownKey)) {
        BackendException put = assertThrows(BackendException.class,
            () -> b.put("k/x", Payload.of(bytes("x")), Map.of()));
        assertTrue(put.getMessage().contains("access denied"), put.getMessage());
        BackendException head = assertThrows(BackendException.class, () -> b.head("k/x"));
        assertTrue(head.getMessage().contains("access denied"), head.getMessage());
        assertThrows(BackendException.class, b::verify);
      }
    }
  }

  @Test
  void anUnreachableEndpointIsABackendError() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    try (S3Backend b = S3Fixture.backend(URI.create("http://127.0.0.1:" + port)).bucket("b")
        .maxAttempts(2).connectTimeout(Duration.ofSeconds(2)).build()) {
      BackendException e = assertThrows(BackendException.class, () -> b.get("k/x"));
      assertTrue(e.getMessage().contains("cannot reach S3"), e.getMessage());
    }
  }

  @Test
  void s3ProxyRefusesASecondCreateWithIfNoneMatch() {
    String bucket = server.newBucket();
    server.raw().putObject(r -> r.bucket(bucket).key("k").ifNoneMatch("*"), RequestBody.fromString("one"));
    S3Exception e = assertThrows(S3Exception.class,
        () -> server.raw().putObject(r -> r.bucket(bucket).key("k").ifNoneMatch("*"), RequestBody.fromString("two")));
    assertEquals(412, e.statusCode());
  }

  @Test
  void withoutServerSupportPutIfAbsentFallsBackToCheckThenPut() throws Exception {
    String bucket = server.newBucket();
    try (FaultProxy proxy = new FaultProxy(server.port());
        S3Backend b = S3Fixture.backend(proxy.endpoint()).bucket(bucket).build()) {
      proxy.failWhen(head -> head.contains("\r\nif-none-match:"), 501, "NotImplemented");
      assertFalse(b.supportsAtomicPutIfAbsent(), "the probe's first conditional create was answered 501");
      assertEquals(ConditionalWriteSupport.NOT_IMPLEMENTED, b.conditionalWriteSupport());
      assertEquals(1, proxy.faults());
      b.putIfAbsent("ds/reference.bin", Payload.of(bytes("first")), Map.of("dg-note", "reference"));
      assertThrows(ObjectExistsException.class,
          () -> b.putIfAbsent("ds/reference.bin", Payload.of(bytes("second")), Map.of()));
      assertArrayEquals(bytes("first"), read(b, "ds/reference.bin"));
      assertEquals(1, proxy.faults(), "no conditional request once the fallback is taken");
    }
    // A server that starts refusing the header after the probe: the first refusal switches over.
    try (FaultProxy proxy = new FaultProxy(server.port());
        S3Backend b = S3Fixture.backend(proxy.endpoint()).bucket(bucket).build()) {
      assertTrue(b.supportsAtomicPutIfAbsent());
      proxy.failWhen(head -> head.contains("\r\nif-none-match:"), 501, "NotImplemented");
      b.putIfAbsent("ds3/reference.bin", Payload.of(bytes("first")), Map.of("dg-note", "reference"));
      assertEquals(1, proxy.faults());
      assertFalse(b.supportsAtomicPutIfAbsent());
      assertArrayEquals(bytes("first"), read(b, "ds3/reference.bin"));
    }
    try (S3Backend off = server.backend().bucket(bucket).conditionalWrites(false).build()) {
      assertFalse(off.supportsAtomicPutIfAbsent());
      assertEquals(ConditionalWriteSupport.DISABLED, off.conditionalWriteSupport());
      off.putIfAbsent("ds2/reference.bin", Payload.of(bytes("x")), Map.of());
      assertThrows(ObjectExistsException.class, () -> off.putIfAbsent("ds2/reference.bin", Payload.of(bytes("y")), Map.of()));
    }
  }

  @Test
  void twoBackendsRacingPutIfAbsentHaveOneWinner() throws Exception {
    String bucket = server.newBucket();
    byte[] big = new byte[(6 << 20) + 123];
    new Random(3).nextBytes(big);
    try (S3Backend one = server.backend().bucket(bucket).multipartThreshold(5 << 20).partSize(5 << 20).build();
        S3Backend two = server.backend().bucket(bucket).multipartThreshold(5 << 20).partSize(5 << 20).build()) {
      ExecutorService pool = Executors.newFixedThreadPool(2);
      try {
        for (int round = 0; round < 8; round++) {
          // Rounds alternate small single-request puts and multipart ones (condition on Complete).
          boolean multipart = round % 4 == 3;
          String key = "race-" + round + "/reference.bin";
          CountDownLatch start = new CountDownLatch(1);
          AtomicInteger wins = new AtomicInteger();
          List<Future<?>> futures = new ArrayList<>();
          for (S3Backend b : List.of(one, two)) {
            byte[] content = multipart ? big : bytes(b == one ? "one" : "two");
            futures.add(pool.submit(() -> {
              start.await();
              try {
                b.putIfAbsent(key, Payload.of(content), Map.of("dg-note", "reference"));
                wins.incrementAndGet();
              } catch (ObjectExistsException lost) {
                // the other one created it
              }
              return null;
            }));
          }
          start.countDown();
          for (Future<?> f : futures) {
            f.get(60, TimeUnit.SECONDS);
          }
          assertEquals(1, wins.get(), "exactly one creator of " + key);
          byte[] stored = read(one, key);
          if (multipart) {
            assertArrayEquals(big, stored);
          } else {
            assertTrue(List.of("one", "two").contains(new String(stored, StandardCharsets.UTF_8)));
          }
        }
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @Test
  void keysAndMetadataAreLaidOutAsDeltaGliderWritesThem() throws Exception {
    String bucket = server.newBucket();
    try (S3Backend rooted = server.backend().bucket(bucket).prefix("/team/artifacts/").build();
        S3Backend bare = server.backend().bucket(bucket).build()) {
      assertEquals("team/artifacts/", rooted.prefix());
      rooted.put("releases/app/app-1.0.zip.delta", Payload.of(bytes("d")),
          Map.of("dg-file-sha256", "ab".repeat(32), "dg-ref-key", "releases/app/reference.bin"));
      HeadObjectResponse raw = server.raw().headObject(r -> r.bucket(bucket)
          .key("team/artifacts/releases/app/app-1.0.zip.delta"));
      assertEquals(Map.of("dg-file-sha256", "ab".repeat(32), "dg-ref-key", "releases/app/reference.bin"),
          raw.metadata());
      // Through the bucket's root the same object carries its full key; a sibling prefix stays apart.
      assertTrue(bare.head("team/artifacts/releases/app/app-1.0.zip.delta").isPresent());
      assertEquals(List.of("team/"), bare.list(BlobQuery.of("", "/", null, null, 100)).commonPrefixes());
      assertEquals(List.of("releases/"), rooted.list(BlobQuery.of("", "/", null, null, 100)).commonPrefixes());
      assertTrue(rooted.describe().startsWith("s3://" + bucket + "/team/artifacts/"), rooted.describe());
    }
  }

  @Test
  void replacesMetadataOfKeysThatNeedEscaping() throws Exception {
    String bucket = server.newBucket();
    String key = "dir with space/caf\u00e9 \u2603+v1.0 (final)&x=1.zip";
    try (S3Backend b = server.backend().bucket(bucket).prefix("p q").build()) {
      b.put(key, Payload.of(bytes("body")), Map.of("file_sha256", "00"));
      b.replaceMetadata(key, Map.of("dg-file-sha256", "00", "dg-note", "passthrough"));
      assertEquals(Map.of("dg-file-sha256", "00", "dg-note", "passthrough"), b.head(key).orElseThrow().metadata());
      assertArrayEquals(bytes("body"), read(b, key));
      assertEquals(List.of(key), b.list(BlobQuery.under("dir with space/")).objects().stream().map(o -> o.key()).toList());
    }
  }

  @Test
  void uploadsCarryNoChecksumTrailersThatOlderServersRefuse() throws Exception {
    String bucket = server.newBucket();
    byte[] big = new byte[(6 << 20) + 5];
    new Random(9).nextBytes(big);
    try (FaultProxy proxy = new FaultProxy(server.port())) {
      // What S3Proxy 2.6 and Hetzner answer to the SDK's default CRC trailers (S3Proxy 4 accepts them).
      proxy.failWhen(head -> head.contains("\r\nx-amz-trailer:") || head.contains("\r\nx-amz-sdk-checksum-algorithm:")
          || head.contains("\r\nx-amz-checksum-"), 501, "NotImplemented");
      // Control: a client on the SDK's defaults is refused.
      try (S3Client defaults = S3Client.builder().endpointOverride(proxy.endpoint()).region(Region.US_EAST_1)
          .forcePathStyle(true).httpClientBuilder(Apache5HttpClient.builder())
          .credentialsProvider(StaticCredentialsProvider.create(
              AwsBasicCredentials.create(S3Fixture.ACCESS_KEY, S3Fixture.SECRET_KEY))).build()) {
        assertThrows(S3Exception.class,
            () -> defaults.putObject(r -> r.bucket(bucket).key("control"), RequestBody.fromString("x")));
      }
      int refused = proxy.faults();
      try (S3Backend b = S3Fixture.backend(proxy.endpoint()).bucket(bucket)
          .multipartThreshold(5 << 20).partSize(5 << 20).build()) {
        b.put("c/small", Payload.of(bytes("small")), Map.of("dg-note", "passthrough"));
        b.put("c/big", Payload.of(big), Map.of("dg-note", "passthrough"));
        b.putIfAbsent("c/ref", Payload.of(bytes("ref")), Map.of());
        b.replaceMetadata("c/small", Map.of("dg-note", "direct"));
        assertArrayEquals(big, read(b, "c/big"));
        assertArrayEquals(bytes("small"), read(b, "c/small"));
        assertEquals(refused, proxy.faults(), "the backend sent no checksum headers or trailers");
        // DeleteObjects is the exception: the SDK always adds a CRC32 header to it (a Content-MD5
        // too). Refused once, the backend deletes key by key, without checksums, from then on.
        b.deleteAll(List.of("c/small", "c/ref"));
        assertEquals(refused + 1, proxy.faults());
        assertTrue(b.head("c/small").isEmpty());
        assertTrue(b.head("c/ref").isEmpty());
        b.deleteAll(List.of("c/big"));
        assertEquals(refused + 1, proxy.faults(), "no second DeleteObjects");
        assertTrue(b.head("c/big").isEmpty());
      }
      assertTrue(refused > 0);
    }
  }

  @Test
  void eachCallCostsTheRequestsItShouldAndListingScalesWithMatchesOnly() throws Exception {
    String bucket = server.newBucket();
    S3Throughput.Counter counter = new S3Throughput.Counter();
    try (S3Client client = S3Client.builder().endpointOverride(server.endpoint()).region(Region.US_EAST_1)
        .forcePathStyle(true).httpClientBuilder(Apache5HttpClient.builder())
        .credentialsProvider(StaticCredentialsProvider.create(
            AwsBasicCredentials.create(S3Fixture.ACCESS_KEY, S3Fixture.SECRET_KEY)))
        .overrideConfiguration(o -> o.addExecutionInterceptor(counter)).build();
        S3Backend b = S3Backend.builder().bucket(bucket).client(client).build()) {
      for (int i = 0; i < 30; i++) {
        b.put("other/k" + i, Payload.of(bytes("o")), Map.of());
      }
      for (int i = 0; i < 5; i++) {
        b.put("mine/k" + i, Payload.of(bytes("m")), Map.of());
      }
      assertEquals("{PutObject=35}", counter.snapshotAndReset());
      b.head("mine/k0");
      assertEquals("{HeadObject=1}", counter.snapshotAndReset());
      read(b, "mine/k0");
      assertEquals("{GetObject=1}", counter.snapshotAndReset());
      assertTrue(b.supportsAtomicPutIfAbsent());
      assertEquals("{DeleteObject=1, PutObject=2}", counter.snapshotAndReset(), "the probe, once per backend");
      b.putIfAbsent("mine/ref", Payload.of(bytes("r")), Map.of());
      assertEquals("{PutObject=1}", counter.snapshotAndReset());
      b.replaceMetadata("mine/ref", Map.of("dg-note", "reference"));
      assertEquals("{CopyObject=1}", counter.snapshotAndReset());
      assertTrue(b.delete("other/k0"));
      assertEquals("{DeleteObject=1, HeadObject=1}", counter.snapshotAndReset(), "delete answers whether it existed");
      b.deleteIfPresent("other/k1");
      b.deleteIfPresent("other/never-there");
      assertEquals("{DeleteObject=2}", counter.snapshotAndReset(), "no HEAD when nobody asks");
      b.deleteAll(List.of("other/k2", "other/k3", "other/never-there"));
      assertEquals("{DeleteObjects=1}", counter.snapshotAndReset(), "one request for a batch");
      assertTrue(b.head("other/k2").isEmpty() && b.head("other/k3").isEmpty());
      counter.snapshotAndReset();
      try (InputStream in = b.get("other/k4", 0, 1)) {
        assertArrayEquals(bytes("o"), in.readAllBytes());
      }
      assertEquals("{GetObject=1}", counter.snapshotAndReset(), "a range is one GET");
      assertTrue(b.head("other/k1").isEmpty());
      counter.snapshotAndReset();
      int entries = 0;
      BlobQuery q = BlobQuery.of("mine/", null, null, null, 2);
      while (true) {
        var page = b.list(q);
        entries += page.objects().size();
        if (!page.isTruncated()) {
          break;
        }
        q = q.withContinuationToken(page.nextContinuationToken());
      }
      assertEquals(6, entries);
      assertEquals("{ListObjectsV2=3}", counter.snapshotAndReset(), "pages of matches only, not of the bucket");
    }
  }

  @Test
  void closingAGetEarlyLeavesTheBackendUsable() throws Exception {
    String bucket = server.newBucket();
    byte[] big = new byte[3 << 20];
    new Random(5).nextBytes(big);
    try (S3Backend b = server.backend().bucket(bucket).maxConnections(2).build()) {
      b.put("g/big", Payload.of(big), Map.of());
      for (int i = 0; i < 5; i++) {
        try (InputStream in = b.get("g/big")) {
          assertEquals(big[0] & 0xff, in.read());
        }
      }
      assertArrayEquals(big, read(b, "g/big"));
    }
  }

  @Test
  void builderChecksItsArguments() {
    assertThrows(IllegalStateException.class, () -> S3Backend.builder().build());
    assertThrows(IllegalArgumentException.class, () -> S3Backend.builder().bucket("a/b"));
    assertThrows(IllegalArgumentException.class, () -> S3Backend.builder().partSize(1 << 20));
    assertThrows(IllegalArgumentException.class, () -> S3Backend.builder().multipartThreshold(1));
    assertThrows(IllegalArgumentException.class, () -> S3Backend.builder().maxAttempts(0));
    assertInstanceOf(S3Backend.Builder.class, S3Backend.builder().prefix(""));
  }
}
