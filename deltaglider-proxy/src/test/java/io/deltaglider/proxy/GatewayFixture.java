package io.deltaglider.proxy;

import io.deltaglider.DeltaStore;
import io.deltaglider.spi.StorageBackend;
import io.deltaglider.storage.fs.FileSystemBackend;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Consumer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/** A gateway on 127.0.0.1 over a fresh local directory store (or a given backend), and AWS SDK clients for it. */
final class GatewayFixture implements AutoCloseable {
  static final String ACCESS_KEY = "AKIDGATEWAYTEST";
  static final String SECRET_KEY = "gateway/test+secret=0123456789";
  static final String LIMITED_KEY = "AKIDLIMITED";
  static final String LIMITED_SECRET = "limited-secret";

  final Path root;
  final DeltaStore store;
  final S3Gateway gateway;
  final URI endpoint;

  GatewayFixture(Path dir) throws Exception {
    this(dir, Clock.systemUTC());
  }

  GatewayFixture(Path dir, Clock clock) throws Exception {
    this(dir, clock, null, b -> { });
  }

  /** A gateway with more builder settings (limits). */
  GatewayFixture(Path dir, Consumer<S3Gateway.Builder> options) throws Exception {
    this(dir, Clock.systemUTC(), null, options);
  }

  /** A gateway over {@code backend} (closed with the fixture) instead of a local directory; {@link #root} is then null. */
  static GatewayFixture over(Path dir, StorageBackend backend) throws Exception {
    return new GatewayFixture(dir, Clock.systemUTC(), backend, b -> { });
  }

  /** A gateway over {@code backend} with more builder settings. */
  static GatewayFixture over(Path dir, StorageBackend backend, Consumer<S3Gateway.Builder> options) throws Exception {
    return new GatewayFixture(dir, Clock.systemUTC(), backend, options);
  }

  private GatewayFixture(Path dir, Clock clock, StorageBackend backend, Consumer<S3Gateway.Builder> options)
      throws Exception {
    if (backend == null) {
      this.root = dir.resolve("store");
      java.nio.file.Files.createDirectories(root);
      backend = FileSystemBackend.open(root);
    } else {
      this.root = null;
    }
    this.store = DeltaStore.builder().backend(backend).build();
    GatewayCredentials credentials = GatewayCredentials.of(ACCESS_KEY, SECRET_KEY)
        .with(LIMITED_KEY, LIMITED_SECRET, java.util.List.of("allowed"));
    S3Gateway.Builder builder = S3Gateway.builder().store(store).port(0).credentials(credentials).clock(clock)
        .workDirectory(dir.resolve("work"));
    options.accept(builder);
    this.gateway = builder.build();
    this.endpoint = URI.create("http://127.0.0.1:" + gateway.start().getPort());
  }

  S3Client client() {
    return client(ACCESS_KEY, SECRET_KEY);
  }

  /** The SDK's S3 client with its default settings (checksums included), path-style to the gateway. */
  S3Client client(String accessKey, String secret) {
    return S3Client.builder()
        .endpointOverride(endpoint)
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secret)))
        .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
        .httpClientBuilder(Apache5HttpClient.builder().socketTimeout(Duration.ofSeconds(60)))
        .overrideConfiguration(o -> o.retryStrategy(b -> b.maxAttempts(1)))
        .build();
  }

  S3Presigner presigner() {
    return S3Presigner.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
        .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
        .build();
  }

  @Override
  public void close() {
    gateway.close();
    store.close();
  }
}
