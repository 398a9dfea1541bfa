package io.deltaglider.proxy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deltaglider.vcdiff.testing.TestData;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** The gateway's limits: the largest object (EntityTooLarge before anything is stored) and requests at once (SlowDown). */
class LimitsTest {
  private static final int MAX = 6 << 20;

  @TempDir
  Path dir;

  @Test
  void nothingLargerThanTheLimitIsStoredByPutMultipartOrCopy() throws Exception {
    try (GatewayFixture fx = new GatewayFixture(dir, b -> b.maxObjectSize(MAX));
        S3Client s3 = fx.client()) {
      s3.createBucket(b -> b.bucket("limits"));
      byte[] fits = TestData.random(91, MAX);
      s3.putObject(b -> b.bucket("limits").key("fits.zip"), RequestBody.fromBytes(fits));
      S3Exception put = assertThrows(S3Exception.class, () -> s3.putObject(b -> b.bucket("limits").key("big.zip"),
          RequestBody.fromBytes(TestData.random(92, MAX + 1))));
      assertEquals("EntityTooLarge", put.awsErrorDetails().errorCode());

      byte[] parts = TestData.random(93, MAX + 1000);
      String id = s3.createMultipartUpload(b -> b.bucket("limits").key("parts.zip")).uploadId();
      String e1 = s3.uploadPart(b -> b.bucket("limits").key("parts.zip").uploadId(id).partNumber(1),
          RequestBody.fromBytes(Arrays.copyOfRange(parts, 0, 5 << 20))).eTag();
      String e2 = s3.uploadPart(b -> b.bucket("limits").key("parts.zip").uploadId(id).partNumber(2),
          RequestBody.fromBytes(Arrays.copyOfRange(parts, 5 << 20, parts.length))).eTag();
      S3Exception complete = assertThrows(S3Exception.class, () -> s3.completeMultipartUpload(b -> b.bucket("limits")
          .key("parts.zip").uploadId(id).multipartUpload(m -> m.parts(
              CompletedPart.builder().partNumber(1).eTag(e1).build(),
              CompletedPart.builder().partNumber(2).eTag(e2).build()))));
      assertEquals("EntityTooLarge", complete.awsErrorDetails().errorCode());

      // An object larger than the gateway's limit, put into the store directly: copies refuse it before reading it.
      fx.store.put("limits/direct.zip", TestData.random(94, MAX + 1));
      S3Exception copy = assertThrows(S3Exception.class, () -> s3.copyObject(b -> b.sourceBucket("limits")
          .sourceKey("direct.zip").destinationBucket("limits").destinationKey("copied.zip")));
      assertEquals("InvalidRequest", copy.awsErrorDetails().errorCode());
      S3Exception partCopy = assertThrows(S3Exception.class, () -> s3.uploadPartCopy(b -> b.sourceBucket("limits")
          .sourceKey("direct.zip").destinationBucket("limits").destinationKey("parts.zip").uploadId(id).partNumber(3)));
      assertEquals("InvalidRequest", partCopy.awsErrorDetails().errorCode());

      assertEquals(List.of("direct.zip", "fits.zip"), s3.listObjectsV2(b -> b.bucket("limits")).contents().stream()
          .map(o -> o.key()).toList());
      assertArrayEquals(fits, s3.getObjectAsBytes(b -> b.bucket("limits").key("fits.zip")).asByteArray());
    }
  }

  @Test
  void aRequestBeyondTheConcurrencyLimitIsSlowDownAndTheHealthEndpointStillAnswers() throws Exception {
    try (GatewayFixture fx = new GatewayFixture(dir, b -> b.maxConcurrentRequests(1));
        S3Client s3 = fx.client()) {
      s3.createBucket(b -> b.bucket("busy"));
      byte[] body = TestData.random(95, 2000);
      SdkHttpRequest signed = RawRequests.sign(fx.endpoint, SdkHttpMethod.PUT, "/busy/slow.bin",
          Map.of("Content-Length", Integer.toString(body.length)), null, false,
          GatewayFixture.ACCESS_KEY, GatewayFixture.SECRET_KEY, Clock.systemUTC());
      HttpClient http = HttpClient.newHttpClient();
      // The gateway answers a request before it releases its permit: a request sent the moment an
      // answer arrives can meet the permit still taken. Let createBucket's permit go before the PUT.
      Thread.sleep(300);
      try (Socket socket = new Socket(fx.endpoint.getHost(), fx.endpoint.getPort())) {
        // A PUT whose body stops half way: it holds the one permit while the gateway waits for the rest.
        OutputStream out = socket.getOutputStream();
        StringBuilder head = new StringBuilder("PUT /busy/slow.bin HTTP/1.1\r\n");
        signed.headers().forEach((name, values) -> values.forEach(v -> head.append(name).append(": ").append(v)
            .append("\r\n")));
        out.write(head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
        out.write(body, 0, 1000);
        out.flush();
        Thread.sleep(500); // until the PUT holds the permit: the probes below must not take it first

        S3Exception busy = null;
        for (long until = System.nanoTime() + 20_000_000_000L; busy == null && System.nanoTime() < until; ) {
          try {
            s3.headObject(b -> b.bucket("busy").key("other.bin"));
          } catch (S3Exception e) {
            if (e.statusCode() == 503) {
              busy = e;
            }
          }
        }
        assertTrue(busy != null, "no request was refused while the PUT held the only permit");
        assertEquals(503, busy.statusCode());
        S3Exception listed = assertThrows(S3Exception.class, () -> s3.listObjectsV2(b -> b.bucket("busy")));
        assertEquals("SlowDown", listed.awsErrorDetails().errorCode());
        HttpResponse<String> health = http.send(HttpRequest.newBuilder(
            URI.create(fx.endpoint + S3Gateway.HEALTH_PATH)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, health.statusCode());

        out.write(body, 1000, body.length - 1000);
        out.flush();
        String status = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1))
            .readLine();
        assertEquals("HTTP/1.1 200 OK", status);
      }
      // The permit is back: requests are served again.
      assertArrayEquals(body, s3.getObjectAsBytes(b -> b.bucket("busy").key("slow.bin")).asByteArray());
      assertFalse(s3.listObjectsV2(b -> b.bucket("busy")).contents().isEmpty());
    }
  }
}
