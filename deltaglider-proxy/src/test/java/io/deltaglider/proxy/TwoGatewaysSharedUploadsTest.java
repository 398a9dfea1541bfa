package io.deltaglider.proxy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deltaglider.StoredForm;
import io.deltaglider.storage.s3.S3Backend;
import io.deltaglider.testkit.S3TestServer;
import io.deltaglider.vcdiff.testing.TestData;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.NoSuchUploadException;
import software.amazon.awssdk.services.s3.model.Part;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Two gateways with shared uploads, each with a store and S3 backend of its own (as two processes
 * would have), over one bucket (S3Proxy in this JVM): every request of a multipart upload may go
 * to either, as behind a round-robin load balancer.
 */
class TwoGatewaysSharedUploadsTest {
  private static final int PART = 5 << 20;

  @TempDir
  Path dir;
  S3TestServer backing;
  String bucket;
  GatewayFixture a;
  GatewayFixture b;
  S3Client onA;
  S3Client onB;

  @BeforeEach
  void start() throws Exception {
    backing = new S3TestServer();
    bucket = backing.newBucket();
    a = GatewayFixture.over(dir.resolve("a"), backend(), g -> g.sharedUploads(true));
    b = GatewayFixture.over(dir.resolve("b"), backend(), g -> g.sharedUploads(true));
    onA = a.client();
    onB = b.client();
  }

  @AfterEach
  void stop() throws Exception {
    onA.close();
    onB.close();
    a.close();
    b.close();
    backing.close();
  }

  @Test
  void partsSentToEitherGatewayMakeOneObjectAndTheNextReleaseIsADelta() throws Exception {
    byte[] v1 = TestData.random(31, 2 * PART + 4321);
    byte[] v2 = TestData.edited(v1, 32, 30, 500, false);
    onB.putObject(r -> r.bucket("releases").key("app/app-1.0.zip"), RequestBody.fromBytes(v1));

    String key = "app/app-1.1.zip";
    String id = onA.createMultipartUpload(r -> r.bucket("releases").key(key).contentType("application/zip")
        .metadata(java.util.Map.of("build", "7"))).uploadId();
    assertTrue(id.matches("[0-9a-f]{32}"), id);
    List<S3Client> turns = List.of(onA, onB);
    List<CompletedPart> parts = new ArrayList<>();
    for (int n = 1, off = 0; off < v2.length; n++, off += PART) {
      byte[] chunk = Arrays.copyOfRange(v2, off, Math.min(v2.length, off + PART));
      int number = n;
      String etag = turns.get(n % 2).uploadPart(r -> r.bucket("releases").key(key).uploadId(id).partNumber(number),
          RequestBody.fromBytes(chunk)).eTag();
      assertEquals("\"" + S3ClientRoundTripTest.md5(chunk) + "\"", etag);
      parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
    }

    List<Part> listed = onB.listParts(r -> r.bucket("releases").key(key).uploadId(id)).parts();
    assertEquals(List.of(1, 2, 3), listed.stream().map(Part::partNumber).toList());
    assertEquals(parts.stream().map(CompletedPart::eTag).toList(), listed.stream().map(Part::eTag).toList());
    assertEquals(List.of((long) PART, (long) PART, (long) v2.length - 2 * PART),
        listed.stream().map(Part::size).toList());
    for (S3Client s3 : turns) {
      assertEquals(List.of(id), s3.listMultipartUploads(r -> r.bucket("releases")).uploads().stream()
          .map(MultipartUpload::uploadId).toList());
      assertEquals(List.of(), s3.listMultipartUploads(r -> r.bucket("other")).uploads());
    }

    var done = onA.completeMultipartUpload(r -> r.bucket("releases").key(key).uploadId(id)
        .multipartUpload(m -> m.parts(parts)));
    assertEquals("\"" + S3ClientRoundTripTest.md5(v2) + "\"", done.eTag());
    var got = onB.getObjectAsBytes(r -> r.bucket("releases").key(key));
    assertArrayEquals(v2, got.asByteArray());
    assertEquals("application/zip", got.response().contentType());
    assertEquals(java.util.Map.of("build", "7"), got.response().metadata());
    assertEquals(StoredForm.DELTA, b.store.head("releases/" + key).form());
    assertTrue(a.store.verify("releases/").ok());

    assertEquals(List.of(), onB.listMultipartUploads(r -> r.bucket("releases")).uploads());
    assertThrows(NoSuchUploadException.class, () -> onB.listParts(r -> r.bucket("releases").key(key).uploadId(id)));
    assertEquals(List.of(), rawKeys(SharedUploads.ROOT), "the upload's objects are gone");
  }

  @Test
  void anUploadBegunOnOneGatewayIsAbortedOnTheOther() throws Exception {
    String key = "mp/app.zip";
    String id = onA.createMultipartUpload(r -> r.bucket("releases").key(key)).uploadId();
    onA.uploadPart(r -> r.bucket("releases").key(key).uploadId(id).partNumber(1), RequestBody.fromString("one"));
    onB.uploadPart(r -> r.bucket("releases").key(key).uploadId(id).partNumber(2), RequestBody.fromString("two"));
    assertEquals(3, rawKeys(SharedUploads.ROOT).size(), () -> rawKeys(SharedUploads.ROOT).toString());

    onB.abortMultipartUpload(r -> r.bucket("releases").key(key).uploadId(id));
    assertThrows(NoSuchUploadException.class, () -> onA.uploadPart(r -> r.bucket("releases").key(key).uploadId(id)
        .partNumber(3), RequestBody.fromString("three")));
    assertThrows(NoSuchUploadException.class, () -> onA.completeMultipartUpload(r -> r.bucket("releases").key(key)
        .uploadId(id).multipartUpload(m -> m.parts(CompletedPart.builder().partNumber(1).eTag("x").build()))));
    assertThrows(NoSuchUploadException.class, () -> onA.abortMultipartUpload(r -> r.bucket("releases").key(key)
        .uploadId(id)));
    assertEquals(List.of(), onA.listMultipartUploads(r -> r.bucket("releases")).uploads());
    assertThrows(NoSuchKeyException.class, () -> onA.headObject(r -> r.bucket("releases").key(key)));
    assertEquals(List.of(), rawKeys(SharedUploads.ROOT));
  }

  @Test
  void theSamePartNumberOnBothGatewaysKeepsTheLastOne() {
    String key = "mp/twice.bin";
    String id = onA.createMultipartUpload(r -> r.bucket("releases").key(key)).uploadId();
    String first = onA.uploadPart(r -> r.bucket("releases").key(key).uploadId(id).partNumber(1),
        RequestBody.fromString("first")).eTag();
    String last = onB.uploadPart(r -> r.bucket("releases").key(key).uploadId(id).partNumber(1),
        RequestBody.fromString("second")).eTag();
    assertEquals(List.of(last), onA.listParts(r -> r.bucket("releases").key(key).uploadId(id)).parts().stream()
        .map(Part::eTag).toList());
    S3Exception stale = assertThrows(S3Exception.class, () -> onA.completeMultipartUpload(r -> r.bucket("releases")
        .key(key).uploadId(id).multipartUpload(m -> m.parts(CompletedPart.builder().partNumber(1).eTag(first)
            .build()))));
    assertEquals("InvalidPart", stale.awsErrorDetails().errorCode());
    onA.completeMultipartUpload(r -> r.bucket("releases").key(key).uploadId(id)
        .multipartUpload(m -> m.parts(CompletedPart.builder().partNumber(1).eTag(last).build())));
    assertEquals("second", onB.getObjectAsBytes(r -> r.bucket("releases").key(key)).asUtf8String());
  }

  @Test
  void theSdksMultipartUploadThroughARoundRobinBalancer() throws Exception {
    byte[] v = TestData.random(33, 3 * PART + 999);
    try (RoundRobinRelay relay = new RoundRobinRelay(List.of(a.endpoint, b.endpoint));
        S3Client s3 = S3Client.builder().endpointOverride(relay.endpoint()).region(Region.US_EAST_1)
            .forcePathStyle(true).credentialsProvider(StaticCredentialsProvider.create(
                AwsBasicCredentials.create(GatewayFixture.ACCESS_KEY, GatewayFixture.SECRET_KEY)))
            .overrideConfiguration(o -> o.retryStrategy(r -> r.maxAttempts(1))).build()) {
      String key = "lb/app.bin";
      String id = s3.createMultipartUpload(r -> r.bucket("releases").key(key)).uploadId();
      List<CompletedPart> parts = new ArrayList<>();
      for (int n = 1, off = 0; off < v.length; n++, off += PART) {
        byte[] chunk = Arrays.copyOfRange(v, off, Math.min(v.length, off + PART));
        int number = n;
        String etag = s3.uploadPart(r -> r.bucket("releases").key(key).uploadId(id).partNumber(number),
            RequestBody.fromBytes(chunk)).eTag();
        parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
      }
      assertEquals(4, s3.listParts(r -> r.bucket("releases").key(key).uploadId(id)).parts().size());
      s3.completeMultipartUpload(r -> r.bucket("releases").key(key).uploadId(id).multipartUpload(m -> m.parts(parts)));
      assertArrayEquals(v, s3.getObjectAsBytes(r -> r.bucket("releases").key(key)).asByteArray());
      assertTrue(relay.served[0].get() >= 3 && relay.served[1].get() >= 3,
          relay.served[0] + " and " + relay.served[1] + " requests");
    }
  }

  @Test
  void anUploadIsForItsOwnBucketAndKeyOnly() {
    String id = onA.createMultipartUpload(r -> r.bucket("releases").key("mp/one.bin")).uploadId();
    assertThrows(NoSuchUploadException.class, () -> onB.uploadPart(r -> r.bucket("releases").key("mp/two.bin")
        .uploadId(id).partNumber(1), RequestBody.fromString("x")));
    assertThrows(NoSuchUploadException.class, () -> onB.listParts(r -> r.bucket("other").key("mp/one.bin")
        .uploadId(id)));
    onB.abortMultipartUpload(r -> r.bucket("releases").key("mp/one.bin").uploadId(id));
  }

  /** The backing bucket's raw keys under {@code prefix}. */
  private List<String> rawKeys(String prefix) {
    try (S3Client raw = S3Client.builder().endpointOverride(backing.endpoint()).region(Region.US_EAST_1)
        .forcePathStyle(true).credentialsProvider(StaticCredentialsProvider.create(
            AwsBasicCredentials.create(S3TestServer.ACCESS_KEY, S3TestServer.SECRET_KEY))).build()) {
      return raw.listObjectsV2Paginator(r -> r.bucket(bucket).prefix(prefix)).contents().stream()
          .map(S3Object::key).sorted().toList();
    }
  }

  private S3Backend backend() {
    return S3Backend.builder().endpoint(backing.endpoint()).region("us-east-1").pathStyle(true)
        .credentials(S3TestServer.ACCESS_KEY, S3TestServer.SECRET_KEY).bucket(bucket).build();
  }
}
