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
