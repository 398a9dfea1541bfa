package io.deltaglider.storage.s3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deltaglider.BackendException;
import io.deltaglider.BatchDeleteException;
import io.deltaglider.ObjectExistsException;
import io.deltaglider.ObjectNotFoundException;
import io.deltaglider.spi.Payload;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** Server-side encryption, bucket creation, ranged reads, batch deletes and conflict retries against S3Proxy. */
class S3BackendOptionsTest {
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

  /** Each request as "Operation header-value" for one header, in order. */
  static final class HeaderRecorder implements ExecutionInterceptor {
    final List<String> seen = new CopyOnWriteArrayList<>();
    final String header;

    HeaderRecorder(String header) {
      this.header = header;
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attrs) {
      seen.add(attrs.getAttribute(SdkExecutionAttribute.OPERATION_NAME) + " "
          + context.httpRequest().firstMatchingHeader(header).orElse("-"));
    }
  }

  private static S3Client client(ExecutionInterceptor... interceptors) {
    return client(server.endpoint(), interceptors);
  }

  private static S3Client client(java.net.URI endpoint, ExecutionInterceptor... interceptors) {
    return S3Client.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
        .forcePathStyle(true).httpClientBuilder(Apache5HttpClient.builder())
        .credentialsProvider(StaticCredentialsProvider.create(
            AwsBasicCredentials.create(S3Fixture.ACCESS_KEY, S3Fixture.SECRET_KEY)))
        .overrideConfiguration(o -> {
          for (ExecutionInterceptor i : interceptors) {
            o.addExecutionInterceptor(i);
          }
        }).build();
  }

  /**
   * S3Proxy refuses the encryption headers (501), so a relay drops them on the way to it, as a
   * server that applies them would consume them; what the backend sent is recorded before that.
   */
  @Test
  void everyWriteAsksForTheConfiguredEncryption() throws Exception {
    String bucket = server.newBucket();
    byte[] big = new byte[(5 << 20) + 10];
    new Random(2).nextBytes(big);
    HeaderRecorder sse = new HeaderRecorder("x-amz-server-side-encryption");
    HeaderRecorder keyId = new HeaderRecorder("x-amz-server-side-encryption-aws-kms-key-id");
    try (FaultProxy relay = new FaultProxy(server.unauthenticatedPort())) {
      relay.stripRequestHeader("x-amz-server-side-encryption");
      relay.stripRequestHeader("x-amz-server-side-encryption-aws-kms-key-id");
      try (S3Client c = client(relay.endpoint(), sse, keyId);
          S3Backend b = S3Backend.builder().bucket(bucket).client(c).encryption(S3Encryption.kms("alias/releases"))
              .multipartThreshold(5 << 20).partSize(5 << 20).build()) {
        assertTrue(b.supportsAtomicPutIfAbsent());
        b.put("e/small", Payload.of(bytes("small")), Map.of());
        b.putIfAbsent("e/ref", Payload.of(bytes("ref")), Map.of());
        b.put("e/big", Payload.of(big), Map.of());
        b.replaceMetadata("e/small", Map.of("dg-note", "passthrough"));
        try (InputStream in = b.get("e/big")) {
          assertArrayEquals(big, in.readAllBytes());
        }
      }
      HeaderRecorder aes = new HeaderRecorder("x-amz-server-side-encryption");
      try (S3Client c = client(relay.endpoint(), aes);
          S3Backend b = S3Backend.builder().bucket(bucket).client(c).encryption(S3Encryption.s3Managed())
              .conditionalWrites(false).build()) {
        b.put("e/aes", Payload.of(bytes("x")), Map.of());
      }
      assertEquals(List.of("PutObject AES256"), aes.seen);
    }
    List<String> writes = new ArrayList<>();
    for (int i = 0; i < sse.seen.size(); i++) {
      String op = sse.seen.get(i).substring(0, sse.seen.get(i).indexOf(' '));
      if (List.of("PutObject", "CreateMultipartUpload", "CopyObject").contains(op)) {
        writes.add(sse.seen.get(i) + " " + keyId.seen.get(i).substring(op.length() + 1));
      }
    }
    assertEquals(List.of(
        "PutObject aws:kms alias/releases", "PutObject aws:kms alias/releases", // the probe
        "PutObject aws:kms alias/releases", "PutObject aws:kms alias/releases", // put, putIfAbsent
        "CreateMultipartUpload aws:kms alias/releases", "CopyObject aws:kms alias/releases"), writes);
    assertTrue(sse.seen.stream().filter(s -> s.startsWith("UploadPart ") || s.startsWith("GetObject "))
        .allMatch(s -> s.endsWith(" -")), "parts and reads need no encryption headers: " + sse.seen);
    assertEquals("aws:kms", S3Encryption.kms().algorithm());
    assertThrows(IllegalArgumentException.class, () -> S3Encryption.kms(" "));
  }

  /** A server that refuses the encryption headers: a clear error, and no false "not implemented" for conditional writes. */
  @Test
  void aServerThatRefusesEncryptionGivesAClearErrorAndAnUndecidedProbe() throws Exception {
    String bucket = server.newBucket();
    try (S3Backend b = server.backend().bucket(bucket).encryption(S3Encryption.s3Managed()).build()) {
      assertEquals(ConditionalWriteSupport.UNKNOWN, b.conditionalWriteSupport());
      BackendException e = assertThrows(BackendException.class, () -> b.put("e/x", Payload.of(bytes("x")), Map.of()));
      assertTrue(e.getMessage().contains("NotImplemented"), e.getMessage());
    }
  }

  @Test
  void aMissingBucketIsCreatedWhenAskedAndOnlyThen() throws Exception {
    String bucket = "dg-created-" + System.nanoTime();
    try (S3Backend plain = server.backend().bucket(bucket).build()) {
      assertThrows(BackendException.class, () -> plain.put("k/x", Payload.of(bytes("x")), Map.of()));
    }
    try (S3Backend one = server.backend().bucket(bucket).createBucketIfMissing(true).build();
        S3Backend two = server.backend().bucket(bucket).createBucketIfMissing(true).build()) {
      one.put("k/x", Payload.of(bytes("x")), Map.of());
      two.verify(); // exists now: nothing to create
      try (InputStream in = two.get("k/x")) {
        assertArrayEquals(bytes("x"), in.readAllBytes());
      }
    }
    String other = "dg-created-verify-" + System.nanoTime();
    try (S3Backend b = server.backend().bucket(other).createBucketIfMissing(true).build()) {
      b.verify();
    }
    assertTrue(server.raw().headBucket(r -> r.bucket(other)) != null);
  }

  @Test
  void aRangeIsOneGetWithARangeHeader() throws Exception {
    String bucket = server.newBucket();
    byte[] data = new byte[256 << 10];
    new Random(7).nextBytes(data);
    HeaderRecorder range = new HeaderRecorder("Range");
    try (S3Client c = client(range); S3Backend b = S3Backend.builder().bucket(bucket).client(c).build()) {
      b.put("r/blob", Payload.of(data), Map.of());
      range.seen.clear();
      try (InputStream in = b.get("r/blob", 100_000, 10)) {
        byte[] expected = java.util.Arrays.copyOfRange(data, 100_000, 100_010);
        assertArrayEquals(expected, in.readAllBytes());
      }
      assertEquals(List.of("GetObject bytes=100000-100009"), range.seen);
      try (InputStream in = b.get("r/blob", data.length - 3, Long.MAX_VALUE)) {
        assertEquals(3, in.readAllBytes().length);
      }
      try (InputStream in = b.get("r/blob", data.length + 5, 1)) {
        assertEquals(0, in.readAllBytes().length);
      }
      assertThrows(ObjectNotFoundException.class, () -> b.get("r/none", 0, 0));
    }
  }

  @Test
  void aBatchDeleteGoesInRequestsOfAThousandKeys() throws Exception {
    String bucket = server.newBucket();
    S3Throughput.Counter counter = new S3Throughput.Counter();
    try (S3Client c = client(counter); S3Backend b = S3Backend.builder().bucket(bucket).prefix("p").client(c).build()) {
      List<String> keys = new ArrayList<>();
      for (int i = 0; i < 2_500; i++) {
        keys.add("d/k" + i);
      }
      for (int i = 0; i < keys.size(); i += 100) {
        b.put(keys.get(i), Payload.of(bytes("x")), Map.of()); // some in each batch; missing keys are no error
      }
      counter.snapshotAndReset();
      b.deleteAll(keys);
      assertEquals("{DeleteObjects=3}", counter.snapshotAndReset());
      assertEquals(0, server.raw().listObjectsV2(r -> r.bucket(bucket)).keyCount());
    }
  }

  @Test
  void keysS3DidNotDeleteAreReportedOneByOne() throws Exception {
    String bucket = server.newBucket();
    try (FaultProxy proxy = new FaultProxy(server.port());
        S3Backend b = S3Fixture.backend(proxy.endpoint()).bucket(bucket).prefix("root").build()) {
      proxy.answerWhen(head -> head.startsWith("post ") && head.contains("?delete"), 200,
          "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<DeleteResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
          + "<Error><Key>root/d/locked</Key><Code>AccessDenied</Code><Message>Access Denied</Message></Error>"
          + "<Error><Key>root/d/held</Key><Code>InternalError</Code><Message>try again</Message></Error>"
          + "</DeleteResult>");
      BatchDeleteException e = assertThrows(BatchDeleteException.class,
          () -> b.deleteAll(List.of("d/a", "d/locked", "d/held")));
      assertEquals(Map.of("d/locked", "AccessDenied: Access Denied", "d/held", "InternalError: try again"), e.failures());
      assertTrue(e.getMessage().contains("2 key(s) not deleted"), e.getMessage());
      assertTrue(e.getMessage().contains("d/locked: AccessDenied"), e.getMessage());
    }
  }

  @Test
  void aConditionalConflictIsTriedAgain() throws Exception {
    String bucket = server.newBucket();
    try (FaultProxy proxy = new FaultProxy(server.port());
        S3Backend b = S3Fixture.backend(proxy.endpoint()).bucket(bucket).build()) {
      assertTrue(b.supportsAtomicPutIfAbsent());
      // What AWS answers while another conditional write of the key is in flight.
      proxy.failNext(2, 409, "ConditionalRequestConflict");
      b.putIfAbsent("c/reference.bin", Payload.of(bytes("one")), Map.of());
      assertEquals(2, proxy.faults());
      proxy.failNext(1, 409, "ConditionalRequestConflict");
      assertThrows(ObjectExistsException.class, () -> b.putIfAbsent("c/reference.bin", Payload.of(bytes("two")), Map.of()));
      try (InputStream in = b.get("c/reference.bin")) {
        assertArrayEquals(bytes("one"), in.readAllBytes());
      }
      proxy.failNext(1, 409, "BucketNotEmpty");
      BackendException other = assertThrows(BackendException.class,
          () -> b.putIfAbsent("c2/reference.bin", Payload.of(bytes("x")), Map.of()));
      assertTrue(other.getMessage().contains("BucketNotEmpty"), "other 409s are not retried: " + other.getMessage());
    }
  }
}
