package io.deltaglider.proxy;

/**
 * Where the handler reports each request. This interface names no Micrometer type, so the gateway
 * loads and runs without Micrometer on the class path; {@link MicrometerGatewayMetrics}, the one
 * class that uses Micrometer, is loaded only when a registry is configured.
 */
interface GatewayMetrics {
  /** Records nothing. */
  GatewayMetrics NONE = (operation, status, error, nanos, bytesIn, bytesOut) -> { };

  /**
   * One request ended.
   *
   * @param operation S3's name of what was asked ({@link S3Operation#s3Name})
   * @param status the HTTP status sent, or {@code aborted} when a body was cut off after its headers
   * @param error S3's error code, or {@code none}
   * @param bytesIn body bytes received (as on the wire: {@code aws-chunked} framing included)
   * @param bytesOut body bytes sent
   */
  void request(String operation, String status, String error, long nanos, long bytesIn, long bytesOut);

  /**
   * The metrics for {@code registry}: a Micrometer {@code MeterRegistry}, or null for none.
   *
   * @throws IllegalArgumentException if it is not a {@code MeterRegistry} or Micrometer is missing
   */
  static GatewayMetrics of(Object registry) {
    if (registry == null) {
      return NONE;
    }
    Class<?> type;
    try {
      // Looked up where the gateway's classes are: MicrometerGatewayMetrics links against it there.
      type = Class.forName("io.micrometer.core.instrument.MeterRegistry", false, GatewayMetrics.class.getClassLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      throw new IllegalArgumentException("meterRegistry needs io.micrometer:micrometer-core on the class path", e);
    }
    if (!type.isInstance(registry)) {
      throw new IllegalArgumentException("not a Micrometer MeterRegistry: " + registry.getClass().getName());
    }
    return MicrometerGatewayMetrics.create(registry);
  }
}
