package io.deltaglider.proxy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Signature V4 checks: every bad request gets S3's error and touches nothing. */
class AuthenticationTest extends OneGatewayTest {
  @BeforeAll
  static void buckets() {
    s3.createBucket(b -> b.bucket("auth"));
    s3.createBucket(b -> b.bucket("allowed"));
    s3.putObject(b -> b.bucket("auth").key("present.txt"), RequestBody.fromString("present"));
  }

  private static void assertNotStored(String key) {
    assertThrows(NoSuchKeyException.class, () -> s3.headObject(b -> b.bucket("auth").key(key)));
  }

  @Test
  void aWrongSecretIsSignatureDoesNotMatchAndStoresNothing() {
    try (S3Client bad = fx.client(GatewayFixture.ACCESS_KEY, "not-the-secret")) {
      S3Exception e = assertThrows(S3Exception.class,
          () -> bad.putObject(b -> b.bucket("auth").key("wrong-secret.txt"), RequestBody.fromString("x")));
      assertEquals(403, e.statusCode());
      assertEquals("SignatureDoesNotMatch", e.awsErrorDetails().errorCode());
      S3Exception get = assertThrows(S3Exception.class,
          () -> bad.getObjectAsBytes(b -> b.bucket("auth").key("present.txt")));
      assertEquals("SignatureDoesNotMatch", get.awsErrorDetails().errorCode());
    }
    assertNotStored("wrong-secret.txt");
  }

  @Test
  void anUnknownKeyIsInvalidAccessKeyId() {
    try (S3Client bad = fx.client("AKIDUNKNOWN", "whatever")) {
      S3Exception e = assertThrows(S3Exception.class,
          () -> bad.putObject(b -> b.bucket("auth").key("unknown-key.txt"), RequestBody.fromString("x")));
      assertEquals("InvalidAccessKeyId", e.awsErrorDetails().errorCode());
    }
    assertNotStored("unknown-key.txt");
  }

  @Test
  void aKeyLimitedToBucketsSeesOnlyThose() {
    try (S3Client limited = fx.client(GatewayFixture.LIMITED_KEY, GatewayFixture.LIMITED_SECRET)) {
      limited.putObject(b -> b.bucket("allowed").key("ok.txt"), RequestBody.fromString("ok"));
      assertEquals("ok", limited.getObjectAsBytes(b -> b.bucket("allowed").key("ok.txt")).asUtf8String());
      S3Exception e = assertThrows(S3Exception.class,
          () -> limited.getObjectAsBytes(b -> b.bucket("auth").key("present.txt")));
      assertEquals("AccessDenied", e.awsErrorDetails().errorCode());
      S3Exception copy = assertThrows(S3Exception.class, () -> limited.copyObject(b -> b.sourceBucket("auth")
          .sourceKey("present.txt").destinationBucket("allowed").destinationKey("stolen.txt")));
      assertEquals("AccessDenied", copy.awsErrorDetails().errorCode());
      assertEquals(List.of("allowed"), limited.listBuckets().buckets().stream().map(b -> b.name()).toList());
    }
  }

  @Test
  void aSkewedClockIsRequestTimeTooSkewed() throws Exception {
    Clock skewed = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(20));
    SdkHttpRequest r = RawRequests.sign(fx.endpoint, SdkHttpMethod.GET, "/auth/present.txt", Map.of(), null, true,
        GatewayFixture.ACCESS_KEY, GatewayFixture.SECRET_KEY, skewed);
    HttpResponse<String> resp = RawRequests.send(r, null);
    assertEquals(403, resp.statusCode());
    assertEquals("RequestTimeTooSkewed", RawRequests.code(resp));
    SdkHttpRequest ok = RawRequests.sign(fx.endpoint, SdkHttpMethod.GET, "/auth/present.txt", Map.of(), null, true,
        GatewayFixture.ACCESS_KEY, GatewayFixture.SECRET_KEY, Clock.systemUTC());
    assertEquals("present", RawRequests.send(ok, null).body());
  }

  @Test
  void presignedUrlsWorkUntilTheyExpireAndCoverThePath() throws Exception {
    try (var presigner = fx.presigner()) {
      URI get = presigner.presignGetObject(p -> p.signatureDuration(Duration.ofMinutes(5))
          .getObjectRequest(g -> g.bucket("auth").key("present.txt"))).url().toURI();
      assertEquals("present", RawRequests.get(get).body());
      URI other = URI.create(get.toString().replace("present.txt", "other.txt"));
      assertEquals("SignatureDoesNotMatch", RawRequests.code(RawRequests.get(other)));

      URI put = presigner.presignPutObject(p -> p.signatureDuration(Duration.ofMinutes(5))
          .putObjectRequest(g -> g.bucket("auth").key("presigned-put.bin"))).url().toURI();
      byte[] body = "via a presigned URL".getBytes(StandardCharsets.UTF_8);
      assertEquals(200, RawRequests.put(put, body).statusCode());
      assertArrayEquals(body, s3.getObjectAsBytes(b -> b.bucket("auth").key("presigned-put.bin")).asByteArray());

      URI soon = presigner.presignGetObject(p -> p.signatureDuration(Duration.ofSeconds(1))
          .getObjectRequest(g -> g.bucket("auth").key("present.txt"))).url().toURI();
      Thread.sleep(2100);
      HttpResponse<String> resp = RawRequests.get(soon);
      assertEquals(403, resp.statusCode());
      assertEquals("AccessDenied", RawRequests.code(resp));
      assertEquals(true, resp.body().contains("Request has expired"));
    }
  }

  @Test
  void requestsWithoutCredentialsAreDenied() throws Exception {
    HttpResponse<String> r = RawRequests.get(URI.create(fx.endpoint + "/auth/present.txt"));
    assertEquals(403, r.statusCode());
    assertEquals("AccessDenied", RawRequests.code(r));
    assertEquals(403, RawRequests.put(URI.create(fx.endpoint + "/auth/anon.txt"), new byte[] {1}).statusCode());
    assertNotStored("anon.txt");
  }

  @Test
  void anonymousReadsWhenEnabledServeGetsAndListsButNoWrites() throws Exception {
    try (GatewayFixture open = new GatewayFixture(dir.resolve("anonymous"), b -> b.anonymousReads(true));
        S3Client signed = open.client()) {
      signed.createBucket(b -> b.bucket("public"));
      signed.putObject(b -> b.bucket("public").key("file.txt"), RequestBody.fromString("for everyone"));
      HttpResponse<String> get = RawRequests.get(URI.create(open.endpoint + "/public/file.txt"));
      assertEquals(200, get.statusCode());
      assertEquals("for everyone", get.body());
      HttpResponse<String> list = RawRequests.get(URI.create(open.endpoint + "/public?list-type=2"));
      assertEquals(200, list.statusCode());
      assertEquals(true, list.body().contains("<Key>file.txt</Key>"), list.body());
      HttpResponse<String> put = RawRequests.put(URI.create(open.endpoint + "/public/anon.txt"), new byte[] {1});
      assertEquals(403, put.statusCode());
      assertEquals("AccessDenied", RawRequests.code(put));
      assertFalse(open.store.exists("public/anon.txt"));
    }
  }

  @Test
  void aCredentialsFileGivesSeveralKeysSomeLimitedToBuckets() throws Exception {
    Path file = java.nio.file.Files.writeString(dir.resolve("keys.txt"), String.join("\n",
        "# id            secret            buckets",
        "AKIDFILEADMIN   admin-secret",
        "",
        "AKIDFILECI      ci/secret+1       ci-only,other",
        ""));
    GatewayCredentials keys = GatewayCredentials.fromFile(file);
    assertEquals(java.util.Set.of("AKIDFILEADMIN", "AKIDFILECI"), keys.accessKeyIds());
    assertEquals(false, keys.toString().contains("admin-secret") || keys.toString().contains("ci/secret+1"),
        keys.toString());
    java.nio.file.Files.writeString(file, "AKIDONE secret\nAKIDONE again\n");
    IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
        () -> GatewayCredentials.fromFile(file));
    assertEquals(true, twice.getMessage().contains("line 2") && !twice.getMessage().contains("again"),
        twice.getMessage());
    java.nio.file.Files.writeString(file, "AKIDONE\n");
    assertThrows(IllegalArgumentException.class, () -> GatewayCredentials.fromFile(file));

    try (var store = io.deltaglider.DeltaStore.builder()
            .backend(new io.deltaglider.spi.InMemoryBackend()).build();
        S3Gateway gateway = S3Gateway.builder().store(store).port(0).credentials(keys).build()) {
      URI endpoint = URI.create("http://127.0.0.1:" + gateway.start().getPort());
      SdkHttpRequest admin = RawRequests.sign(endpoint, SdkHttpMethod.PUT, "/anything/a.txt", Map.of(),
          new byte[] {1}, true, "AKIDFILEADMIN", "admin-secret", Clock.systemUTC());
      assertEquals(200, RawRequests.send(admin, new byte[] {1}).statusCode());
      SdkHttpRequest ciAllowed = RawRequests.sign(endpoint, SdkHttpMethod.PUT, "/ci-only/b.txt", Map.of(),
          new byte[] {2}, true, "AKIDFILECI", "ci/secret+1", Clock.systemUTC());
      assertEquals(200, RawRequests.send(ciAllowed, new byte[] {2}).statusCode());
      SdkHttpRequest ciDenied = RawRequests.sign(endpoint, SdkHttpMethod.PUT, "/anything/c.txt", Map.of(),
          new byte[] {3}, true, "AKIDFILECI", "ci/secret+1", Clock.systemUTC());
      HttpResponse<String> denied = RawRequests.send(ciDenied, new byte[] {3});
      assertEquals(403, denied.statusCode());
      assertEquals("AccessDenied", RawRequests.code(denied));
      assertEquals(false, store.exists("anything/c.txt"));
    }
  }

  @Test
  void signatureVersion2IsRefusedAsUnsupportedNotTakenForAnonymous() throws Exception {
    // The query of a SigV2 presigned URL (boto3's default for a custom endpoint), and a SigV2 header.
    HttpResponse<String> query = RawRequests.get(URI.create(fx.endpoint
        + "/auth/present.txt?AWSAccessKeyId=" + GatewayFixture.ACCESS_KEY + "&Signature=c2lnbmF0dXJl&Expires=4102444800"));
    assertEquals(400, query.statusCode());
    assertEquals("InvalidRequest", RawRequests.code(query));
    assertEquals(true, query.body().contains("Please use AWS4-HMAC-SHA256"), query.body());
    SdkHttpRequest v4 = RawRequests.sign(fx.endpoint, SdkHttpMethod.GET, "/auth/present.txt", Map.of(), null, false,
        GatewayFixture.ACCESS_KEY, GatewayFixture.SECRET_KEY, Clock.systemUTC());
    SdkHttpRequest header = v4.toBuilder()
        .putHeader("Authorization", "AWS " + GatewayFixture.ACCESS_KEY + ":c2lnbmF0dXJl").build();
    HttpResponse<String> r = RawRequests.send(header, null);
    assertEquals(400, r.statusCode());
    assertEquals("InvalidRequest", RawRequests.code(r));
  }

  @Test
  void aSignedPayloadHashThatDoesNotMatchTheBodyStoresNothing() throws Exception {
    byte[] signedBody = "the body that was signed".getBytes(StandardCharsets.UTF_8);
    SdkHttpRequest r = RawRequests.sign(fx.endpoint, SdkHttpMethod.PUT, "/auth/swapped.txt", Map.of(), signedBody,
        true, GatewayFixture.ACCESS_KEY, GatewayFixture.SECRET_KEY, Clock.systemUTC());
    HttpResponse<String> resp = RawRequests.send(r, "a different body of a kind".getBytes(StandardCharsets.UTF_8));
    assertEquals(400, resp.statusCode());
    assertEquals("XAmzContentSHA256Mismatch", RawRequests.code(resp));
    assertNotStored("swapped.txt");
    assertEquals(200, RawRequests.send(r, signedBody).statusCode());
    assertArrayEquals(signedBody, s3.getObjectAsBytes(b -> b.bucket("auth").key("swapped.txt")).asByteArray());
  }

  @Test
  void aTamperedHeaderBreaksTheSignature() throws Exception {
    SdkHttpRequest r = RawRequests.sign(fx.endpoint, SdkHttpMethod.PUT, "/auth/tampered.txt",
        Map.of("x-amz-meta-owner", "alice"), new byte[] {1, 2, 3}, true,
        GatewayFixture.ACCESS_KEY, GatewayFixture.SECRET_KEY, Clock.systemUTC());
    SdkHttpRequest tampered = r.toBuilder().putHeader("x-amz-meta-owner", "mallory").build();
    assertEquals("SignatureDoesNotMatch", RawRequests.code(RawRequests.send(tampered, new byte[] {1, 2, 3})));
    assertNotStored("tampered.txt");
    assertFalse(s3.listObjectsV2(b -> b.bucket("auth").prefix("tampered")).hasContents());
  }
}
