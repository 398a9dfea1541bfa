package io.deltaglider.testkit;

import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.options.CreateContainerOptions;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;

/**
 * A real S3 server for tests: S3Proxy in this JVM on 127.0.0.1 and a free port, over an in-memory
 * blob store, checking AWS signatures with {@link #ACCESS_KEY} and {@link #SECRET_KEY}. Needs
 * {@code org.gaul:s3proxy} on the test classpath (an optional dependency of this artifact).
 *
 * <p>S3Proxy 2.x and later accept {@code If-None-Match: *} on uploads; whether they enforce it
 * depends on the version, so do not rely on it to test a conditional write's refusal.
 */
public final class S3TestServer implements AutoCloseable {
  /** The access key the server accepts. */
  public static final String ACCESS_KEY = "dg-test-access";
  /** The secret key the server accepts. */
  public static final String SECRET_KEY = "dg-test-secret-0123456789";
  private static final AtomicInteger BUCKETS = new AtomicInteger();

  private final BlobStore blobStore;
  private S3Proxy proxy;

  /** Starts a server over a new, empty in-memory blob store. */
  public S3TestServer() throws Exception {
    this(new TransientNio2BlobStore());
  }

  /** Starts a server over {@code blobStore} (e.g. to serve again what a stopped server held). */
  public S3TestServer(BlobStore blobStore) throws Exception {
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

  /** The blob store behind the server. */
  public BlobStore blobStore() {
    return blobStore;
  }

  /** The port the server listens on. */
  public int port() {
    return proxy.getPort();
  }

  /** {@code http://127.0.0.1:PORT}, for a client's endpoint override (path-style addressing). */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + port());
  }

  /** Creates a fresh, empty bucket and returns its name. */
  public String newBucket() {
    String name = "dg-test-" + BUCKETS.incrementAndGet();
    blobStore.createContainer(name, CreateContainerOptions.NONE);
    return name;
  }

  /** Stops serving; the blob store keeps what it holds. */
  public void stop() {
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
    stop();
  }
}
