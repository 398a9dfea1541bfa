package io.deltaglider.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deltaglider.vcdiff.testing.TestData;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/** The gateway's Micrometer meters after real requests through the AWS SDK. */
class GatewayMetricsTest {
  @TempDir
  Path dir;

  @Test
  void requestsAreTimedByOperationAndStatusAndBodyBytesCounted() throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    byte[] v1 = TestData.random(11, 300_000);
    byte[] v2 = TestData.edited(v1, 12, 10, 100, false);
    try (GatewayFixture fx = new GatewayFixture(dir, b -> b.meterRegistry(registry)); S3Client s3 = fx.client()) {
      s3.createBucket(b -> b.bucket("metered"));
      s3.putObject(b -> b.bucket("metered").key("app/v1.zip"), RequestBody.fromBytes(v1));
      s3.putObject(b -> b.bucket("metered").key("app/v2.zip"), RequestBody.fromBytes(v2));
      s3.getObjectAsBytes(b -> b.bucket("metered").key("app/v2.zip"));
      s3.getObjectAsBytes(b -> b.bucket("metered").key("app/v1.zip").range("bytes=0-99"));
      awaitRequests(registry, 5);
      assertEquals(v2.length + 100, bytes(registry, "out", "GetObject"), 0.0);
      s3.headObject(b -> b.bucket("metered").key("app/v1.zip"));
      assertThrows(NoSuchKeyException.class, () -> s3.getObject(b -> b.bucket("metered").key("missing")));
      s3.listObjectsV2(b -> b.bucket("metered"));
      awaitRequests(registry, 8);

      assertEquals(1, requests(registry, "CreateBucket", "200", "none").count());
      assertEquals(2, requests(registry, "PutObject", "200", "none").count());
      assertEquals(2, requests(registry, "GetObject", "200", "none").count()
          + requests(registry, "GetObject", "206", "none").count());
      assertEquals(1, requests(registry, "GetObject", "206", "none").count());
      assertEquals(1, requests(registry, "HeadObject", "200", "none").count());
      assertEquals(1, requests(registry, "GetObject", "404", "NoSuchKey").count());
      assertEquals(1, requests(registry, "ListObjectsV2", "200", "none").count());
      assertTrue(requests(registry, "PutObject", "200", "none").totalTime(TimeUnit.NANOSECONDS) > 0);

      // The SDK sends its bodies aws-chunked with a checksum trailer: a little more than the objects.
      double in = bytes(registry, "in", "PutObject");
      assertTrue(in >= v1.length + v2.length && in < v1.length + v2.length + 4096, Double.toString(in));
      double errorDocument = bytes(registry, "out", "GetObject") - v2.length - 100;
      assertTrue(errorDocument > 100 && errorDocument < 1000, Double.toString(errorDocument));
      assertEquals(0, bytes(registry, "out", "HeadObject"), 0.0);
      assertTrue(bytes(registry, "out", "ListObjectsV2") > 100);
    }
  }

  @Test
  void refusedRequestsAreRecordedWithTheirError() throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (GatewayFixture fx = new GatewayFixture(dir, b -> b.meterRegistry(registry));
        S3Client s3 = fx.client(GatewayFixture.ACCESS_KEY, "not-the-secret")) {
      assertThrows(software.amazon.awssdk.services.s3.model.S3Exception.class,
          () -> s3.putObject(b -> b.bucket("any").key("k"), RequestBody.fromString("x")));
      awaitRequests(registry, 1);
      assertEquals(1, requests(registry, "PutObject", "403", "SignatureDoesNotMatch").count());
      assertEquals(0, bytes(registry, "in", "PutObject"), 0.0, "refused before the body is read");
    }
  }

  @Test
  void aRegistryMustBeAMicrometerOne() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> S3Gateway.builder().meterRegistry(new Object()));
    assertTrue(e.getMessage().contains("MeterRegistry"), e.getMessage());
  }

  /**
   * Waits until {@code n} requests were recorded: the handler records a request after its answer
   * went out, so the client may see the answer a moment before the meters do.
   */
  static void awaitRequests(SimpleMeterRegistry registry, long n) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    long seen;
    while ((seen = registry.find(MicrometerGatewayMetrics.REQUESTS).timers().stream().mapToLong(Timer::count).sum())
        < n && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertEquals(n, seen, registry::getMetersAsString);
  }

  private static Timer requests(SimpleMeterRegistry registry, String operation, String status, String error) {
    Timer t = registry.find(MicrometerGatewayMetrics.REQUESTS)
        .tags("operation", operation, "status", status, "error", error).timer();
    assertTrue(t != null, () -> "no timer for " + operation + " " + status + " " + error + " in "
        + registry.getMetersAsString());
    return t;
  }

  private static double bytes(SimpleMeterRegistry registry, String direction, String operation) {
    Counter c = registry.find(MicrometerGatewayMetrics.BYTES).tags("direction", direction, "operation", operation)
        .counter();
    return c == null ? 0 : c.count();
  }
}
