package io.deltaglider.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deltaglider.DeltaStore;
import io.deltaglider.spi.InMemoryBackend;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

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
