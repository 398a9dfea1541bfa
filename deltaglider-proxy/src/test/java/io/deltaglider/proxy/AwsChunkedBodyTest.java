package io.deltaglider.proxy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deltaglider.vcdiff.testing.TestData;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.checksums.DefaultChecksumAlgorithm;
import software.amazon.awssdk.checksums.spi.ChecksumAlgorithm;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * {@code aws-chunked} bodies, made by the AWS SDK's own signer as clients make them: an unsigned
 * payload with a trailing checksum ({@code STREAMING-UNSIGNED-PAYLOAD-TRAILER}), what botocore (the
 * AWS CLI, boto3) and the AWS SDKs send by default over HTTPS, e.g. through a TLS-terminating load
 * balancer in front of the gateway; and signed chunks with and without a trailer.
 */
class AwsChunkedBodyTest extends OneGatewayTest {
  @BeforeAll
  static void buckets() {
    s3.createBucket(b -> b.bucket("chunked"));
  }

  /** The signed request, to be sent over plain HTTP, and its encoded body. */
  private record Encoded(SdkHttpRequest request, byte[] body) {}

  private static Encoded unsignedWithTrailer(String key, byte[] content, ChecksumAlgorithm algorithm) throws Exception {
    // The SDK signs payloads whatever is asked when the scheme is http, so this is signed as the
    // https request a client sends to a TLS-terminating load balancer; the scheme is not signed.
    SdkHttpFullRequest request = SdkHttpFullRequest.builder().method(SdkHttpMethod.PUT)
        .uri(URI.create(fx.endpoint.toString().replace("http:", "https:") + "/chunked/" + key))
        .putHeader("Host", fx.endpoint.getHost() + ":" + fx.endpoint.getPort())
        .putHeader("Content-Length", Integer.toString(content.length))
        .build();
    SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r
        .identity(AwsCredentialsIdentity.create(GatewayFixture.ACCESS_KEY, GatewayFixture.SECRET_KEY))
        .request(request).payload(ContentStreamProvider.fromByteArray(content))
        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "s3")
        .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
        .putProperty(AwsV4HttpSigner.DOUBLE_URL_ENCODE, false)
        .putProperty(AwsV4HttpSigner.NORMALIZE_PATH, false)
        .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, false)
        .putProperty(AwsV4HttpSigner.CHUNK_ENCODING_ENABLED, true)
        .putProperty(AwsV4HttpSigner.CHECKSUM_ALGORITHM, algorithm));
    assertEquals("STREAMING-UNSIGNED-PAYLOAD-TRAILER",
        signed.request().firstMatchingHeader("x-amz-content-sha256").orElse(null));
    try (InputStream in = signed.payload().orElseThrow().newStream()) {
      return new Encoded(signed.request().toBuilder().protocol("http").build(), in.readAllBytes());
    }
  }

  @Test
  void anUnsignedChunkedBodyWithARightTrailingChecksumIsStored() throws Exception {
    for (ChecksumAlgorithm algorithm : new ChecksumAlgorithm[] {DefaultChecksumAlgorithm.CRC32,
        DefaultChecksumAlgorithm.CRC32C, DefaultChecksumAlgorithm.SHA256}) {
      byte[] content = TestData.random(61, 300_000); // several of the signer's 128 KiB chunks
      String key = "ok-" + algorithm.algorithmId() + ".bin";
      Encoded e = unsignedWithTrailer(key, content, algorithm);
      HttpResponse<String> r = RawRequests.send(e.request(), e.body());
      assertEquals(200, r.statusCode(), r.body());
      assertTrue(r.headers().firstValue("x-amz-checksum-" + algorithm.algorithmId().toLowerCase()).isPresent(),
          r.headers().toString());
      assertArrayEquals(content, s3.getObjectAsBytes(b -> b.bucket("chunked").key(key)).asByteArray());
    }
  }

  /** Signed chunks ({@code algorithm} null: no trailer), as the SDKs send them over plain HTTP. */
  private static Encoded signedChunks(String key, byte[] content, ChecksumAlgorithm algorithm) throws Exception {
    SdkHttpFullRequest request = SdkHttpFullRequest.builder().method(SdkHttpMethod.PUT)
        .uri(URI.create(fx.endpoint + "/chunked/" + key))
        .putHeader("Host", fx.endpoint.getHost() + ":" + fx.endpoint.getPort())
        .putHeader("Content-Length", Integer.toString(content.length))
        .build();
    SignedRequest signed = AwsV4HttpSigner.create().sign(r -> {
      r.identity(AwsCredentialsIdentity.create(GatewayFixture.ACCESS_KEY, GatewayFixture.SECRET_KEY))
          .request(request).payload(ContentStreamProvider.fromByteArray(content))
          .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "s3")
          .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
          .putProperty(AwsV4HttpSigner.DOUBLE_URL_ENCODE, false)
          .putProperty(AwsV4HttpSigner.NORMALIZE_PATH, false)
          .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, true)
          .putProperty(AwsV4HttpSigner.CHUNK_ENCODING_ENABLED, true);
      if (algorithm != null) {
        r.putProperty(AwsV4HttpSigner.CHECKSUM_ALGORITHM, algorithm);
      }
    });
    assertEquals(algorithm == null ? "STREAMING-AWS4-HMAC-SHA256-PAYLOAD" : "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER",
        signed.request().firstMatchingHeader("x-amz-content-sha256").orElse(null));
    try (InputStream in = signed.payload().orElseThrow().newStream()) {
      return new Encoded(signed.request(), in.readAllBytes());
    }
  }

  @Test
  void signedChunkedBodiesWithAndWithoutATrailerAreStoredUnlessAChunkChanged() throws Exception {
    for (ChecksumAlgorithm algorithm : new ChecksumAlgorithm[] {null, DefaultChecksumAlgorithm.CRC32}) {
      String name = algorithm == null ? "plain" : algorithm.algorithmId();
      byte[] content = TestData.random(63, 300_000);
      Encoded e = signedChunks("signed-" + name + ".bin", content, algorithm);
      HttpResponse<String> r = RawRequests.send(e.request(), e.body());
      assertEquals(200, r.statusCode(), r.body());
      assertArrayEquals(content, s3.getObjectAsBytes(b -> b.bucket("chunked").key("signed-" + name + ".bin"))
          .asByteArray());

      // A chunk changed after signing breaks its chunk signature (a small body: all sent before the answer).
      Encoded small = signedChunks("changed-" + name + ".bin", TestData.random(64, 2000), algorithm);
      byte[] changed = small.body().clone();
      changed[new String(changed, StandardCharsets.ISO_8859_1).indexOf("\r\n") + 2 + 500] ^= 1;
      HttpResponse<String> refused = RawRequests.send(small.request(), changed);
      assertEquals(403, refused.statusCode(), refused.body());
      assertEquals("SignatureDoesNotMatch", RawRequests.code(refused));
      assertFalse(fx.store.exists("chunked/changed-" + name + ".bin"));
    }
  }

  @Test
  void aChangedByteOrAnotherTrailerStoresNothing() throws Exception {
    byte[] content = TestData.random(62, 300_000);
    Encoded e = unsignedWithTrailer("changed.bin", content, DefaultChecksumAlgorithm.CRC32);
    String encoded = new String(e.body(), StandardCharsets.ISO_8859_1);
    assertTrue(encoded.contains("x-amz-checksum-crc32:"), "no trailer in " + encoded.substring(encoded.length() - 80));

    byte[] changed = e.body().clone();
    changed[encoded.indexOf("\r\n") + 2 + 1000] ^= 1; // a byte of the first chunk's data
    HttpResponse<String> r = RawRequests.send(e.request(), changed);
    assertEquals(400, r.statusCode(), r.body());
    assertEquals("BadDigest", RawRequests.code(r));
    assertFalse(fx.store.exists("chunked/changed.bin"));

    // The trailer announced in x-amz-trailer is not the one that comes (same length: Content-Length is signed).
    byte[] otherTrailer = encoded.replace("x-amz-checksum-crc32:", "x-amz-checksum-other:")
        .getBytes(StandardCharsets.ISO_8859_1);
    assertEquals(e.body().length, otherTrailer.length);
    HttpResponse<String> missing = RawRequests.send(e.request(), otherTrailer);
    assertEquals(400, missing.statusCode(), missing.body());
    assertFalse(fx.store.exists("chunked/changed.bin"));
  }
}
