package io.deltaglider.proxy;

import io.deltaglider.DeltaStore;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An S3-compatible HTTP endpoint in front of a {@link DeltaStore}: S3 clients (the AWS CLI, boto3,
 * the AWS SDKs) point their endpoint here and store objects as deltas, verified on every read.
 * Requests are path-style ({@code http://host:port/BUCKET/KEY}) and authenticated with AWS
 * Signature V4 against the configured {@link GatewayCredentials}.
 *
 * <p>Buckets are the store's top-level key segments: bucket {@code releases}, key
 * {@code app/app-1.1.zip} is the store key {@code releases/app/app-1.1.zip}. On a local directory
 * store they are its top-level directories (created and removed by CreateBucket and DeleteBucket);
 * on other stores every valid name is usable and ListBuckets lists the top-level prefixes.
 *
 * <pre>{@code
 * try (S3Gateway gateway = S3Gateway.builder().store(store).port(0)
 *     .credentials(GatewayCredentials.of("AKIDEXAMPLE", "secret")).build()) {
 *   InetSocketAddress address = gateway.start();
 *   ...
 * }
 * }</pre>
 *
 * <p>The gateway does not own the store: {@link #close()} stops the server, not the store.
 */
public final class S3Gateway implements Closeable {
  /**
   * The health endpoint: {@code GET} or {@code HEAD} answers 200 {@code {"status":"ok"}} without
   * credentials while the gateway serves, for load balancers and orchestrators. It reads nothing
   * from the store. No bucket can have this path: bucket names never start with a dot.
   */
  public static final String HEALTH_PATH = "/.deltaglider/health";

  private static final Logger LOG = LoggerFactory.getLogger(S3Gateway.class);

  private final Builder config;
  private Server server;
  private ServerConnector connector;
  private Path workDirectory;
  private boolean ownWorkDirectory;
  private GatewayHandler handler;

  private S3Gateway(Builder b) {
    this.config = b;
  }

  /** A builder; only {@link Builder#store} must be set. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Starts listening and returns the bound address (the actual port when built with port 0).
   *
   * @throws IOException if the port cannot be bound or the work directory cannot be made
   * @throws IllegalStateException if already started
   */
  public synchronized InetSocketAddress start() throws IOException {
    if (server != null) {
      throw new IllegalStateException("already started");
    }
    ownWorkDirectory = config.workDirectory == null;
    workDirectory = ownWorkDirectory ? Files.createTempDirectory("deltaglider-gateway") : config.workDirectory;
    Files.createDirectories(workDirectory);
    if (config.credentials.isEmpty() && !config.anonymousReads) {
      LOG.warn("no access keys configured and anonymous reads off: every request will be refused");
    }
    QueuedThreadPool threads = new QueuedThreadPool(config.maxThreads, Math.min(8, config.maxThreads));
    threads.setName("s3-gateway");
    Server s = new Server(threads);
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    http.setSendXPoweredBy(false);
    http.setRequestHeaderSize(16 * 1024);
    // S3 keys may contain what Jetty calls ambiguous (encoded '/', "..", "//"): the gateway splits
    // and decodes the raw path itself and the store refuses the keys it cannot hold.
    http.setUriCompliance(UriCompliance.UNSAFE);
    ServerConnector c = new ServerConnector(s, new ExactHeadersConnectionFactory(http));
    c.setHost(config.host);
    c.setPort(config.port);
    c.setIdleTimeout(config.idleTimeoutMillis);
    s.addConnector(c);
    handler = new GatewayHandler(config.store, config.credentials, config.anonymousReads, config.clock,
        workDirectory, config.maxObjectSize, config.maxConcurrentRequests, config.metrics,
        new AccessLog(config.accessLogger), config.sharedUploads);
    s.setHandler(handler);
    s.setStopTimeout(config.stopTimeoutMillis);
    try {
      s.start();
    } catch (Exception e) {
      stopQuietly(s);
      // close() will not run for a gateway that never started: remove the directory made for it here.
      deleteOwnWorkDirectory();
      throw e instanceof IOException io ? io
          : new IOException("starting the gateway on " + config.host + ":" + config.port + " failed: " + e, e);
    }
    server = s;
    connector = c;
    if (config.sharedUploads) {
      GatewayHandler h = handler;
      Thread sweep = new Thread(h::sweepUploads, "s3-gateway-upload-sweep");
      sweep.setDaemon(true);
      sweep.start();
    }
    InetSocketAddress bound = new InetSocketAddress(config.host, c.getLocalPort());
    LOG.info("S3 gateway for {} listening on {}", config.store.backend().describe(), bound);
    return bound;
  }

  /** The bound address, or null before {@link #start()}. */
  public synchronized InetSocketAddress address() {
    return connector == null ? null : new InetSocketAddress(config.host, connector.getLocalPort());
  }

  /**
   * Stops accepting requests, lets requests in flight finish (up to the stop timeout; a connection
   * silent for a second during the stop is cut off sooner), cuts off those still running and stops.
   * An upload cut off stores nothing. Multipart uploads not yet completed are discarded with the
   * work directory when the gateway made it (shared uploads stay in the store); nothing partial
   * ever reaches a bucket.
   */
  @Override
  public synchronized void close() {
    if (server == null) {
      return;
    }
    stopQuietly(server);
    server = null;
    connector = null;
    deleteOwnWorkDirectory();
  }

  private void deleteOwnWorkDirectory() {
    if (ownWorkDirectory) {
      try {
        FileTrees.deleteRecursively(workDirectory);
      } catch (UncheckedIOException | IOException e) {
        LOG.warn("could not delete the gateway's work directory {}: {}", workDirectory, e.toString());
      }
    }
  }

  private static void stopQuietly(Server s) {
    try {
      s.stop();
    } catch (Exception e) {
      LOG.warn("stopping the gateway: {}", e.toString());
    }
  }

  /** Configures an {@link S3Gateway}. */
  public static final class Builder {
    private DeltaStore store;
    private String host = "127.0.0.1";
    private int port = 9000;
    private GatewayCredentials credentials = GatewayCredentials.none();
    private boolean anonymousReads;
    private Path workDirectory;
    private long maxObjectSize = -1;
    private int maxThreads = 64;
    private int maxConcurrentRequests;
    private long idleTimeoutMillis = 60_000;
    private long stopTimeoutMillis = 10_000;
    private Clock clock = Clock.systemUTC();
    private GatewayMetrics metrics = GatewayMetrics.NONE;
    private Logger accessLogger;
    private boolean sharedUploads;

    private Builder() {}

    /** The store objects go to (required). The gateway never closes it. */
    public Builder store(DeltaStore store) {
      this.store = Objects.requireNonNull(store, "store");
      return this;
    }

    /** The address to listen on; default {@code 127.0.0.1}. */
    public Builder host(String host) {
      this.host = Objects.requireNonNull(host, "host");
      return this;
    }

    /** The port to listen on, 0 for any free one; default 9000. */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port out of range: " + port);
      }
      this.port = port;
      return this;
    }

    /** The access keys requests are signed with; default none. */
    public Builder credentials(GatewayCredentials credentials) {
      this.credentials = Objects.requireNonNull(credentials, "credentials");
      return this;
    }

    /** Whether requests without credentials may read (GET, HEAD, listings); default false. */
    public Builder anonymousReads(boolean allow) {
      this.anonymousReads = allow;
      return this;
    }

    /**
     * Where uploads are received before they are stored and where multipart parts wait for their
     * upload's completion. Default: a temp directory made at start and deleted at close; name a
     * directory of your own for multipart uploads to outlive a restart.
     */
    public Builder workDirectory(Path dir) {
      this.workDirectory = Objects.requireNonNull(dir, "dir");
      return this;
    }

    /**
     * Where multipart uploads wait for completion. False (the default): in the work directory, the
     * fastest (no byte makes a second trip through the store's backend), but known only to this
     * gateway. True: in the store itself, under the top-level prefix {@code .deltaglider-uploads/}
     * (no bucket can have that name, so no client sees or reaches it), so that every gateway over
     * the same store knows every upload and a load balancer may send each request of an upload to
     * any of them. Each part is then written to the store as it arrives and read back, verified,
     * at completion. Uploads begun more than 7 days ago count as abandoned and are removed when
     * uploads are next listed (ListMultipartUploads, or a gateway's start).
     */
    public Builder sharedUploads(boolean shared) {
      this.sharedUploads = shared;
      return this;
    }

    /**
     * The largest object a PUT, copy or completed multipart upload may make, in bytes; larger
     * ones get {@code EntityTooLarge} before any byte is stored. Default: the store policy's limit.
     */
    public Builder maxObjectSize(long bytes) {
      if (bytes <= 0) {
        throw new IllegalArgumentException("maxObjectSize must be positive: " + bytes);
      }
      this.maxObjectSize = bytes;
      return this;
    }

    /** The most requests served at once (server threads); default 64. */
    public Builder maxThreads(int n) {
      if (n < 4) {
        throw new IllegalArgumentException("maxThreads must be at least 4: " + n);
      }
      this.maxThreads = n;
      return this;
    }

    /**
     * The most S3 requests served at once; one more is answered at once with S3's {@code 503
     * SlowDown} (which the AWS SDKs and CLI retry with backoff) instead of waiting for a thread.
     * Default 0: no limit but {@link #maxThreads}. The health endpoint is never refused.
     */
    public Builder maxConcurrentRequests(int n) {
      if (n < 0) {
        throw new IllegalArgumentException("maxConcurrentRequests must not be negative: " + n);
      }
      this.maxConcurrentRequests = n;
      return this;
    }

    /** How long a connection may be idle, and a body stall, before it is closed; default 60 s. */
    public Builder idleTimeoutMillis(long millis) {
      this.idleTimeoutMillis = millis;
      return this;
    }

    /** How long {@link S3Gateway#close()} lets requests in flight finish; default 10 s. */
    public Builder stopTimeoutMillis(long millis) {
      this.stopTimeoutMillis = millis;
      return this;
    }

    /** The clock request signatures are checked against (tests); default the system clock. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Records every S3 request on a Micrometer {@code io.micrometer.core.instrument.MeterRegistry}
     * (typed {@code Object} so that the gateway needs Micrometer only when this is used; Micrometer
     * is an optional dependency of this module): {@code deltaglider.gateway.requests}, a timer
     * tagged {@code operation} (S3's name, e.g. {@code PutObject}), {@code status} and {@code
     * error}, and {@code deltaglider.gateway.bytes}, body bytes tagged {@code direction} ({@code
     * in}, {@code out}) and {@code operation}. The store's own meters (stored vs original bytes,
     * codec time) come from its {@link io.deltaglider.StoreObserver}: see the module's README.
     * Default: none.
     *
     * @throws IllegalArgumentException if {@code registry} is no {@code MeterRegistry} or
     *     Micrometer is not on the class path
     */
    public Builder meterRegistry(Object registry) {
      this.metrics = GatewayMetrics.of(Objects.requireNonNull(registry, "registry"));
      return this;
    }

    /** Where access-log lines go instead of the logger {@code io.deltaglider.proxy.access} (tests). */
    Builder accessLogger(Logger logger) {
      this.accessLogger = Objects.requireNonNull(logger, "logger");
      return this;
    }

    /**
     * Builds the gateway (not yet listening: call {@link S3Gateway#start()}).
     *
     * @throws IllegalStateException if no store was set
     */
    public S3Gateway build() {
      if (store == null) {
        throw new IllegalStateException("store(...) is required");
      }
      if (maxObjectSize < 0) {
        maxObjectSize = store.policy().maxObjectSize();
      }
      return new S3Gateway(this);
    }
  }
}
