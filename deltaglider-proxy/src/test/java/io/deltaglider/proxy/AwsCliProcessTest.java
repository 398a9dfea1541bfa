package io.deltaglider.proxy;

import static io.deltaglider.proxy.ExternalClients.sha256;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deltaglider.ObjectInfo;
import io.deltaglider.StoredForm;
import io.deltaglider.vcdiff.testing.TestData;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The AWS CLI ({@code aws s3 ...} and {@code aws s3api ...}) as a child process against the
 * gateway on 127.0.0.1: byte-exact round trips (SHA-256 of what comes back), release pairs stored
 * as deltas, a multipart upload and a ranged multipart download, listings, copies, deletes and a
 * presigned URL.
 */
class AwsCliProcessTest {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  /** The CLI's --debug log of a ranged GetObject (both CLI major versions print the headers as a dict). */
  private static final Pattern RANGED_GET = Pattern.compile("['\"]Range['\"]: ['\"]bytes=\\d+-\\d+['\"]");

  @TempDir
  static Path dir;
  static GatewayFixture fx;
  static ExternalClients.Client cli;
  static Path files;

  @BeforeAll
  static void start() throws Exception {
    cli = ExternalClients.locate("the AWS CLI", "aws", List.of("--version"), dir);
    fx = new GatewayFixture(dir);
    files = Files.createDirectories(dir.resolve("files"));
  }

  @AfterAll
  static void stop() {
    if (fx != null) {
      fx.close();
    }
  }

  private static ExternalClients.Result aws(Map<String, String> extraEnv, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(cli.program().toString(), "--endpoint-url", fx.endpoint.toString()));
    cmd.addAll(List.of(args));
    Map<String, String> env = ExternalClients.environment(dir);
    env.putAll(extraEnv);
    return ExternalClients.run(dir, env, cmd);
  }

  private static ExternalClients.Result aws(String... args) throws Exception {
    return aws(Map.of(), args);
  }

  private static ExternalClients.Result ok(String... args) throws Exception {
    ExternalClients.Result r = aws(args);
    assertEquals(0, r.exit(), () -> "aws " + String.join(" ", args) + "\n" + r);
    return r;
  }

  /** Whether the store's buckets are made and removed (directories of a local store). */
  boolean bucketsAreMadeAndRemoved() {
    return true;
  }

  /**
   * {@code mb}, {@code create-bucket} or {@code rb}: done on a local store; over a store whose
   * buckets are key prefixes (S3) refused with NotImplemented, and not needed there.
   */
  void bucketOp(String... args) throws Exception {
    if (bucketsAreMadeAndRemoved()) {
      ok(args);
      return;
    }
    ExternalClients.Result r = aws(args);
    assertNotEquals(0, r.exit(), r::toString);
    assertTrue(r.toString().contains("NotImplemented"), r::toString);
  }

  private static Path file(String name, byte[] content) throws Exception {
    Path p = files.resolve(name);
    Files.createDirectories(p.getParent());
    return Files.write(p, content);
  }

  private static void assertStoredAsDelta(String storeKey, long size) throws Exception {
    ObjectInfo info = fx.store.head(storeKey);
    assertEquals(StoredForm.DELTA, info.form(), storeKey);
    assertEquals(size, info.size(), storeKey);
    assertTrue(info.storedSize() < size / 10, () -> storeKey + " stored " + info.storedSize() + " of " + size);
  }

  private static List<String> words(String s) {
    String t = s.strip();
    return t.isEmpty() || t.equals("None") ? List.of() : List.of(t.split("\\s+"));
  }

  @Test
  void aReleasePairPutWithCpAndSyncIsStoredAsADeltaAndReadBackByteExact() throws Exception {
    bucketOp("s3", "mb", "s3://cli-releases");
    byte[] v1 = TestData.random(41, 2 << 20);
    byte[] v2 = TestData.edited(v1, 42, 30, 300, true);
    Path p1 = file("releases/app-1.0.zip", v1);
    Path p2 = file("releases/app-1.1.zip", v2);
    // sync re-uploads a file whose mtime is after the object's LastModified, which listings give
    // in whole seconds (S3 and S3Proxy): a file written in the second of its upload would count as
    // newer. Files from an hour ago make sync's choice depend on what is missing only.
    for (Path p : List.of(p1, p2)) {
      Files.setLastModifiedTime(p, java.nio.file.attribute.FileTime.from(java.time.Instant.now().minusSeconds(3600)));
    }
    ok("s3", "cp", p1.toString(), "s3://cli-releases/app/");
    // sync uploads only what is missing: app-1.1.zip.
    String synced = ok("s3", "sync", files.resolve("releases").toString(), "s3://cli-releases/app/").out();
    assertTrue(synced.contains("app-1.1.zip") && !synced.contains("app-1.0.zip"), synced);
    assertStoredAsDelta("cli-releases/app/app-1.1.zip", v2.length);
    // A third version through s3api, with a CRC32 checksum (the default of current CLIs) the gateway checks.
    byte[] v3 = TestData.edited(v2, 47, 20, 300, false);
    Path p3 = file("next/app-1.2.zip", v3);
    String put = ok("s3api", "put-object", "--bucket", "cli-releases", "--key", "app/app-1.2.zip", "--body",
        p3.toString(), "--checksum-algorithm", "CRC32").out();
    assertTrue(put.contains("ChecksumCRC32"), "the checksum is not echoed: " + put);
    assertStoredAsDelta("cli-releases/app/app-1.2.zip", v3.length);
    ExternalClients.Result wrong = aws("s3api", "put-object", "--bucket", "cli-releases", "--key", "app/wrong.zip",
        "--body", p3.toString(), "--checksum-crc32", "AAAAAA==");
    assertTrue(wrong.exit() != 0 && wrong.err().contains("BadDigest"), wrong::toString);
    assertFalse(fx.store.exists("cli-releases/app/wrong.zip"));

    Path back = dir.resolve("back-releases");
    ok("s3", "cp", "--recursive", "s3://cli-releases/app/", back.toString());
    assertEquals(sha256(v1), sha256(back.resolve("app-1.0.zip")));
    assertEquals(sha256(v2), sha256(back.resolve("app-1.1.zip")));
    assertEquals(sha256(v3), sha256(back.resolve("app-1.2.zip")));

    // A ranged GET through s3api, across bytes the delta changed and bytes it copied.
    Path range = dir.resolve("range.bin");
    String got = ok("s3api", "get-object", "--bucket", "cli-releases", "--key", "app/app-1.1.zip",
        "--range", "bytes=1000-300999", range.toString()).out();
    assertTrue(got.contains("bytes 1000-300999/" + v2.length), got);
    assertEquals(sha256(Arrays.copyOfRange(v2, 1000, 301_000)), sha256(range));
    ExternalClients.Result beyond = aws("s3api", "get-object", "--bucket", "cli-releases", "--key", "app/app-1.1.zip",
        "--range", "bytes=" + v2.length + "-", dir.resolve("beyond.bin").toString());
    assertTrue(beyond.exit() != 0 && beyond.err().contains("InvalidRange"), beyond::toString);
  }

  @Test
  void aLargeReleaseImagePairGoesUpInPartsAndComesDownInRanges() throws Exception {
    bucketOp("s3", "mb", "s3://cli-images");
    // Over 16 MiB: the CLI uploads it in 8 MiB parts and downloads it with ranged GETs.
    byte[] v1 = TestData.random(43, 20 << 20);
    byte[] v2 = TestData.edited(v1, 44, 40, 4000, true);
    Path p1 = file("images/image-1.0.iso", v1);
    Path p2 = file("images/image-1.1.iso", v2);
    ExternalClients.Result up1 = ok("--debug", "s3", "cp", p1.toString(), "s3://cli-images/iso/image-1.0.iso");
    assertTrue(up1.err().contains("UploadPart") && up1.err().contains("CompleteMultipartUpload"),
        "not a multipart upload:\n" + up1);
    ExternalClients.Result up2 = ok("--debug", "s3", "cp", p2.toString(), "s3://cli-images/iso/image-1.1.iso");
    assertTrue(up2.err().contains("UploadPart") && up2.err().contains("CompleteMultipartUpload"),
        "not a multipart upload:\n" + up2);
    assertStoredAsDelta("cli-images/iso/image-1.1.iso", v2.length);

    Path back = dir.resolve("back-image-1.1.iso");
    ExternalClients.Result down = ok("--debug", "s3", "cp", "s3://cli-images/iso/image-1.1.iso", back.toString());
    assertTrue(RANGED_GET.matcher(down.err()).results().count() >= 2, "not a ranged download:\n" + down);
    assertEquals(sha256(v2), sha256(back));
    Path back1 = dir.resolve("back-image-1.0.iso");
    ok("s3", "cp", "s3://cli-images/iso/image-1.0.iso", back1.toString());
    assertEquals(sha256(v1), sha256(back1));

    // Copying an object this large, the CLI copies it in parts (UploadPartCopy).
    ExternalClients.Result copy = ok("--debug", "s3", "cp", "s3://cli-images/iso/image-1.1.iso",
        "s3://cli-images/mirror/image-1.1.iso");
    assertTrue(copy.err().contains("UploadPartCopy"), "not a multipart copy:\n" + copy);
    Path mirrored = dir.resolve("back-mirror-1.1.iso");
    ok("s3", "cp", "s3://cli-images/mirror/image-1.1.iso", mirrored.toString());
    assertEquals(sha256(v2), sha256(mirrored));
  }

  @Test
  void s3apiMultipartWithChecksumsListPartsAndAbort() throws Exception {
    bucketOp("s3api", "create-bucket", "--bucket", "cli-mpu");
    byte[] content = TestData.random(48, (5 << 20) + 1234);
    Path part1 = file("mpu/part1", Arrays.copyOfRange(content, 0, 5 << 20));
    Path part2 = file("mpu/part2", Arrays.copyOfRange(content, 5 << 20, content.length));
    String id = ok("s3api", "create-multipart-upload", "--bucket", "cli-mpu", "--key", "parts/app.bin",
        "--checksum-algorithm", "CRC32", "--query", "UploadId", "--output", "text").out().strip();
    StringBuilder parts = new StringBuilder("{\"Parts\": [");
    int number = 1;
    for (Path part : List.of(part1, part2)) {
      List<String> etagAndCrc = words(ok("s3api", "upload-part", "--bucket", "cli-mpu", "--key", "parts/app.bin",
          "--upload-id", id, "--part-number", Integer.toString(number), "--body", part.toString(),
          "--checksum-algorithm", "CRC32", "--query", "[ETag, ChecksumCRC32]", "--output", "text").out());
      assertEquals(2, etagAndCrc.size(), etagAndCrc::toString);
      assertFalse(etagAndCrc.contains("None"), "the part's checksum is not echoed: " + etagAndCrc);
      parts.append(number > 1 ? ", " : "").append("{\"PartNumber\": ").append(number)
          .append(", \"ETag\": \"").append(etagAndCrc.get(0).replace("\"", "\\\""))
          .append("\", \"ChecksumCRC32\": \"").append(etagAndCrc.get(1)).append("\"}");
      number++;
    }
    Path partsJson = Files.writeString(dir.resolve("parts.json"), parts.append("]}").toString());
    assertEquals(List.of("1", Integer.toString(5 << 20), "2", "1234"), words(ok("s3api", "list-parts", "--bucket",
        "cli-mpu", "--key", "parts/app.bin", "--upload-id", id, "--query", "Parts[].[PartNumber, Size]",
        "--output", "text").out()));
    assertEquals(List.of("parts/app.bin"), words(ok("s3api", "list-multipart-uploads", "--bucket", "cli-mpu",
        "--query", "Uploads[].Key", "--output", "text").out()));
    ExternalClients.Result badPart = aws("s3api", "upload-part", "--bucket", "cli-mpu", "--key", "parts/app.bin",
        "--upload-id", id, "--part-number", "3", "--body", part2.toString(), "--checksum-crc32", "AAAAAA==");
    assertTrue(badPart.exit() != 0 && badPart.err().contains("BadDigest"), badPart::toString);
    assertFalse(fx.store.exists("cli-mpu/parts/app.bin"), "visible before completion");
    ok("s3api", "complete-multipart-upload", "--bucket", "cli-mpu", "--key", "parts/app.bin", "--upload-id", id,
        "--multipart-upload", "file://" + partsJson.toAbsolutePath());
    Path back = dir.resolve("back-parts-app.bin");
    ok("s3api", "get-object", "--bucket", "cli-mpu", "--key", "parts/app.bin", back.toString());
    assertEquals(sha256(content), sha256(back));

    String aborted = ok("s3api", "create-multipart-upload", "--bucket", "cli-mpu", "--key", "parts/aborted.bin",
        "--query", "UploadId", "--output", "text").out().strip();
    ok("s3api", "upload-part", "--bucket", "cli-mpu", "--key", "parts/aborted.bin", "--upload-id", aborted,
        "--part-number", "1", "--body", part2.toString());
    ok("s3api", "abort-multipart-upload", "--bucket", "cli-mpu", "--key", "parts/aborted.bin", "--upload-id", aborted);
    assertEquals(List.of(), words(ok("s3api", "list-multipart-uploads", "--bucket", "cli-mpu",
        "--query", "Uploads[].Key", "--output", "text").out()));
    ExternalClients.Result gone = aws("s3api", "list-parts", "--bucket", "cli-mpu", "--key", "parts/aborted.bin",
        "--upload-id", aborted);
    assertTrue(gone.exit() != 0 && gone.err().contains("NoSuchUpload"), gone::toString);
    assertFalse(fx.store.exists("cli-mpu/parts/aborted.bin"));
  }

  @Test
  void listingsWithPrefixDelimiterAndPages() throws Exception {
    bucketOp("s3", "mb", "s3://cli-list");
    for (String k : List.of("a/1.txt", "a/2.txt", "a/sub/3.txt", "b/4.txt", "top.txt")) {
      file("list/" + k, ("content of " + k).getBytes(StandardCharsets.UTF_8));
    }
    ok("s3", "cp", "--recursive", files.resolve("list").toString(), "s3://cli-list/");

    String root = ok("s3", "ls", "s3://cli-list/").out();
    assertTrue(root.contains("PRE a/") && root.contains("PRE b/") && root.contains("top.txt"), root);
    assertFalse(root.contains("1.txt"), root);
    String a = ok("s3", "ls", "s3://cli-list/a/").out();
    assertTrue(a.contains("PRE sub/") && a.contains("1.txt") && a.contains("2.txt"), a);
    assertFalse(a.contains("3.txt") || a.contains("4.txt"), a);
    assertEquals(5, ok("s3", "ls", "--recursive", "s3://cli-list/").out().strip().lines().count());
    assertTrue(ok("s3", "ls").out().contains("cli-list"), "ListBuckets");

    for (String op : List.of("list-objects-v2", "list-objects")) {
      assertEquals(List.of("a/1.txt", "a/2.txt"), words(ok("s3api", op, "--bucket", "cli-list", "--prefix", "a/",
          "--delimiter", "/", "--query", "Contents[].Key", "--output", "text").out()), op);
      assertEquals(List.of("a/sub/"), words(ok("s3api", op, "--bucket", "cli-list", "--prefix", "a/",
          "--delimiter", "/", "--query", "CommonPrefixes[].Prefix", "--output", "text").out()), op);
      assertEquals(List.of("a/", "b/"), words(ok("s3api", op, "--bucket", "cli-list", "--delimiter", "/",
          "--query", "CommonPrefixes[].Prefix", "--output", "text").out()), op);
      // Two keys a page: the CLI follows continuation tokens (v2) and markers (v1) to the end.
      assertEquals(List.of("a/1.txt", "a/2.txt", "a/sub/3.txt", "b/4.txt", "top.txt"), words(ok("s3api", op,
          "--bucket", "cli-list", "--page-size", "2", "--query", "Contents[].Key", "--output", "text").out()), op);
    }
    assertEquals(List.of("b/4.txt", "top.txt"), words(ok("s3api", "list-objects-v2", "--bucket", "cli-list",
        "--start-after", "a/sub/3.txt", "--query", "Contents[].Key", "--output", "text").out()));
  }

  @Test
  void copyDeleteAndBatchDelete() throws Exception {
    bucketOp("s3", "mb", "s3://cli-ops");
    byte[] content = TestData.text(45, 300_000);
    Path src = file("ops/notes.txt", content);
    ok("s3", "cp", src.toString(), "s3://cli-ops/in/notes.txt");

    ok("s3", "cp", "s3://cli-ops/in/notes.txt", "s3://cli-ops/copies/notes.txt");
    ok("s3api", "copy-object", "--bucket", "cli-ops", "--key", "copies/replaced.txt",
        "--copy-source", "cli-ops/in/notes.txt", "--metadata-directive", "REPLACE",
        "--metadata", "owner=release-team", "--content-type", "text/markdown");
    for (String k : List.of("copies/notes.txt", "copies/replaced.txt")) {
      Path back = dir.resolve("back-" + k.replace('/', '-'));
      ok("s3", "cp", "s3://cli-ops/" + k, back.toString());
      assertEquals(sha256(content), sha256(back), k);
    }
    String head = ok("s3api", "head-object", "--bucket", "cli-ops", "--key", "copies/replaced.txt").out();
    assertTrue(head.contains("\"owner\": \"release-team\"") && head.contains("text/markdown"), head);

    ok("s3", "rm", "s3://cli-ops/copies/notes.txt");
    assertFalse(fx.store.exists("cli-ops/copies/notes.txt"));
    ExternalClients.Result gone = aws("s3api", "head-object", "--bucket", "cli-ops", "--key", "copies/notes.txt");
    assertTrue(gone.exit() != 0 && gone.err().contains("404"), gone::toString);

    for (int i = 0; i < 4; i++) {
      file("ops/batch/" + i + ".txt", ("batch " + i).getBytes(StandardCharsets.UTF_8));
    }
    ok("s3", "cp", "--recursive", files.resolve("ops/batch").toString(), "s3://cli-ops/batch/");
    String deleted = ok("s3api", "delete-objects", "--bucket", "cli-ops", "--delete",
        "Objects=[{Key=batch/0.txt},{Key=batch/1.txt},{Key=batch/never-was.txt}]", "--query", "Deleted[].Key",
        "--output", "text").out();
    assertEquals(List.of("batch/0.txt", "batch/1.txt", "batch/never-was.txt"), words(deleted).stream().sorted().toList());
    assertFalse(fx.store.exists("cli-ops/batch/0.txt") || fx.store.exists("cli-ops/batch/1.txt"));
    assertTrue(fx.store.exists("cli-ops/batch/2.txt"));
    // rm --recursive deletes through DeleteObjects too.
    String removed = ok("s3", "rm", "--recursive", "s3://cli-ops/").out();
    assertTrue(removed.contains("batch/2.txt") && removed.contains("in/notes.txt"), removed);
    assertEquals("", ok("s3", "ls", "--recursive", "s3://cli-ops/").out().strip());
    bucketOp("s3", "rb", "s3://cli-ops");
    assertFalse(ok("s3", "ls").out().contains("cli-ops"));
  }

  @Test
  void aPresignedUrlServesTheObjectToAPlainHttpClient() throws Exception {
    bucketOp("s3", "mb", "s3://cli-presign");
    byte[] content = TestData.random(46, 700_000);
    ok("s3", "cp", file("presign/app.tar.gz", content).toString(), "s3://cli-presign/dl/app.tar.gz");

    String url = ok("s3", "presign", "s3://cli-presign/dl/app.tar.gz", "--expires-in", "300").out().strip();
    if (!url.contains("X-Amz-Signature=")) {
      // AWS CLI v1 presigns with Signature Version 2 unless configured otherwise; the gateway
      // speaks only version 4 and says so, as S3 does in its newer regions.
      HttpResponse<String> v2 = HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(400, v2.statusCode(), v2.body());
      assertTrue(v2.body().contains("<Code>InvalidRequest</Code>") && v2.body().contains("AWS4-HMAC-SHA256"), v2.body());
      Path config = Files.writeString(dir.resolve("sigv4-config"), "[default]\ns3 =\n    signature_version = s3v4\n");
      ExternalClients.Result r = aws(Map.of("AWS_CONFIG_FILE", config.toString()),
          "s3", "presign", "s3://cli-presign/dl/app.tar.gz", "--expires-in", "300");
      assertEquals(0, r.exit(), r::toString);
      url = r.out().strip();
    }
    assertTrue(url.contains("X-Amz-Signature="), url);
    HttpResponse<byte[]> got = HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, got.statusCode());
    assertEquals(sha256(content), sha256(got.body()));

    // The signature covers the key: the same query on another key is refused.
    String other = url.replace("/dl/app.tar.gz?", "/dl/other.tar.gz?");
    assertNotEquals(url, other);
    HttpResponse<String> refused = HTTP.send(HttpRequest.newBuilder(URI.create(other)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(403, refused.statusCode());
    assertTrue(refused.body().contains("SignatureDoesNotMatch"), refused.body());
  }

  @Test
  void s3apiWithMetadataAndHostileKeys() throws Exception {
    bucketOp("s3api", "create-bucket", "--bucket", "cli-api");
    Path f = file("api/meta.txt", "metadata test".getBytes(StandardCharsets.UTF_8));
    String key = "odd/<x> & \"y\" +plus %25 ü.txt";
    ok("s3api", "put-object", "--bucket", "cli-api", "--key", key, "--body", f.toString(),
        "--content-type", "text/plain", "--metadata", "team=build");
    String head = ok("s3api", "head-object", "--bucket", "cli-api", "--key", key).out();
    assertTrue(head.contains("\"team\": \"build\"") && head.contains("text/plain"), head);
    assertEquals(List.of(key), List.of(ok("s3api", "list-objects-v2", "--bucket", "cli-api", "--prefix", "odd/",
        "--query", "Contents[].Key", "--output", "text").out().strip()));
    Path back = dir.resolve("meta-back.txt");
    ok("s3api", "get-object", "--bucket", "cli-api", "--key", key, back.toString());
    assertEquals("metadata test", Files.readString(back));
    ExternalClients.Result missing = aws("s3api", "head-object", "--bucket", "cli-api", "--key", "nope");
    assertTrue(missing.exit() != 0 && missing.err().contains("404"), missing::toString);
    ExternalClients.Result noBucket = aws("s3api", "list-objects-v2", "--bucket", "cli-no-such-bucket");
    if (bucketsAreMadeAndRemoved()) {
      assertTrue(noBucket.exit() != 0 && noBucket.err().contains("NoSuchBucket"), noBucket::toString);
    } else {
      // Over S3 a bucket is the keys under a prefix: every usable name is a bucket, empty until used.
      assertTrue(noBucket.exit() == 0 && !noBucket.out().contains("\"Contents\""), noBucket::toString);
    }
  }
}
