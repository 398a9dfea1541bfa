package io.deltaglider.storage.s3;

import io.deltaglider.testkit.S3TestServer;
import java.net.URI;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.blobstore.BlobStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The testkit's in-process S3 server with what this module's tests add: a plain SDK client
 * ({@link #raw()}) and backend builders pointed at it.
 */
final class S3Fixture implements AutoCloseable {
  static final String ACCESS_KEY = S3TestServer.ACCESS_KEY;
  static final String SECRET_KEY = S3TestServer.SECRET_KEY;

  private final S3TestServer server;
  private S3Client raw;
  private S3Proxy unauthenticated;

  S3Fixture() throws Exception {
    this.server = new S3TestServer();
  }

  /** A server over an existing blob store (e.g. to look at what a stopped server left). */
  S3Fixture(BlobStore blobStore) throws Exception {
    this.server = new S3TestServer(blobStore);
  }

  BlobStore blobStore() {
    return server.blobStore();
  }

  int port() {
    return server.port();
  }

  URI endpoint() {
    return server.endpoint();
  }

  String newBucket() {
    return server.newBucket();
  }

  /**
   * The port of a second S3Proxy on 127.0.0.1 over the same blob store that checks no signatures,
   * started on first use: for relays that change requests on their way ({@link FaultProxy}).
   */
  synchronized int unauthenticatedPort() throws Exception {
    if (unauthenticated == null) {
      unauthenticated = S3Proxy.builder()
          .blobStore(server.blobStore())
          .endpoint(URI.create("http://127.0.0.1:0"))
          .awsAuthentication(AuthenticationType.NONE, null, null)
          .jettyMaxThreads(32)
          .build();
      unauthenticated.start();
      while (!"STARTED".equals(unauthenticated.getState())) {
        Thread.sleep(5);
      }
    }
    return unauthenticated.getPort();
  }

  synchronized S3Client raw() {
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
    server.stop();
  }

  @Override
  public void close() {
    if (raw != null) {
      raw.close();
      raw = null;
    }
    if (unauthenticated != null) {
      try {
        unauthenticated.stop();
      } catch (Exception e) {
        throw new IllegalStateException("cannot stop S3Proxy", e);
      }
      unauthenticated = null;
    }
    server.close();
  }
}
