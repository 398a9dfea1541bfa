package io.deltaglider.proxy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.services.s3.model.EncodingType;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/** Keys with markup and URL metacharacters, malformed XML, wrong digests, truncated bodies. */
class HostileInputTest extends OneGatewayTest {
  private static final List<String> HOSTILE_KEYS = List.of(
      "odd/<tag>&amp;\"quoted\"'.txt",
      "odd/space and+plus%25 percent?query#hash.bin",
      "odd/ünïcødé €uro 日本.bin",
      "odd/a~b!c*(d)[e]{f}$g@h=i;j,k.bin",
      "odd/]]>-->.xml");

  @BeforeAll
  static void buckets() {
    s3.createBucket(b -> b.bucket("hostile"));
  }

  @Test
  void keysWithMarkupAndUrlMetacharactersRoundTripThroughPutGetListAndDelete() {
    for (String key : HOSTILE_KEYS) {
      s3.putObject(b -> b.bucket("hostile").key(key), RequestBody.fromString("content of " + key));
      assertEquals("content of " + key, s3.getObjectAsBytes(b -> b.bucket("hostile").key(key)).asUtf8String());
    }
    List<String> sorted = HOSTILE_KEYS.stream().sorted((a, b) -> compareUtf8(a, b)).toList();
    assertEquals(sorted, s3.listObjectsV2(b -> b.bucket("hostile").prefix("odd/")).contents().stream()
        .map(S3Object::key).toList());
    assertEquals(sorted, s3.listObjectsV2(b -> b.bucket("hostile").prefix("odd/").encodingType(EncodingType.URL))
        .contents().stream().map(S3Object::key).toList());
    assertEquals(sorted, s3.listObjects(b -> b.bucket("hostile").prefix("odd/")).contents().stream()
        .map(S3Object::key).toList());
    var deleted = s3.deleteObjects(b -> b.bucket("hostile").delete(d -> d.objects(
        HOSTILE_KEYS.stream().map(k -> software.amazon.awssdk.services.s3.model.ObjectIdentifier.builder().key(k).build())
            .toList())));
    assertEquals(HOSTILE_KEYS.size(), deleted.deleted().size());
    assertTrue(s3.listObjectsV2(b -> b.bucket("hostile").prefix("odd/")).contents().isEmpty());
  }

  private static int compareUtf8(String a, String b) {
    return java.util.Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void keysTheStoreCannotHoldAreRefusedNotMangled() {
    S3Exception e = assertThrows(S3Exception.class,
        () -> s3.putObject(b -> b.bucket("hostile").key("deltaspace/reference.bin"), RequestBody.fromString("x")));
    assertEquals("InvalidArgument", e.awsErrorDetails().errorCode());
    S3Exception delta = assertThrows(S3Exception.class,
        () -> s3.putObject(b -> b.bucket("hostile").key("x/y.delta"), RequestBody.fromString("x")));
    assertEquals("InvalidArgument", delta.awsErrorDetails().errorCode());
    S3Exception tooLong = assertThrows(S3Exception.class,
        () -> s3.putObject(b -> b.bucket("hostile").key("k".repeat(1100)), RequestBody.fromString("x")));
    assertEquals("KeyTooLongError", tooLong.awsErrorDetails().errorCode());
    assertThrows(NoSuchKeyException.class, () -> s3.headObject(b -> b.bucket("hostile").key("deltaspace/reference.bin")));
  }

  @Test
  void malformedAndHostileXmlBodiesAreMalformedXml() throws Exception {
    for (String xml : List.of("<Delete><Object><Key>a</Key></Object>",
        "not xml at all",
        "<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><Delete><Object><Key>&x;</Key></Object></Delete>",
        "<Delete></Delete>",
        "<Other><Object><Key>a</Key></Object></Other>")) {
      byte[] body = xml.getBytes(StandardCharsets.UTF_8);
      SdkHttpRequest r = RawRequests.sign(fx.endpoint, SdkHttpMethod.POST, "/hostile?delete", Map.of(), body, true,
          GatewayFixture.ACCESS_KEY, GatewayFixture.SECRET_KEY, Clock.systemUTC());
      HttpResponse<String> resp = RawRequests.send(r, body);
      assertEquals(400, resp.statusCode(), xml + " -> " + resp.body());
      assertEquals("MalformedXML", RawRequests.code(resp), xml);
    }
  }

  @Test
  void errorDocumentsEscapeWhatTheRequestNamed() throws Exception {
    SdkHttpRequest r = RawRequests.sign(fx.endpoint, SdkHttpMethod.GET, "/hostile/%3Cb%3E%26%22x%22", Map.of(), null,
        true, GatewayFixture.ACCESS_KEY, GatewayFixture.SECRET_KEY, Clock.systemUTC());
    HttpResponse<String> resp = RawRequests.send(r, null);
    assertEquals(404, resp.statusCode());
    assertTrue(resp.body().contains("<Key>&lt;b&gt;&amp;&quot;x&quot;</Key>"), resp.body());
  }

  @Test
  void aWrongContentMd5OrChecksumStoresNothing() {
    S3Exception md5 = assertThrows(S3Exception.class, () -> s3.putObject(b -> b.bucket("hostile").key("digest/md5.bin")
        .contentMD5("AAAAAAAAAAAAAAAAAAAAAA=="), RequestBody.fromString("some bytes")));
    assertEquals("BadDigest", md5.awsErrorDetails().errorCode());
    S3Exception crc = assertThrows(S3Exception.class, () -> s3.putObject(b -> b.bucket("hostile").key("digest/crc.bin")
        .checksumCRC32("AAAAAA=="), RequestBody.fromString("some bytes")));
    assertEquals("BadDigest", crc.awsErrorDetails().errorCode());
    S3Exception sha = assertThrows(S3Exception.class, () -> s3.putObject(b -> b.bucket("hostile").key("digest/sha.bin")
        .checksumSHA256("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="), RequestBody.fromString("some bytes")));
    assertEquals("BadDigest", sha.awsErrorDetails().errorCode());
    S3Exception invalid = assertThrows(S3Exception.class, () -> s3.putObject(b -> b.bucket("hostile")
        .key("digest/invalid.bin").contentMD5("not base64!"), RequestBody.fromString("some bytes")));
    assertEquals("InvalidDigest", invalid.awsErrorDetails().errorCode());
    assertTrue(s3.listObjectsV2(b -> b.bucket("hostile").prefix("digest/")).contents().isEmpty());
    java.util.zip.CRC32C c = new java.util.zip.CRC32C();
    c.update("some bytes".getBytes(StandardCharsets.UTF_8));
    String right = java.util.Base64.getEncoder().encodeToString(
        java.nio.ByteBuffer.allocate(4).putInt((int) c.getValue()).array());
    s3.putObject(b -> b.bucket("hostile").key("digest/right.bin").checksumCRC32C(right),
        RequestBody.fromString("some bytes"));
    assertEquals("some bytes", s3.getObjectAsBytes(b -> b.bucket("hostile").key("digest/right.bin")).asUtf8String());
  }

  @Test
  void aTruncatedBodyLeavesNothingVisibleAndNoTempFile() throws Exception {
    SdkHttpRequest signed = RawRequests.sign(fx.endpoint, SdkHttpMethod.PUT, "/hostile/truncated.bin",
        Map.of("Content-Length", "2000000"), null, false, GatewayFixture.ACCESS_KEY, GatewayFixture.SECRET_KEY,
        Clock.systemUTC());
    try (Socket socket = new Socket("127.0.0.1", fx.endpoint.getPort())) {
      OutputStream out = socket.getOutputStream();
      StringBuilder head = new StringBuilder("PUT /hostile/truncated.bin HTTP/1.1\r\n");
      signed.headers().forEach((n, vs) -> vs.forEach(v -> head.append(n).append(": ").append(v).append("\r\n")));
      out.write(head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
      out.write(new byte[1_500_000]);
      out.flush();
      socket.shutdownOutput();
      InputStream in = socket.getInputStream();
      in.readAllBytes(); // the server answers or closes
    }
    assertThrows(NoSuchKeyException.class, () -> s3.headObject(b -> b.bucket("hostile").key("truncated.bin")));
    long deadline = System.currentTimeMillis() + 5000;
    while (tempFiles() > 0 && System.currentTimeMillis() < deadline) {
      Thread.sleep(50);
    }
    assertEquals(0, tempFiles());
  }

  private static long tempFiles() throws Exception {
    try (Stream<Path> s = Files.list(dir.resolve("work"))) {
      return s.filter(p -> p.getFileName().toString().startsWith("body-")).count();
    }
  }

  @Test
  void largeBodiesAreStoredFromDiskAndRoundTrip() {
    byte[] big = io.deltaglider.vcdiff.testing.TestData.random(21, 3 << 20);
    s3.putObject(b -> b.bucket("hostile").key("big/blob.iso"), RequestBody.fromBytes(big));
    assertArrayEquals(big, s3.getObjectAsBytes(b -> b.bucket("hostile").key("big/blob.iso")).asByteArray());
  }
}
