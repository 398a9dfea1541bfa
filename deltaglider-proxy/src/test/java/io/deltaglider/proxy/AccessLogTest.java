package io.deltaglider.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deltaglider.vcdiff.testing.TestData;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** The access log: one logfmt line per S3 request, with what an operator needs and no credential. */
class AccessLogTest {
  private static final Pattern LINE = Pattern.compile("id=([0-9A-F]{16}) remote=127\\.0\\.0\\.1 op=(\\w+) "
      + "method=(\\w+) bucket=(\\S+) key=(\"(?:[^\"\\\\]|\\\\.)*\"|\\S+) access_key=(\\S+) status=(\\w+) error=(\\w+) "
      + "in=(\\d+) out=(\\d+) ms=(\\d+)");

  @TempDir
  Path dir;

  @Test
  void oneLinePerRequestWithItsIdOperationObjectStatusBytesAndDuration() throws Exception {
    RecordingLogger log = new RecordingLogger(AccessLog.LOGGER);
    byte[] body = TestData.random(5, 70_000);
    String hostileKey = "dir/a \"quoted\" key=1\nid=FAKE status=200\u2028end";
    try (GatewayFixture fx = new GatewayFixture(dir, b -> b.accessLogger(log)); S3Client s3 = fx.client()) {
      String create = s3.createBucket(b -> b.bucket("logged")).responseMetadata().requestId();
      PutObjectResponse put = s3.putObject(b -> b.bucket("logged").key("app/v1.zip"), RequestBody.fromBytes(body));
      ResponseBytes<GetObjectResponse> got = s3.getObjectAsBytes(b -> b.bucket("logged").key("app/v1.zip"));
      NoSuchKeyException missing = assertThrows(NoSuchKeyException.class,
          () -> s3.getObject(b -> b.bucket("logged").key("missing")));
      // The store refuses control characters in keys; the refusal is logged like any request.
      String hostile = assertThrows(S3Exception.class, () -> s3.putObject(b -> b.bucket("logged").key(hostileKey),
          RequestBody.fromString("x"))).requestId();
      URI presigned = URI.create(fx.presigner().presignGetObject(p -> p.signatureDuration(Duration.ofMinutes(5))
          .getObjectRequest(g -> g.bucket("logged").key("app/v1.zip"))).url().toString());
      HttpResponse<String> viaUrl = RawRequests.get(presigned);
      assertEquals(200, viaUrl.statusCode());
      HttpResponse<String> unsigned = RawRequests.get(URI.create(fx.endpoint + "/logged/app/v1.zip"));
      assertEquals(403, unsigned.statusCode());

      List<String> lines = await(log, 7);
      lines.forEach(l -> assertFalse(l.contains("\n") || l.contains("\r") || l.contains("\u2028"), l));
      // Requests are logged as each ends, so lines are looked up by request id rather than order.
      Map<String, Matcher> byId = new HashMap<>();
      for (String l : lines) {
        Matcher x = LINE.matcher(l);
        assertTrue(x.matches(), l);
        byId.put(x.group(1), x);
      }
      List<Matcher> m = Stream.of(create, put.responseMetadata().requestId(),
          got.response().responseMetadata().requestId(), missing.requestId(), hostile,
          viaUrl.headers().firstValue("x-amz-request-id").orElseThrow(),
          unsigned.headers().firstValue("x-amz-request-id").orElseThrow()).map(byId::get).toList();
      m.forEach(x -> assertTrue(x != null, byId::toString));

      assertLine(m.get(0), "CreateBucket", "PUT", "logged", "-", "200", "none");
      assertLine(m.get(1), "PutObject", "PUT", "logged", "app/v1.zip", "200",
          "none");
      long in = Long.parseLong(m.get(1).group(9));
      assertTrue(in >= body.length && in < body.length + 1024, "aws-chunked body: " + in);
      assertLine(m.get(2), "GetObject", "GET", "logged", "app/v1.zip", "200", "none");
      assertEquals(String.valueOf(body.length), m.get(2).group(10));
      assertLine(m.get(3), "GetObject", "GET", "logged", "missing", "404", "NoSuchKey");
      assertLine(m.get(4), "PutObject", "PUT", "logged",
          "\"dir/a \\\"quoted\\\" key=1\\nid=FAKE status=200\\u2028end\"", "400", "InvalidArgument");
      assertLine(m.get(5), "GetObject", "GET", "logged", "app/v1.zip", "200", "none");
      assertEquals(String.valueOf(body.length), m.get(5).group(10));
      assertLine(m.get(6), "GetObject", "GET", "logged", "app/v1.zip", "403", "AccessDenied");
      assertEquals("-", m.get(6).group(6), "no access key for an unsigned request");
      for (int i = 0; i < 6; i++) {
        assertEquals(GatewayFixture.ACCESS_KEY, m.get(i).group(6));
      }

      // Nothing that could sign a request: not the secret, not a signature, not the presigned query.
      String all = String.join("\n", lines);
      String signature = presigned.getQuery().replaceAll(".*X-Amz-Signature=([0-9a-f]+).*", "$1");
      assertEquals(64, signature.length(), presigned.toString());
      for (String secret : List.of(GatewayFixture.SECRET_KEY, signature, "Signature", "X-Amz-", "Credential",
          "AWS4-HMAC")) {
        assertFalse(all.contains(secret), secret);
      }
    }
  }

  @Test
  void theHealthEndpointIsNotLogged() throws Exception {
    RecordingLogger log = new RecordingLogger(AccessLog.LOGGER);
    try (GatewayFixture fx = new GatewayFixture(dir, b -> b.accessLogger(log))) {
      assertEquals(200, RawRequests.get(URI.create(fx.endpoint + S3Gateway.HEALTH_PATH)).statusCode());
      assertEquals(403, RawRequests.get(URI.create(fx.endpoint + "/")).statusCode());
      List<String> lines = await(log, 1);
      assertTrue(lines.get(0).contains(" op=ListBuckets method=GET bucket=- key=- access_key=- status=403 "),
          lines.get(0));
    }
  }

  private static void assertLine(Matcher m, String op, String method, String bucket, String key, String status,
      String error) {
    assertEquals(List.of(op, method, bucket, key, status, error),
        List.of(m.group(2), m.group(3), m.group(4), m.group(5), m.group(7), m.group(8)), m.group());
    assertTrue(Long.parseLong(m.group(11)) >= 0);
  }

  /** The lines, once {@code n} are there: a request is logged just after its answer went out. */
  private static List<String> await(RecordingLogger log, int n) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (log.lines.size() < n && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    Thread.sleep(50); // and no more than n
    assertEquals(n, log.lines.size(), String.join("\n", log.lines));
    return List.copyOf(log.lines);
  }
}
