package io.deltaglider.proxy;

import io.deltaglider.DeltaStore;
import io.deltaglider.spi.InMemoryBackend;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * Run by {@link WithoutMicrometerTest} in a class loader without Micrometer: a gateway serves
 * requests (each one recorded through the metrics hook), and asking for meters says what is missing.
 */
public final class NoMicrometerProbe {
  private NoMicrometerProbe() {}

  /** What happened, one fact a line; throws if the gateway could not serve. */
  public static String run() throws Exception {
    StringBuilder out = new StringBuilder();
    try {
      Class.forName("io.micrometer.core.instrument.MeterRegistry");
      out.append("micrometer present\n");
    } catch (ClassNotFoundException e) {
      out.append("micrometer absent\n");
    }
    try (DeltaStore store = DeltaStore.builder().backend(new InMemoryBackend()).build();
        S3Gateway gateway = S3Gateway.builder().store(store).port(0)
            .credentials(GatewayCredentials.of("AKIDPROBE", "probe-secret")).build()) {
      URI base = URI.create("http://127.0.0.1:" + gateway.start().getPort());
      HttpClient http = HttpClient.newHttpClient();
      HttpResponse<String> health = http.send(HttpRequest.newBuilder(base.resolve(S3Gateway.HEALTH_PATH)).build(),
          HttpResponse.BodyHandlers.ofString());
      HttpResponse<String> s3 = http.send(HttpRequest.newBuilder(base.resolve("/bucket/key")).build(),
          HttpResponse.BodyHandlers.ofString());
      out.append("health ").append(health.statusCode()).append('\n');
      out.append("unsigned GET ").append(s3.statusCode()).append(s3.body().contains("<Code>AccessDenied</Code>")
          ? " AccessDenied" : " " + s3.body()).append('\n');
    }
    try {
      S3Gateway.builder().meterRegistry(new Object());
      out.append("meterRegistry accepted\n");
    } catch (IllegalArgumentException e) {
      out.append("meterRegistry refused: ").append(e.getMessage()).append('\n');
    }
    return out.toString();
  }
}
