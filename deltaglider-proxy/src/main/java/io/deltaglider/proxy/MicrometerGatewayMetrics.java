package io.deltaglider.proxy;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;

/**
 * The gateway's meters on a Micrometer registry: the only class of this module that uses
 * Micrometer (an optional dependency), loaded only when {@link S3Gateway.Builder#meterRegistry}
 * was given one.
 *
 * <ul>
 *   <li>{@code deltaglider.gateway.requests}, timer, tags {@code operation} (S3's name, e.g.
 *       {@code PutObject}), {@code status} (HTTP status, or {@code aborted}), {@code error} (S3's
 *       error code or {@code none});
 *   <li>{@code deltaglider.gateway.bytes}, counter in bytes, tags {@code direction} ({@code in},
 *       {@code out}) and {@code operation}: request and response bodies.
 * </ul>
 */
final class MicrometerGatewayMetrics implements GatewayMetrics {
  static final String REQUESTS = "deltaglider.gateway.requests";
  static final String BYTES = "deltaglider.gateway.bytes";

  private final MeterRegistry registry;

  private MicrometerGatewayMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** Takes an {@code Object} so that callers' bytecode names no Micrometer type. */
  static GatewayMetrics create(Object registry) {
    return new MicrometerGatewayMetrics((MeterRegistry) registry);
  }

  @Override
  public void request(String operation, String status, String error, long nanos, long bytesIn, long bytesOut) {
    // Bytes first: a reader that sees the request counted also sees its bytes.
    count("in", operation, bytesIn);
    count("out", operation, bytesOut);
    Timer.builder(REQUESTS).description("S3 requests served by the gateway")
        .tags("operation", operation, "status", status, "error", error)
        .register(registry).record(nanos, TimeUnit.NANOSECONDS);
  }

  private void count(String direction, String operation, long bytes) {
    Counter c = Counter.builder(BYTES).description("Request and response body bytes").baseUnit("bytes")
        .tags("direction", direction, "operation", operation).register(registry);
    if (bytes > 0) {
      c.increment(bytes);
    }
  }
}
