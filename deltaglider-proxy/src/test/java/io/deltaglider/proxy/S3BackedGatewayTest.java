package io.deltaglider.proxy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The gateway over an S3 store (the S3 backend on S3Proxy in this JVM): the AWS SDK for Java v2,
 * default settings, stores release pairs through it as deltas in the backing bucket and reads
 * them back byte-exact. Gateway buckets are the backing bucket's top-level prefixes there.
 */
class S3BackedGatewayTest {
  private static final int PART = 5 << 20;

  @TempDir
  static Path dir;
  static S3TestServer backing;
  static String bucket;
  static GatewayFixture fx;
  static S3Client s3;
  static S3Client raw;

  @BeforeAll
  static void start() throws Exception {
    backing = new S3TestServer();
    bucket = backing.newBucket();
    S3Backend backend = S3Backend.builder().endpoint(backing.endpoint()).region("us-east-1").pathStyle(true)
        .credentials(S3TestServer.ACCESS_KEY, S3TestServer.SECRET_KEY).bucket(bucket).build();
    fx = GatewayFixture.over(dir, backend);
    s3 = fx.client();
    raw = S3Client.builder().endpointOverride(backing.endpoint()).region(Region.US_EAST_1).forcePathStyle(true)
        .credentialsProvider(StaticCredentialsProvider.create(
            AwsBasicCredentials.create(S3TestServer.ACCESS_KEY, S3TestServer.SECRET_KEY)))
        .build();
  }

  @AfterAll
  static void stop() {
    if (s3 != null) {
      s3.close();
      raw.close();
    }
    if (fx != null) {
      fx.close();
    }
    if (backing != null) {
      backing.close();
    }
  }

  /** The raw keys in the backing bucket under {@code prefix}. */
  private static Set<String> backingKeys(String prefix) {
    return raw.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents().stream()
        .map(S3Object::key).collect(Collectors.toSet());
  }

  @Test
  void aReleasePairPutWholeAndOneInPartsAreStoredAsDeltasInTheBackingBucket() throws Exception {
    byte[] v1 = TestData.random(81, 2 * PART + 4321);
    byte[] v2 = TestData.edited(v1, 82, 30, 400, true);
    byte[] v3 = TestData.edited(v2, 83, 30, 400, false);
    s3.putObject(b -> b.bucket("releases").key("app/app-1.0.zip"), RequestBody.fromBytes(v1));
    s3.putObject(b -> b.bucket("releases").key("app/app-1.1.zip"), RequestBody.fromBytes(v2));
    String id = s3.createMultipartUpload(b -> b.bucket("releases").key("app/app-1.2.zip")).uploadId();
    List<CompletedPart> parts = new ArrayList<>();
    for (int n = 1, off = 0; off < v3.length; n++, off += PART) {
      byte[] chunk = Arrays.copyOfRange(v3, off, Math.min(v3.length, off + PART));
      int number = n;
      String etag = s3.uploadPart(b -> b.bucket("releases").key("app/app-1.2.zip").uploadId(id).partNumber(number),
          RequestBody.fromBytes(chunk)).eTag();
      parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
    }
    s3.completeMultipartUpload(b -> b.bucket("releases").key("app/app-1.2.zip").uploadId(id)
        .multipartUpload(m -> m.parts(parts)));

    for (String k : List.of("app/app-1.1.zip", "app/app-1.2.zip")) {
      assertEquals(StoredForm.DELTA, fx.store.head("releases/" + k).form(), k);
      assertTrue(fx.store.head("releases/" + k).storedSize() < v1.length / 10, k);
    }
    assertTrue(backingKeys("releases/app/").containsAll(Set.of("releases/app/reference.bin",
        "releases/app/app-1.1.zip.delta", "releases/app/app-1.2.zip.delta")), backingKeys("releases/").toString());
    assertArrayEquals(v1, s3.getObjectAsBytes(b -> b.bucket("releases").key("app/app-1.0.zip")).asByteArray());
    assertArrayEquals(v2, s3.getObjectAsBytes(b -> b.bucket("releases").key("app/app-1.1.zip")).asByteArray());
    assertArrayEquals(v3, s3.getObjectAsBytes(b -> b.bucket("releases").key("app/app-1.2.zip")).asByteArray());
    assertArrayEquals(Arrays.copyOfRange(v3, PART - 10, PART + 10), s3.getObjectAsBytes(b -> b.bucket("releases")
        .key("app/app-1.2.zip").range("bytes=" + (PART - 10) + "-" + (PART + 9))).asByteArray());

    // A listing answers with each object's own size and ETag (what sync tools compare), though the
    // backing bucket's listing knows only the deltas' stored sizes: paged, and over a common prefix.
    var listed = s3.listObjectsV2Paginator(b -> b.bucket("releases").prefix("app/").maxKeys(1)).contents().stream()
        .collect(Collectors.toMap(S3Object::key, o -> o));
    Map<String, byte[]> originals = Map.of("app/app-1.0.zip", v1, "app/app-1.1.zip", v2, "app/app-1.2.zip", v3);
    assertEquals(originals.keySet(), listed.keySet());
    for (var e : originals.entrySet()) {
      S3Object o = listed.get(e.getKey());
      assertEquals(e.getValue().length, o.size(), e.getKey());
      assertEquals(s3.headObject(b -> b.bucket("releases").key(e.getKey())).eTag(), o.eTag(), e.getKey());
    }
    var folders = s3.listObjectsV2Paginator(b -> b.bucket("releases").delimiter("/").maxKeys(1)).commonPrefixes()
        .stream().map(p -> p.prefix()).toList();
    assertEquals(List.of("app/"), folders, "a common prefix a page ended on is not repeated");
  }

  @Test
  void listingsCopiesAndDeletes() {
    for (String k : List.of("l/a/1.txt", "l/a/2.txt", "l/b/3.txt", "l/top.txt")) {
      s3.putObject(b -> b.bucket("docs").key(k), RequestBody.fromString(k));
    }
    var root = s3.listObjectsV2(b -> b.bucket("docs").prefix("l/").delimiter("/"));
    assertEquals(List.of("l/a/", "l/b/"), root.commonPrefixes().stream().map(p -> p.prefix()).toList());
    assertEquals(List.of("l/top.txt"), root.contents().stream().map(S3Object::key).toList());
    var page = s3.listObjects(b -> b.bucket("docs").prefix("l/").maxKeys(2));
    assertTrue(page.isTruncated());
    assertEquals(List.of("l/a/1.txt", "l/a/2.txt"), page.contents().stream().map(S3Object::key).toList());
    assertTrue(s3.listBuckets().buckets().stream().anyMatch(b -> b.name().equals("docs")));

    s3.copyObject(b -> b.sourceBucket("docs").sourceKey("l/top.txt").destinationBucket("docs").destinationKey("c/top.txt"));
    assertEquals("l/top.txt", s3.getObjectAsBytes(b -> b.bucket("docs").key("c/top.txt")).asUtf8String());
    s3.deleteObject(b -> b.bucket("docs").key("c/top.txt"));
    assertThrows(NoSuchKeyException.class, () -> s3.headObject(b -> b.bucket("docs").key("c/top.txt")));
    var deleted = s3.deleteObjects(b -> b.bucket("docs").delete(d -> d.objects(o -> o.key("l/a/1.txt"),
        o -> o.key("l/a/2.txt"))));
    assertEquals(2, deleted.deleted().size());
    assertFalse(backingKeys("docs/l/a/").stream().anyMatch(k -> k.endsWith(".txt") || k.endsWith(".delta")),
        backingKeys("docs/").toString());
  }

  /**
   * An object another tool put in the backing bucket is served as it is, described by what the
   * backend says of it: its ETag (the MD5 of a single-part upload) and its last-modified time.
   */
  @Test
  void aForeignObjectKeepsTheBackendsETagAndTime() {
    byte[] body = "put there by another tool\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    raw.putObject(b -> b.bucket(bucket).key("docs/foreign/notes.txt"), RequestBody.fromBytes(body));
    var backend = raw.headObject(b -> b.bucket(bucket).key("docs/foreign/notes.txt"));

    var head = s3.headObject(b -> b.bucket("docs").key("foreign/notes.txt"));
    assertEquals(backend.eTag(), head.eTag());
    assertEquals(backend.lastModified(), head.lastModified());
    var get = s3.getObjectAsBytes(b -> b.bucket("docs").key("foreign/notes.txt"));
    assertArrayEquals(body, get.asByteArray());
    assertEquals(backend.eTag(), get.response().eTag());
  }

  @Test
  void bucketsArePrefixesThatAreNeitherCreatedNorRemoved() {
    s3.headBucket(b -> b.bucket("any-name-at-all"));
    S3Exception create = assertThrows(S3Exception.class, () -> s3.createBucket(b -> b.bucket("new-bucket")));
    assertEquals("NotImplemented", create.awsErrorDetails().errorCode());
    S3Exception delete = assertThrows(S3Exception.class, () -> s3.deleteBucket(b -> b.bucket("releases")));
    assertEquals("NotImplemented", delete.awsErrorDetails().errorCode());
  }
}
