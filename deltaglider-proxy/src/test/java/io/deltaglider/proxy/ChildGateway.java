package io.deltaglider.proxy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;

/**
 * {@link GatewayProcess} started in a JVM of its own with the given heap, over a store in {@code
 * dir}, with the JVM options the launcher gives {@code serve} (and any in the system property
 * {@code deltaglider.childJvmOptions}).
 */
final class ChildGateway implements AutoCloseable {
  final Path dir;
  final Path store;
  final Path log;
  final URI endpoint;
  private final Process process;

  ChildGateway(Path dir, String maxHeap) throws Exception {
    this(dir, maxHeap, false);
  }

  /** {@code storeDefaults}: the store's own defaults rather than {@link ServingStoreSettings}. */
  ChildGateway(Path dir, String maxHeap, boolean storeDefaults) throws Exception {
    this.dir = dir;
    this.store = dir.resolve("store");
    this.log = dir.resolve("gateway.log");
    Path portFile = dir.resolve("port");
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx" + maxHeap, "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
        // as the launcher runs serve (see there, and ServingStoreSettings)
        "-Djdk.nio.maxCachedBufferSize=262144"));
    String extra = System.getProperty("deltaglider.childJvmOptions");
    if (extra != null && !extra.isBlank()) {
      cmd.addAll(List.of(extra.strip().split("\\s+")));
    }
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), GatewayProcess.class.getName(),
        store.toString(), dir.resolve("work").toString(), portFile.toString()));
    if (storeDefaults) {
      cmd.add("store-defaults");
    }
    process = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!Files.exists(portFile)) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        process.destroyForcibly();
        throw new AssertionError("the gateway did not start: " + output());
      }
      Thread.sleep(20);
    }
    endpoint = URI.create("http://127.0.0.1:" + Files.readString(portFile).strip());
  }

  /** An SDK client with default settings and time enough for the gateway to store a large body. */
  S3Client client() {
    return S3Client.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(
            AwsBasicCredentials.create(GatewayProcess.ACCESS_KEY, GatewayProcess.SECRET_KEY)))
        .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
        .httpClientBuilder(Apache5HttpClient.builder().socketTimeout(Duration.ofMinutes(10)))
        .overrideConfiguration(o -> o.retryStrategy(b -> b.maxAttempts(1)).apiCallTimeout(Duration.ofMinutes(15)))
        .build();
  }

  /**
   * The most heap the child used since the last call (an upper bound: garbage included), its
   * -Xmx, and the most direct buffer memory it has used.
   */
  long[] heap() throws Exception {
    OutputStream in = process.getOutputStream();
    long before = output().lines().filter(l -> l.startsWith("heap ")).count();
    in.write("heap\n".getBytes(StandardCharsets.US_ASCII));
    in.flush();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      List<String> lines = output().lines().filter(l -> l.startsWith("heap ")).toList();
      if (lines.size() > before) {
        String[] f = lines.get(lines.size() - 1).split("[ =]");
        return new long[] {Long.parseLong(f[2]), Long.parseLong(f[4]), Long.parseLong(f[6])};
      }
      Thread.sleep(20);
    }
    throw new AssertionError("no heap report: " + output());
  }

  boolean alive() {
    return process.isAlive();
  }

  String output() throws IOException {
    return Files.exists(log) ? Files.readString(log) : "";
  }

  @Override
  public void close() throws Exception {
    process.getOutputStream().close();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }
}
