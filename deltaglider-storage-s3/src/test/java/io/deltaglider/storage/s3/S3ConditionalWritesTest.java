package io.deltaglider.storage.s3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deltaglider.DeltaStore;
import io.deltaglider.ObjectExistsException;
import io.deltaglider.spi.Payload;
import io.deltaglider.spi.StorageProblem;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
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
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Whether {@code If-None-Match: *} is enforced, as S3Proxy 4.0.0 does it and as the backend's
 * probe finds out: directly against S3Proxy (enforcing) and through a relay that strips the header
 * on the way to an S3Proxy that checks no signatures (accepting, not enforcing), as some
 * S3-compatible servers and proxies do.
 */
class S3ConditionalWritesTest {
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

  private static List<String> rawKeys(String bucket) {
    return server.raw().listObjectsV2(r -> r.bucket(bucket)).contents().stream().map(S3Object::key).toList();
  }

  /** A relay to S3Proxy that drops If-None-Match: what a server that ignores the header amounts to. */
  private static FaultProxy strippingRelay() throws Exception {
    FaultProxy relay = new FaultProxy(server.unauthenticatedPort());
    relay.stripRequestHeader("If-None-Match");
    return relay;
  }

  @Test
  void s3ProxyEnforcesIfNoneMatchOnPutAndOnCompleteMultipartUploadAtomically() throws Exception {
    String bucket = server.newBucket();
    S3Client raw = server.raw();
    raw.putObject(r -> r.bucket(bucket).key("k").ifNoneMatch("*"), RequestBody.fromString("one"));
    S3Exception e = assertThrows(S3Exception.class,
        () -> raw.putObject(r -> r.bucket(bucket).key("k").ifNoneMatch("*"), RequestBody.fromString("two")));
    assertEquals(412, e.statusCode());

    byte[] part = new byte[5 << 20];
    new Random(1).nextBytes(part);
    for (int attempt = 0; attempt < 2; attempt++) {
      String upload = raw.createMultipartUpload(r -> r.bucket(bucket).key("m")).uploadId();
      String etag = raw.uploadPart(r -> r.bucket(bucket).key("m").uploadId(upload).partNumber(1),
          RequestBody.fromBytes(part)).eTag();
      Runnable complete = () -> raw.completeMultipartUpload(r -> r.bucket(bucket).key("m").uploadId(upload)
          .ifNoneMatch("*").multipartUpload(m -> m.parts(CompletedPart.builder().partNumber(1).eTag(etag).build())));
      if (attempt == 0) {
        complete.run();
      } else {
        assertEquals(412, assertThrows(S3Exception.class, complete::run).statusCode());
        raw.abortMultipartUpload(r -> r.bucket(bucket).key("m").uploadId(upload));
      }
    }

    // 16 creates of one key released together: exactly one is accepted (a hard link, not a check).
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      for (int round = 0; round < 5; round++) {
        String key = "race-" + round;
        CountDownLatch go = new CountDownLatch(1);
        AtomicInteger accepted = new AtomicInteger();
        List<Future<?>> all = new ArrayList<>();
        for (int t = 0; t < 16; t++) {
          String body = "writer-" + t;
          all.add(pool.submit(() -> {
            go.await();
            try {
              raw.putObject(r -> r.bucket(bucket).key(key).ifNoneMatch("*"), RequestBody.fromString(body));
              accepted.incrementAndGet();
            } catch (S3Exception refused) {
              assertEquals(412, refused.statusCode());
            }
            return null;
          }));
        }
        go.countDown();
        for (Future<?> f : all) {
          f.get(60, TimeUnit.SECONDS);
        }
        assertEquals(1, accepted.get(), key);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void theStrippingRelayReallyLetsASecondCreateThrough() throws Exception {
    String bucket = server.newBucket();
    try (FaultProxy relay = strippingRelay(); S3Client viaRelay = S3Fixture.client(relay.endpoint())) {
      viaRelay.putObject(r -> r.bucket(bucket).key("k").ifNoneMatch("*"), RequestBody.fromString("one"));
      viaRelay.putObject(r -> r.bucket(bucket).key("k").ifNoneMatch("*"), RequestBody.fromString("two"));
      assertEquals(2, relay.stripped());
      assertEquals("two", server.raw().getObjectAsBytes(r -> r.bucket(bucket).key("k")).asUtf8String());
    }
  }

  @Test
  void theProbeFindsEnforcementOnceAndLeavesNothingBehind() throws Exception {
    String bucket = server.newBucket();
    S3Throughput.Counter counter = new S3Throughput.Counter();
    try (S3Client client = counted(counter);
        S3Backend b = S3Backend.builder().bucket(bucket).prefix("root").client(client).build()) {
      assertEquals(ConditionalWriteSupport.ENFORCED, b.conditionalWriteSupport());
      assertEquals("{DeleteObject=1, PutObject=2}", counter.snapshotAndReset());
      assertTrue(b.supportsAtomicPutIfAbsent());
      assertEquals("{}", counter.snapshotAndReset(), "the answer is cached");
      assertEquals(List.of(), rawKeys(bucket), "the scratch key is deleted");
      b.putIfAbsent("ds/reference.bin", Payload.of(bytes("first")), Map.of());
      assertThrows(ObjectExistsException.class, () -> b.putIfAbsent("ds/reference.bin", Payload.of(bytes("x")), Map.of()));
    }
  }

  @Test
  void theProbeRunsBeforeTheFirstCreateIfAbsentToo() throws Exception {
    String bucket = server.newBucket();
    S3Throughput.Counter counter = new S3Throughput.Counter();
    try (S3Client client = counted(counter); S3Backend b = S3Backend.builder().bucket(bucket).client(client).build()) {
      b.putIfAbsent("ds/reference.bin", Payload.of(bytes("first")), Map.of());
      assertEquals("{DeleteObject=1, PutObject=3}", counter.snapshotAndReset());
      assertEquals(List.of("ds/reference.bin"), rawKeys(bucket));
    }
  }

  @Test
  void behindARelayThatStripsTheHeaderTheProbeAnswersFalse() throws Exception {
    String bucket = server.newBucket();
    try (FaultProxy relay = strippingRelay(); S3Backend b = S3Fixture.backend(relay.endpoint()).bucket(bucket).build()) {
      assertFalse(b.supportsAtomicPutIfAbsent());
      assertEquals(ConditionalWriteSupport.NOT_ENFORCED, b.conditionalWriteSupport());
      assertEquals(2, relay.stripped(), "both probe creates lost their header");
      assertEquals(List.of(), rawKeys(bucket), "the scratch key is deleted");
      // Within the backend, create-if-absent still holds (check-then-put under a lock).
      b.putIfAbsent("ds/reference.bin", Payload.of(bytes("first")), Map.of());
      assertThrows(ObjectExistsException.class, () -> b.putIfAbsent("ds/reference.bin", Payload.of(bytes("x")), Map.of()));
      assertEquals(2, relay.stripped(), "no conditional request once the server is known not to enforce it");
      try (InputStream in = b.get("ds/reference.bin")) {
        assertArrayEquals(bytes("first"), in.readAllBytes());
      }
    }
  }

  @Test
  void aProbeThatCannotFinishIsNotCachedAndIsTriedAgain() throws Exception {
    String bucket = server.newBucket();
    try (FaultProxy proxy = new FaultProxy(server.port());
        S3Backend b = S3Fixture.backend(proxy.endpoint()).bucket(bucket).maxAttempts(1).build()) {
      proxy.failWhen(head -> head.startsWith("put "), 403, "AccessDenied");
      assertFalse(b.supportsAtomicPutIfAbsent());
      assertEquals(ConditionalWriteSupport.UNKNOWN, b.conditionalWriteSupport());
      proxy.failWhen(head -> false, 0, null);
      assertTrue(b.supportsAtomicPutIfAbsent());
      assertEquals(List.of(), rawKeys(bucket));
    }
  }

  @Test
  void aStoreOnAServerThatDoesNotEnforceCreatesNoReference() throws Exception {
    String bucket = server.newBucket();
    byte[] v1 = new byte[50_000];
    new Random(4).nextBytes(v1);
    try (FaultProxy relay = strippingRelay();
        DeltaStore store = DeltaStore.builder().backend(S3Fixture.backend(relay.endpoint()).bucket(bucket).build()).build()) {
      assertFalse(store.put("ds/a.zip", v1).createdReference());
      assertArrayEquals(v1, store.get("ds/a.zip"));
      assertEquals(List.of("ds/a.zip"), rawKeys(bucket));
    }
  }

  /** A scratch key a killed process left: hidden from listings, reported by verify, removed by cleanup. */
  @Test
  void aLeftoverScratchKeyIsHiddenReportedAndCleanedUp() throws Exception {
    String bucket = server.newBucket();
    String scratch = ConditionalWriteProbe.SCRATCH_PREFIX + "0123456789abcdef0123456789abcdef/reference.bin";
    server.raw().putObject(r -> r.bucket(bucket).key(scratch).metadata(Map.of("dg-note", "probe")), RequestBody.empty());
    try (DeltaStore store = DeltaStore.builder().backend(server.backend().bucket(bucket).build()).build()) {
      store.put("ds/a.txt", bytes("hello"));
      assertEquals(List.of("ds/a.txt"), store.listAll("").stream().map(o -> o.key()).toList());
      var report = store.verify("");
      assertTrue(report.ok(), report.toString());
      assertTrue(report.problems().stream().anyMatch(p -> p.kind() == StorageProblem.Kind.LEFTOVER
          && scratch.equals(p.key())), report.problems().toString());
      assertTrue(store.cleanup("").stream().anyMatch(p -> scratch.equals(p.key())));
      assertEquals(List.of("ds/a.txt"), rawKeys(bucket));
    }
  }

  private static S3Client counted(S3Throughput.Counter counter) {
    return S3Client.builder().endpointOverride(server.endpoint()).region(Region.US_EAST_1)
        .forcePathStyle(true).httpClientBuilder(Apache5HttpClient.builder())
        .credentialsProvider(StaticCredentialsProvider.create(
            AwsBasicCredentials.create(S3Fixture.ACCESS_KEY, S3Fixture.SECRET_KEY)))
        .overrideConfiguration(o -> o.addExecutionInterceptor(counter)).build();
  }
}
