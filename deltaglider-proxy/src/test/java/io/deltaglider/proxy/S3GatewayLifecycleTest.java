package io.deltaglider.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deltaglider.DeltaStore;
import io.deltaglider.spi.InMemoryBackend;
import io.deltaglider.vcdiff.testing.TestData;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.services.s3.S3Client;

class S3GatewayLifecycleTest {

  @Test
  void startsOnAFreePortAnswersInS3XmlAndStopsCleanly() throws Exception {
    try (DeltaStore store = DeltaStore.builder().backend(new InMemoryBackend()).build()) {
      InetSocketAddress address;
      URI uri;
      try (S3Gateway gateway = S3Gateway.builder().store(store).port(0).build()) {
        address = gateway.start();
        assertNotEquals(0, address.getPort());
        assertEquals(address, gateway.address());
        assertThrows(IllegalStateException.class, gateway::start);
        uri = URI.create("http://127.0.0.1:" + address.getPort() + "/");
        HttpResponse<String> r = HttpClient.newHttpClient()
            .send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(403, r.statusCode(), r.body());
        assertTrue(r.body().startsWith("<?xml"), r.body());
        assertTrue(r.headers().firstValue("x-amz-request-id").isPresent());
      }
      assertThrows(IOException.class, () -> HttpClient.newHttpClient()
          .send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString()));
    }
  }

  @Test
  void theHealthEndpointAnswersWithoutCredentialsAndOnlyToReads() throws Exception {
    try (DeltaStore store = DeltaStore.builder().backend(new InMemoryBackend()).build();
        S3Gateway gateway = S3Gateway.builder().store(store).port(0).build()) {
      URI health = URI.create("http://127.0.0.1:" + gateway.start().getPort() + S3Gateway.HEALTH_PATH);
      HttpClient http = HttpClient.newHttpClient();
      HttpResponse<String> get = http.send(HttpRequest.newBuilder(health).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(200, get.statusCode());
      assertEquals("{\"status\":\"ok\"}\n", get.body());
      assertEquals("application/json", get.headers().firstValue("Content-Type").orElse(""));
      HttpResponse<String> head = http.send(HttpRequest.newBuilder(health).method("HEAD",
          HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(200, head.statusCode());
      assertEquals("", head.body());
      HttpResponse<String> put = http.send(HttpRequest.newBuilder(health).PUT(HttpRequest.BodyPublishers.ofString("x"))
          .build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(405, put.statusCode());
      // Only that exact path: anything else is still an S3 request, and unsigned ones are refused.
      HttpResponse<String> other = http.send(HttpRequest.newBuilder(URI.create(health + "/more")).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(403, other.statusCode());
    }
  }

  /** A PUT that has sent its headers and half its body: it is in flight until {@link #finish}. */
  private static Socket startSlowPut(GatewayFixture fx, String path, byte[] body) throws Exception {
    SdkHttpRequest signed = RawRequests.sign(fx.endpoint, SdkHttpMethod.PUT, path,
        Map.of("Content-Length", Integer.toString(body.length)), null, false,
        GatewayFixture.ACCESS_KEY, GatewayFixture.SECRET_KEY, Clock.systemUTC());
    Socket socket = new Socket(fx.endpoint.getHost(), fx.endpoint.getPort());
    StringBuilder head = new StringBuilder("PUT " + path + " HTTP/1.1\r\n");
    signed.headers().forEach((n, vs) -> vs.forEach(v -> head.append(n).append(": ").append(v).append("\r\n")));
    OutputStream out = socket.getOutputStream();
    out.write(head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
    out.write(body, 0, body.length / 2);
    out.flush();
    return socket;
  }

  private static String finish(Socket socket, byte[] body) throws Exception {
    socket.getOutputStream().write(body, body.length / 2, body.length - body.length / 2);
    socket.getOutputStream().flush();
    return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1)).readLine();
  }

  private static long bodiesInFlight(Path work) throws IOException {
    try (Stream<Path> s = Files.list(work)) {
      return s.filter(p -> p.getFileName().toString().startsWith("body-")).count();
    }
  }

  @Test
  void closeLetsAnUploadInFlightFinishAndCutsOffOneThatDoesNotWithNothingStored(@TempDir Path dir) throws Exception {
    byte[] finishing = TestData.random(101, 3 << 20);
    byte[] stalled = TestData.random(102, 3 << 20);
    try (GatewayFixture fx = new GatewayFixture(dir, b -> b.stopTimeoutMillis(3000))) {
      try (S3Client s3 = fx.client()) {
        s3.createBucket(b -> b.bucket("stopping"));
      }
      try (Socket a = startSlowPut(fx, "/stopping/finishing.bin", finishing);
          Socket b = startSlowPut(fx, "/stopping/stalled.bin", stalled)) {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (bodiesInFlight(dir.resolve("work")) < 2 && System.nanoTime() < deadline) {
          Thread.sleep(20);
        }
        assertEquals(2, bodiesInFlight(dir.resolve("work")));
        long start = System.nanoTime();
        Thread closer = new Thread(fx.gateway::close);
        closer.start();
        Thread.sleep(500);
        assertTrue(closer.isAlive(), "close did not wait for the uploads in flight");
        assertEquals("HTTP/1.1 200 OK", finish(a, finishing));
        closer.join(30_000);
        assertFalse(closer.isAlive(), "close did not end");
        long millis = (System.nanoTime() - start) / 1_000_000;
        // The stalled upload is cut off once silent for a second of the stop, within the stop timeout.
        assertTrue(millis < 3000 + 5000, "close took " + millis + " ms");
      }
      assertEquals(ExternalClients.sha256(finishing), ExternalClients.sha256(fx.store.get("stopping/finishing.bin")));
      assertFalse(fx.store.exists("stopping/stalled.bin"));
      long deadline = System.nanoTime() + 5_000_000_000L;
      while (bodiesInFlight(dir.resolve("work")) > 0 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertEquals(0, bodiesInFlight(dir.resolve("work")));
    }
  }

  @Test
  void builderRefusesWithoutAStore() {
    assertThrows(IllegalStateException.class, () -> S3Gateway.builder().build());
  }

  @Test
  void aTakenPortIsAnIoException() throws Exception {
    try (DeltaStore store = DeltaStore.builder().backend(new InMemoryBackend()).build();
        S3Gateway first = S3Gateway.builder().store(store).port(0).build()) {
      int port = first.start().getPort();
      try (S3Gateway second = S3Gateway.builder().store(store).port(port).build()) {
        assertThrows(IOException.class, second::start);
      }
    }
  }

  static boolean isConnectFailure(Throwable t) {
    return t instanceof ConnectException;
  }
}
