package io.deltaglider.proxy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deltaglider.StoredForm;
import io.deltaglider.vcdiff.testing.TestData;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/** The AWS SDK for Java v2, default settings, against the gateway over a local store. */
class S3ClientRoundTripTest extends OneGatewayTest {
  @BeforeAll
  static void buckets() {
    s3.createBucket(b -> b.bucket("releases"));
  }

  static String md5(byte[] b) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(b));
  }

  @Test
  void releasePairRoundTripsByteExactStoredAsADelta() throws Exception {
    byte[] v1 = TestData.random(1, 3 << 20);
    byte[] v2 = TestData.edited(v1, 2, 40, 200, true);
    s3.putObject(b -> b.bucket("releases").key("app/app-1.0.zip").contentType("application/zip")
        .metadata(Map.of("build", "ci-17")), RequestBody.fromBytes(v1));
    s3.putObject(b -> b.bucket("releases").key("app/app-1.1.zip"), RequestBody.fromBytes(v2));

    ResponseBytes<GetObjectResponse> got = s3.getObjectAsBytes(b -> b.bucket("releases").key("app/app-1.1.zip"));
    assertArrayEquals(v2, got.asByteArray());
    assertEquals("\"" + md5(v2) + "\"", got.response().eTag());
    assertEquals(StoredForm.DELTA, fx.store.head("releases/app/app-1.1.zip").form());
    assertTrue(fx.store.head("releases/app/app-1.1.zip").storedSize() < v2.length / 10);

    HeadObjectResponse head = s3.headObject(b -> b.bucket("releases").key("app/app-1.0.zip"));
    assertEquals(v1.length, head.contentLength());
    assertEquals("application/zip", head.contentType());
    assertEquals(Map.of("build", "ci-17"), head.metadata());
    assertEquals("\"" + md5(v1) + "\"", head.eTag());
  }

  @Test
  void rangesAndConditions() throws Exception {
    byte[] v = TestData.text(3, 100_000);
    s3.putObject(b -> b.bucket("releases").key("ranges/file.txt"), RequestBody.fromBytes(v));
    byte[] part = s3.getObjectAsBytes(b -> b.bucket("releases").key("ranges/file.txt").range("bytes=100-199")).asByteArray();
    assertArrayEquals(java.util.Arrays.copyOfRange(v, 100, 200), part);
    byte[] tail = s3.getObjectAsBytes(b -> b.bucket("releases").key("ranges/file.txt").range("bytes=-10")).asByteArray();
    assertArrayEquals(java.util.Arrays.copyOfRange(v, v.length - 10, v.length), tail);
    S3Exception e = assertThrows(S3Exception.class,
        () -> s3.getObjectAsBytes(b -> b.bucket("releases").key("ranges/file.txt").range("bytes=100000-")));
    assertEquals(416, e.statusCode());
    assertEquals("InvalidRange", e.awsErrorDetails().errorCode());

    String etag = "\"" + md5(v) + "\"";
    S3Exception notModified = assertThrows(S3Exception.class,
        () -> s3.getObjectAsBytes(b -> b.bucket("releases").key("ranges/file.txt").ifNoneMatch(etag)));
    assertEquals(304, notModified.statusCode());
    S3Exception failed = assertThrows(S3Exception.class,
        () -> s3.getObjectAsBytes(b -> b.bucket("releases").key("ranges/file.txt").ifMatch("\"0123\"")));
    assertEquals(412, failed.statusCode());
    assertEquals(v.length, s3.getObjectAsBytes(b -> b.bucket("releases").key("ranges/file.txt").ifMatch(etag)).asByteArray().length);

    GetObjectResponse overridden = s3.getObjectAsBytes(b -> b.bucket("releases").key("ranges/file.txt")
        .responseContentType("text/plain").responseContentDisposition("attachment; filename=\"f.txt\"")).response();
    assertEquals("text/plain", overridden.contentType());
    assertEquals("attachment; filename=\"f.txt\"", overridden.contentDisposition());
  }

  @Test
  void dateConditionsPartNumberAndLocation() throws Exception {
    byte[] v = TestData.text(6, 10_000);
    s3.putObject(b -> b.bucket("releases").key("dated/file.txt"), RequestBody.fromBytes(v));
    java.time.Instant modified = s3.headObject(b -> b.bucket("releases").key("dated/file.txt")).lastModified();
    java.time.Instant before = modified.minusSeconds(3600);
    java.time.Instant after = modified.plusSeconds(3600);
    S3Exception notModified = assertThrows(S3Exception.class,
        () -> s3.getObjectAsBytes(b -> b.bucket("releases").key("dated/file.txt").ifModifiedSince(after)));
    assertEquals(304, notModified.statusCode());
    assertArrayEquals(v, s3.getObjectAsBytes(b -> b.bucket("releases").key("dated/file.txt").ifModifiedSince(before))
        .asByteArray());
    S3Exception changed = assertThrows(S3Exception.class,
        () -> s3.getObjectAsBytes(b -> b.bucket("releases").key("dated/file.txt").ifUnmodifiedSince(before)));
    assertEquals(412, changed.statusCode());
    assertArrayEquals(v, s3.getObjectAsBytes(b -> b.bucket("releases").key("dated/file.txt").ifUnmodifiedSince(after))
        .asByteArray());

    // Every object is one part here: part 1 is all of it, part 2 does not exist.
    var part1 = s3.getObjectAsBytes(b -> b.bucket("releases").key("dated/file.txt").partNumber(1));
    assertArrayEquals(v, part1.asByteArray());
    S3Exception part2 = assertThrows(S3Exception.class,
        () -> s3.getObjectAsBytes(b -> b.bucket("releases").key("dated/file.txt").partNumber(2)));
    assertEquals(416, part2.statusCode());
    assertEquals("InvalidPartNumber", part2.awsErrorDetails().errorCode());

    assertEquals("", s3.getBucketLocation(b -> b.bucket("releases")).locationConstraintAsString());
  }

  @Test
  void listingsPageWithPrefixDelimiterAndTokens() {
    for (String k : List.of("list/a/1.bin", "list/a/2.bin", "list/b/1.bin", "list/c.bin", "list/d.bin", "list/e.bin")) {
      s3.putObject(b -> b.bucket("releases").key(k), RequestBody.fromString(k));
    }
    ListObjectsV2Response top = s3.listObjectsV2(b -> b.bucket("releases").prefix("list/").delimiter("/"));
    assertEquals(List.of("list/c.bin", "list/d.bin", "list/e.bin"), top.contents().stream().map(S3Object::key).toList());
    assertEquals(List.of("list/a/", "list/b/"), top.commonPrefixes().stream().map(p -> p.prefix()).toList());
    assertEquals(k(5), top.keyCount());

    List<String> paged = s3.listObjectsV2Paginator(b -> b.bucket("releases").prefix("list/").maxKeys(2)).contents()
        .stream().map(S3Object::key).toList();
    assertEquals(List.of("list/a/1.bin", "list/a/2.bin", "list/b/1.bin", "list/c.bin", "list/d.bin", "list/e.bin"), paged);
    assertEquals(List.of("list/d.bin", "list/e.bin"), s3.listObjectsV2(b -> b.bucket("releases").prefix("list/")
        .startAfter("list/c.bin")).contents().stream().map(S3Object::key).toList());
    var v1 = s3.listObjects(b -> b.bucket("releases").prefix("list/").maxKeys(4));
    assertTrue(v1.isTruncated());
    assertEquals(4, v1.contents().size());
    var rest = s3.listObjects(b -> b.bucket("releases").prefix("list/").marker(v1.nextMarker()));
    assertEquals(List.of("list/d.bin", "list/e.bin"), rest.contents().stream().map(S3Object::key).toList());
    assertEquals("list/a/1.bin".length(), s3.listObjectsV2(b -> b.bucket("releases").prefix("list/a/1"))
        .contents().get(0).size());
  }

  private static Integer k(int n) {
    return n;
  }

  @Test
  void copyKeepsOrReplacesMetadata() throws Exception {
    byte[] v = TestData.random(5, 200_000);
    s3.putObject(b -> b.bucket("releases").key("copy/src.tar").contentType("application/x-tar")
        .metadata(Map.of("origin", "a")), RequestBody.fromBytes(v));
    s3.copyObject(b -> b.sourceBucket("releases").sourceKey("copy/src.tar").destinationBucket("releases")
        .destinationKey("copy/kept.tar"));
    HeadObjectResponse kept = s3.headObject(b -> b.bucket("releases").key("copy/kept.tar"));
    assertEquals(Map.of("origin", "a"), kept.metadata());
    assertEquals("application/x-tar", kept.contentType());
    var replaced = s3.copyObject(b -> b.sourceBucket("releases").sourceKey("copy/src.tar").destinationBucket("releases")
        .destinationKey("copy/replaced.tar").metadataDirective(MetadataDirective.REPLACE)
        .metadata(Map.of("origin", "b")).contentType("application/octet-stream"));
    assertEquals("\"" + md5(v) + "\"", replaced.copyObjectResult().eTag());
    assertEquals(Map.of("origin", "b"), s3.headObject(b -> b.bucket("releases").key("copy/replaced.tar")).metadata());
    assertArrayEquals(v, s3.getObjectAsBytes(b -> b.bucket("releases").key("copy/replaced.tar")).asByteArray());
    S3Exception self = assertThrows(S3Exception.class, () -> s3.copyObject(b -> b.sourceBucket("releases")
        .sourceKey("copy/src.tar").destinationBucket("releases").destinationKey("copy/src.tar")));
    assertEquals("InvalidRequest", self.awsErrorDetails().errorCode());
  }

  @Test
  void tagsAreNotKeptAnObjectsTagSetReadsEmptyAndCannotBeWritten() {
    s3.putObject(b -> b.bucket("releases").key("tags/file.txt").tagging("team=build"), RequestBody.fromString("t"));
    assertTrue(s3.getObjectTagging(b -> b.bucket("releases").key("tags/file.txt")).tagSet().isEmpty());
    assertThrows(NoSuchKeyException.class, () -> s3.getObjectTagging(b -> b.bucket("releases").key("tags/none.txt")));
    S3Exception put = assertThrows(S3Exception.class, () -> s3.putObjectTagging(b -> b.bucket("releases")
        .key("tags/file.txt").tagging(t -> t.tagSet(s -> s.key("team").value("build")))));
    assertEquals("NotImplemented", put.awsErrorDetails().errorCode());
    S3Exception delete = assertThrows(S3Exception.class,
        () -> s3.deleteObjectTagging(b -> b.bucket("releases").key("tags/file.txt")));
    assertEquals("NotImplemented", delete.awsErrorDetails().errorCode());
    S3Exception bucket = assertThrows(S3Exception.class, () -> s3.getBucketTagging(b -> b.bucket("releases")));
    assertEquals("NotImplemented", bucket.awsErrorDetails().errorCode());
  }

  @Test
  void whatTheGatewayDoesNotDoIsNotImplementedNeverMistakenForAPlainRequest() throws Exception {
    s3.putObject(b -> b.bucket("releases").key("ni/file.txt"), RequestBody.fromString("x"));
    List<org.junit.jupiter.api.function.Executable> calls = List.of(
        () -> s3.getBucketAcl(b -> b.bucket("releases")),
        () -> s3.getBucketVersioning(b -> b.bucket("releases")),
        () -> s3.listObjectVersions(b -> b.bucket("releases")),
        () -> s3.getBucketPolicy(b -> b.bucket("releases")),
        () -> s3.getBucketCors(b -> b.bucket("releases")),
        () -> s3.getBucketLifecycleConfiguration(b -> b.bucket("releases")),
        () -> s3.getBucketWebsite(b -> b.bucket("releases")),
        () -> s3.getBucketEncryption(b -> b.bucket("releases")),
        () -> s3.getBucketReplication(b -> b.bucket("releases")),
        () -> s3.getBucketNotificationConfiguration(b -> b.bucket("releases")),
        () -> s3.getBucketLogging(b -> b.bucket("releases")),
        () -> s3.getObjectLockConfiguration(b -> b.bucket("releases")),
        () -> s3.getObjectAcl(b -> b.bucket("releases").key("ni/file.txt")),
        () -> s3.getObjectRetention(b -> b.bucket("releases").key("ni/file.txt")),
        () -> s3.getObjectLegalHold(b -> b.bucket("releases").key("ni/file.txt")),
        () -> s3.getObjectAttributes(b -> b.bucket("releases").key("ni/file.txt")
            .objectAttributes(software.amazon.awssdk.services.s3.model.ObjectAttributes.E_TAG)),
        () -> s3.putObjectAcl(b -> b.bucket("releases").key("ni/file.txt")
            .acl(software.amazon.awssdk.services.s3.model.ObjectCannedACL.PUBLIC_READ)),
        () -> s3.putObject(b -> b.bucket("releases").key("ni/conditional.txt").ifNoneMatch("*"),
            RequestBody.fromString("y")));
    for (var call : calls) {
      S3Exception e = assertThrows(S3Exception.class, call);
      assertEquals(501, e.statusCode(), e.toString());
      assertEquals("NotImplemented", e.awsErrorDetails().errorCode());
    }
    byte[] body = {1, 2, 3};
    var crc64 = RawRequests.sign(fx.endpoint, software.amazon.awssdk.http.SdkHttpMethod.PUT, "/releases/ni/crc64.bin",
        Map.of("x-amz-checksum-crc64nvme", "AAAAAAAAAAA="), body, true, GatewayFixture.ACCESS_KEY,
        GatewayFixture.SECRET_KEY, java.time.Clock.systemUTC());
    assertEquals("NotImplemented", RawRequests.code(RawRequests.send(crc64, body)));
    assertEquals(List.of("ni/file.txt"), s3.listObjectsV2(b -> b.bucket("releases").prefix("ni/")).contents().stream()
        .map(S3Object::key).toList());
    assertEquals("x", s3.getObjectAsBytes(b -> b.bucket("releases").key("ni/file.txt")).asUtf8String());
  }

  @Test
  void batchDeleteReportsEachKeyAndQuietReportsNone() {
    for (String k : List.of("del/1", "del/2", "del/3")) {
      s3.putObject(b -> b.bucket("releases").key(k), RequestBody.fromString(k));
    }
    var result = s3.deleteObjects(b -> b.bucket("releases").delete(d -> d.objects(
        o -> o.key("del/1"), o -> o.key("del/missing"))));
    assertEquals(List.of("del/1", "del/missing"), result.deleted().stream().map(d -> d.key()).toList());
    var quiet = s3.deleteObjects(b -> b.bucket("releases").delete(d -> d.quiet(true).objects(
        o -> o.key("del/2"), o -> o.key("del/3"))));
    assertTrue(quiet.deleted().isEmpty());
    assertTrue(s3.listObjectsV2(b -> b.bucket("releases").prefix("del/")).contents().isEmpty());
    s3.deleteObject(b -> b.bucket("releases").key("del/never-there"));
  }

  @Test
  void missingKeysAndBucketsAreS3Errors() {
    assertThrows(NoSuchKeyException.class, () -> s3.getObjectAsBytes(b -> b.bucket("releases").key("nope")));
    assertThrows(NoSuchKeyException.class, () -> s3.headObject(b -> b.bucket("releases").key("nope")));
    assertThrows(NoSuchBucketException.class, () -> s3.listObjectsV2(b -> b.bucket("no-such-bucket")));
    assertThrows(NoSuchBucketException.class,
        () -> s3.putObject(b -> b.bucket("no-such-bucket").key("k"), RequestBody.fromString("x")));
    assertThrows(NoSuchKeyException.class, () -> s3.getObjectAsBytes(b -> b.bucket("releases").key("a//b")));
  }

  @Test
  void bucketsAreCreatedListedAndRemovedAsDirectories() {
    s3.createBucket(b -> b.bucket("scratch"));
    assertTrue(java.nio.file.Files.isDirectory(fx.root.resolve("scratch")));
    assertTrue(s3.listBuckets().buckets().stream().anyMatch(b -> b.name().equals("scratch")));
    S3Exception again = assertThrows(S3Exception.class, () -> s3.createBucket(b -> b.bucket("scratch")));
    assertEquals("BucketAlreadyOwnedByYou", again.awsErrorDetails().errorCode());
    s3.putObject(b -> b.bucket("scratch").key("x/y.txt"), RequestBody.fromString("y"));
    S3Exception notEmpty = assertThrows(S3Exception.class, () -> s3.deleteBucket(b -> b.bucket("scratch")));
    assertEquals("BucketNotEmpty", notEmpty.awsErrorDetails().errorCode());
    s3.deleteObject(b -> b.bucket("scratch").key("x/y.txt"));
    s3.headBucket(b -> b.bucket("scratch")); // an emptied bucket is still a bucket
    s3.deleteBucket(b -> b.bucket("scratch"));
    assertThrows(NoSuchBucketException.class, () -> s3.headBucket(b -> b.bucket("scratch")));
    assertFalse(java.nio.file.Files.exists(fx.root.resolve("scratch")));
  }
}
