package io.deltaglider.storage.s3;

import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * S3Proxy in this JVM on 127.0.0.1 and a free port, over an in-memory (Jimfs) blob store, with
 * AWS signature checking. Buckets are made through {@link #raw()}, a plain SDK client. Published
 * in this module's test-jar so other modules (the CLI) can test against a real S3 server.
 */
public final class S3TestServer implements AutoCloseable {
  public static final String ACCESS_KEY = "dg-test-access";
  public static final String SECRET_KEY = "dg-test-secret-0123456789";
  private static final AtomicInteger BUCKETS = new AtomicInteger();

  private final BlobStore blobStore;
  private S3Proxy proxy;
  private S3Client raw;

  public S3TestServer() throws Exception {
    this(new TransientNio2BlobStore());
  }

  /** A server over an existing blob store (e.g. to look at what a stopped server left). */
  S3TestServer(BlobStore blobStore) throws Exception {
    this.blobStore = blobStore;
    proxy = S3Proxy.builder()
        .blobStore(blobStore)
        .endpoint(URI.create("http://127.0.0.1:0"))
        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
        .jettyMaxThreads(32)
        .build();
    proxy.start();
    while (!"STARTED".equals(proxy.getState())) {
      Thread.sleep(5);
    }
  }

  BlobStore blobStore() {
    return blobStore;
  }

  int port() {
    return proxy.getPort();
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + port());
  }

  public synchronized S3Client raw() {
    if (raw == null) {
      raw = client(endpoint());
    }
    return raw;
  }

  static S3Client client(URI endpoint) {
    return S3Client.builder()
        .endpointOverride(endpoint)
        .region(Region.US_EAST_1)
        .forcePathStyle(true)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
        .httpClientBuilder(Apache5HttpClient.builder())
        .build();
  }

  /** Creates a fresh bucket and returns its name. */
  public String newBucket() {
    String name = "dg-test-" + BUCKETS.incrementAndGet();
    raw().createBucket(b -> b.bucket(name));
    return name;
  }

  /** A backend builder on this server (path style, test credentials), bucket still to set. */
  S3Backend.Builder backend() {
    return backend(endpoint());
  }

  static S3Backend.Builder backend(URI endpoint) {
    return S3Backend.builder()
        .endpoint(endpoint)
        .region("us-east-1")
        .pathStyle(true)
        .credentials(ACCESS_KEY, SECRET_KEY);
  }

  void stop() {
    if (proxy != null) {
      try {
        proxy.stop();
      } catch (Exception e) {
        throw new IllegalStateException("cannot stop S3Proxy", e);
      }
      proxy = null;
    }
  }

  @Override
  public void close() {
    if (raw != null) {
      raw.close();
      raw = null;
    }
    stop();
  }
}
