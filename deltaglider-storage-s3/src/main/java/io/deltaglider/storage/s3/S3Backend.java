package io.deltaglider.storage.s3;

import io.deltaglider.BackendException;
import io.deltaglider.BatchDeleteException;
import io.deltaglider.DeltaStoreException;
import io.deltaglider.ObjectExistsException;
import io.deltaglider.ObjectNotFoundException;
import io.deltaglider.spi.BlobInfo;
import io.deltaglider.spi.BlobPage;
import io.deltaglider.spi.BlobQuery;
import io.deltaglider.spi.Payload;
import io.deltaglider.spi.StorageBackend;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.s3.LegacyMd5Plugin;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.MetadataDirective;

/**
 * A {@link StorageBackend} on Amazon S3 or any S3-compatible server (MinIO, Ceph RGW, R2, Hetzner,
 * S3Proxy, ...), through the AWS SDK for Java v2's synchronous {@link S3Client} on Apache
 * HttpClient.
 *
 * <p>Layout: a backend key {@code k} is the S3 object {@code <prefix>k} in the bucket, and its
 * metadata entries are S3 user metadata, so {@code dg-file-sha256} travels as
 * {@code x-amz-meta-dg-file-sha256} exactly as the DeltaGlider tools write it. Every object is
 * stored with Content-Type {@code application/octet-stream}. The repository's {@code FORMAT.md},
 * section 6, describes this layout.
 *
 * <p>Operations:
 * <ul>
 *   <li>{@link #put}: one PutObject up to {@link Builder#multipartThreshold}, above it a multipart
 *       upload whose parts are streamed from the payload one at a time (a file payload is read
 *       straight from the file; other payloads through one reusable part buffer), so the whole
 *       object is never held in memory. Any failure aborts the upload, leaving no parts and no
 *       object behind (if the server cannot be reached for the abort either, that is logged and
 *       the parts wait for the bucket's lifecycle rule). S3 only makes an object visible once PutObject or
 *       CompleteMultipartUpload succeeds, which gives the SPI's atomicity. With
 *       {@link Builder#encryption}, every write asks for that server-side encryption.
 *   <li>{@link #putIfAbsent}: the same with {@code If-None-Match: *} (on PutObject, or on
 *       CompleteMultipartUpload for large objects), which S3 evaluates atomically; 412 becomes
 *       {@link ObjectExistsException}; above 1 MiB a HEAD comes first, so a taken key costs no
 *       upload. Whether the server really enforces the header is probed once, before the first
 *       create-if-absent or the first {@link #supportsAtomicPutIfAbsent()}
 *       ({@link #conditionalWriteSupport()}): an empty create-if-absent of a scratch key, twice,
 *       the second of which must answer 412. If it does not, if the server answers 501 to the
 *       header, or when {@link Builder#conditionalWrites(boolean)} is off, putIfAbsent is
 *       HEAD-then-PUT, serialised within this backend only, and
 *       {@link #supportsAtomicPutIfAbsent()} is false: the store then creates no references
 *       unless it is the only writer.
 *   <li>{@link #get}: a streamed GetObject; closing the stream before its end aborts the
 *       connection rather than draining the rest of the object. A range is one GetObject with a
 *       {@code Range} header.
 *   <li>{@link #list}: one ListObjectsV2 request per page, under the root prefix plus the query's
 *       prefix, so its cost is proportional to the matching keys, not to the bucket. Entries carry
 *       size, last-modified time and ETag but no metadata ({@link BlobInfo#listed}).
 *   <li>{@link #replaceMetadata}: CopyObject onto itself with {@code MetadataDirective=REPLACE}
 *       (the bytes are not re-uploaded; S3 limits a single copy to 5 GiB).
 *   <li>{@link #delete}: HEAD then DeleteObject, because S3's delete does not say whether there
 *       was an object. {@link #deleteAll}: DeleteObjects, up to 1,000 keys a request.
 * </ul>
 *
 * <p>Settings of a client the builder creates (a client given to {@link Builder#client} is used as
 * it is): checksum calculation and validation "when required" (recent SDKs otherwise
 * send CRC trailers on every upload, which many S3-compatible servers refuse), with a
 * {@code Content-MD5} where S3 requires one (DeleteObjects), the SDK's standard
 * retry strategy (throttling such as 503 SlowDown, 500s and connection failures are retried with
 * backoff; {@link Builder#maxAttempts}), a connect timeout and a socket (idle read) timeout but no
 * overall call timeout, since an upload of several GB may legitimately take minutes.
 *
 * <p>Errors: a missing key is {@link ObjectNotFoundException} (an empty answer from {@link #head},
 * false from {@link #delete}); a missing bucket, denied access or rejected credentials, an
 * unreachable endpoint, a payload that cannot be read and any other failure are
 * {@link BackendException}s whose message names the bucket and, when S3 answered, its error code
 * or HTTP status; a failed precondition is {@link ObjectExistsException}; "storage full" answers
 * (HTTP 507, MinIO's {@code XMinioStorageFull}) are {@link io.deltaglider.StorageFullException};
 * keys a batch delete could not delete are a {@link BatchDeleteException}.
 *
 * <p>Thread-safe. {@link #close()} closes the client if the builder created it.
 */
public final class S3Backend implements StorageBackend {
  /** S3's smallest part (except the last). */
  static final long MIN_PART_SIZE = MultipartUpload.MIN_PART_SIZE;
  /** putIfAbsent of more than this looks (HEAD) before it uploads. */
  static final long PRECHECK_BYTES = S3Writes.PRECHECK_BYTES;

  private final S3Client s3;
  private final boolean ownsClient;
  private final String bucket;
  private final String root;
  private final String endpointText;
  private final long multipartThreshold;
  private final S3Encryption encryption;
  private final S3Errors errors;
  private final BucketState bucketState;
  private final MultipartUpload multipart;
  private final S3Listing listing;
  private final BatchDelete batchDelete;
  private final ConditionalWriteProbe probe;
  private final S3Writes writes;

  private S3Backend(Builder b, S3Client s3, boolean ownsClient) {
    this.s3 = s3;
    this.ownsClient = ownsClient;
    this.bucket = b.bucket;
    this.root = b.prefix;
    this.endpointText = b.endpoint == null ? null : b.endpoint.toString();
    this.multipartThreshold = b.multipartThreshold;
    this.encryption = b.encryption;
    this.bucketState = new BucketState(s3, bucket, b.createBucketIfMissing);
    this.errors = new S3Errors(bucket, root, endpointText, bucketState::forget);
    bucketState.errors(errors);
    this.multipart = new MultipartUpload(s3, bucket, errors, encryption, b.partSize);
    this.listing = new S3Listing(s3, bucket, root, errors);
    this.batchDelete = new BatchDelete(s3, bucket, root, errors);
    this.probe = new ConditionalWriteProbe(s3, bucket, root, errors, encryption, b.conditionalWrites);
    this.writes = new S3Writes(s3, bucket, root, multipartThreshold, encryption, errors, multipart, probe, this::head);
  }

  /** A builder for a backend; {@link Builder#bucket} must be set before {@link Builder#build}. */
  public static Builder builder() {
    return new Builder();
  }

  /** The bucket this backend stores in. */
  public String bucket() {
    return bucket;
  }

  /** The root prefix ({@code ""} or ending with {@code /}) under which every key is stored. */
  public String prefix() {
    return root;
  }

  /** The server-side encryption every write asks for, or null for the bucket's default. */
  public S3Encryption encryption() {
    return encryption;
  }

  /**
   * Checks that the bucket exists and these credentials may use it (one HeadBucket request), so a
   * misconfiguration shows at start-up rather than at the first put. With
   * {@link Builder#createBucketIfMissing(boolean)} a missing bucket is created first.
   *
   * @throws BackendException if the bucket does not exist, access is denied, or S3 cannot be reached
   */
  public void verify() throws DeltaStoreException {
    bucketState.verify();
  }

  // ---------------------------------------------------------------- conditional writes

  /**
   * Whether {@link #putIfAbsent} is atomic across processes: true only when the server was seen
   * to refuse a second create of the same key ({@link ConditionalWriteSupport#ENFORCED}). The
   * first call probes the server (two empty PutObjects and a DeleteObject on a scratch key); the
   * answer is cached for the backend's life. If the probe cannot finish (server unreachable,
   * access denied) the answer is false this time and the next call probes again.
   */
  @Override
  public boolean supportsAtomicPutIfAbsent() {
    return conditionalWriteSupport() == ConditionalWriteSupport.ENFORCED;
  }

  /**
   * What the server does with {@code If-None-Match: *}, probing it on the first call (see
   * {@link #supportsAtomicPutIfAbsent()}); {@link ConditionalWriteSupport#UNKNOWN} while a probe
   * cannot finish.
   */
  public ConditionalWriteSupport conditionalWriteSupport() {
    return probe.answer();
  }

  // ---------------------------------------------------------------- writes

  @Override
  public void put(String key, Payload content, Map<String, String> metadata) throws DeltaStoreException {
    bucketState.ensureExists();
    writes.put(key, content, metadata);
  }

  @Override
  public void putIfAbsent(String key, Payload content, Map<String, String> metadata) throws DeltaStoreException {
    bucketState.ensureExists();
    writes.putIfAbsent(key, content, metadata);
  }

  // ---------------------------------------------------------------- reads

  @Override
  public Optional<BlobInfo> head(String key) throws DeltaStoreException {
    bucketState.ensureExists();
    HeadObjectResponse r;
    try {
      r = s3.headObject(b -> b.bucket(bucket).key(root + key));
    } catch (SdkException e) {
      if (S3Errors.isNotFound(e)) {
        // A HEAD has no body, so a missing bucket looks like a missing key: check once.
        bucketState.checkOnce(e);
        return Optional.empty();
      }
      throw errors.translate("head", key, e);
    }
    return Optional.of(new BlobInfo(key, r.contentLength() == null ? 0 : r.contentLength(), r.metadata(),
        r.lastModified(), S3Listing.unquote(r.eTag())));
  }

  @Override
  public InputStream get(String key) throws DeltaStoreException {
    bucketState.ensureExists();
    ResponseInputStream<GetObjectResponse> in;
    try {
      in = s3.getObject(b -> b.bucket(bucket).key(root + key));
    } catch (SdkException e) {
      throw errors.translate("get", key, e);
    }
    Long length = in.response().contentLength();
    return new AbortingStream(in, length == null ? -1 : length);
  }

  /**
   * One GetObject with {@code Range: bytes=offset-end}: only the range travels. A range starting
   * at or past the end of the object reads nothing; a zero length is one HEAD (so a missing key is
   * still {@link ObjectNotFoundException}).
   */
  @Override
  public InputStream get(String key, long offset, long length) throws DeltaStoreException {
    if (offset < 0 || length < 0) {
      throw new IllegalArgumentException("offset and length must not be negative: " + offset + ", " + length);
    }
    bucketState.ensureExists();
    if (length == 0) {
      if (head(key).isEmpty()) {
        throw new ObjectNotFoundException(key);
      }
      return InputStream.nullInputStream();
    }
    // A range to "the end" is sent open-ended: some servers (S3Proxy 4) mis-size a reply to an end
    // far past the object's.
    String range = length >= Long.MAX_VALUE / 2 - offset ? "bytes=" + offset + "-"
        : "bytes=" + offset + "-" + (offset + length - 1);
    ResponseInputStream<GetObjectResponse> in;
    try {
      in = s3.getObject(b -> b.bucket(bucket).key(root + key).range(range));
    } catch (SdkException e) {
      if (e instanceof AwsServiceException ase && (ase.statusCode() == 416 || "InvalidRange".equals(S3Errors.code(ase)))) {
        return InputStream.nullInputStream(); // the object exists and ends before the range
      }
      throw errors.translate("get", key, e);
    }
    Long got = in.response().contentLength();
    return new AbortingStream(in, got == null ? -1 : got);
  }

  // ---------------------------------------------------------------- deletes

  @Override
  public boolean delete(String key) throws DeltaStoreException {
    if (head(key).isEmpty()) {
      return false;
    }
    try {
      s3.deleteObject(b -> b.bucket(bucket).key(root + key));
      return true;
    } catch (SdkException e) {
      throw errors.translate("delete", key, e);
    }
  }

  /** One DeleteObject, no HEAD: S3 deletes of missing keys succeed. */
  @Override
  public void deleteIfPresent(String key) throws DeltaStoreException {
    bucketState.ensureExists();
    try {
      s3.deleteObject(b -> b.bucket(bucket).key(root + key));
    } catch (SdkException e) {
      throw errors.translate("delete", key, e);
    }
  }

  /**
   * DeleteObjects, up to 1,000 keys a request (quiet mode: only failures come back); a server
   * without DeleteObjects (501) gets one DeleteObject per key.
   *
   * @throws BatchDeleteException naming each key that was not deleted with S3's error code, after
   *     every batch was sent
   */
  @Override
  public void deleteAll(Collection<String> keys) throws DeltaStoreException {
    if (keys.isEmpty()) {
      return;
    }
    bucketState.ensureExists();
    batchDelete.deleteAll(keys);
  }

  // ---------------------------------------------------------------- listing, metadata

  @Override
  public BlobPage list(BlobQuery query) throws DeltaStoreException {
    bucketState.ensureExists();
    return listing.list(query);
  }

  @Override
  public void replaceMetadata(String key, Map<String, String> metadata) throws DeltaStoreException {
    bucketState.ensureExists();
    String s3Key = root + key;
    CopyObjectRequest.Builder req = CopyObjectRequest.builder()
        .sourceBucket(bucket).sourceKey(s3Key)
        .destinationBucket(bucket).destinationKey(s3Key)
        .metadataDirective(MetadataDirective.REPLACE)
        .contentType("application/octet-stream")
        .metadata(metadata);
    if (encryption != null) {
      encryption.applyTo(req);
    }
    try {
      s3.copyObject(req.build());
    } catch (SdkException e) {
      throw errors.translate("replace metadata of", key, e);
    }
  }

  @Override
  public String describe() {
    String d = "s3://" + bucket + "/" + root;
    return endpointText == null ? d : d + " at " + endpointText;
  }

  @Override
  public void close() {
    if (ownsClient) {
      s3.close();
    }
  }

  @Override
  public String toString() {
    return "S3Backend[" + describe() + "]";
  }

  // ---------------------------------------------------------------- builder

  /** Configures an {@link S3Backend}; only {@link #bucket} is required. */
  public static final class Builder {
    private String bucket;
    private String prefix = "";
    private URI endpoint;
    private String region;
    private boolean pathStyle;
    private AwsCredentialsProvider credentials;
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration socketTimeout = Duration.ofSeconds(60);
    private int maxConnections = 64;
    private int maxAttempts = 5;
    private RetryStrategy retryStrategy;
    private long multipartThreshold = 64L << 20;
    private long partSize = 16L << 20;
    private boolean conditionalWrites = true;
    private boolean createBucketIfMissing;
    private S3Encryption encryption;
    private S3Client client;

    private Builder() {}

    /** The bucket (required); it must exist, unless {@link #createBucketIfMissing(boolean)}. */
    public Builder bucket(String bucket) {
      this.bucket = Objects.requireNonNull(bucket, "bucket");
      if (bucket.isBlank() || bucket.contains("/")) {
        throw new IllegalArgumentException("bucket must be a bucket name, got '" + bucket + "'");
      }
      return this;
    }

    /**
     * A root prefix under which every key is stored, e.g. {@code artifacts} or {@code team/a/};
     * leading and trailing slashes are normalised. Empty (the default) for the bucket's root. S3
     * keys hold at most 1024 bytes, this prefix included.
     */
    public Builder prefix(String prefix) {
      String p = Objects.requireNonNull(prefix, "prefix");
      while (p.startsWith("/")) {
        p = p.substring(1);
      }
      while (p.endsWith("/")) {
        p = p.substring(0, p.length() - 1);
      }
      this.prefix = p.isEmpty() ? "" : p + "/";
      return this;
    }

    /** An S3-compatible endpoint such as {@code http://127.0.0.1:9000}; default: AWS for the region. */
    public Builder endpoint(URI endpoint) {
      this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
      return this;
    }

    /**
     * The region, e.g. {@code eu-central-1}. Default: {@code us-east-1} with a custom
     * {@link #endpoint} (S3-compatible servers mostly ignore it), else the SDK's region chain
     * ({@code AWS_REGION}, profile, instance metadata).
     */
    public Builder region(String region) {
      this.region = Objects.requireNonNull(region, "region");
      return this;
    }

    /** Path-style addressing ({@code endpoint/bucket/key}), which most S3-compatible servers need. */
    public Builder pathStyle(boolean pathStyle) {
      this.pathStyle = pathStyle;
      return this;
    }

    /** Credentials; default: the SDK's default provider chain (environment, profile, instance role, ...). */
    public Builder credentials(AwsCredentialsProvider credentials) {
      this.credentials = Objects.requireNonNull(credentials, "credentials");
      return this;
    }

    /** Static access key and secret. */
    public Builder credentials(String accessKeyId, String secretAccessKey) {
      return credentials(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, secretAccessKey)));
    }

    /** TCP connect timeout (default 10 s). */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = positive(timeout, "connectTimeout");
      return this;
    }

    /** Longest wait for data on an open connection (default 60 s). */
    public Builder socketTimeout(Duration timeout) {
      this.socketTimeout = positive(timeout, "socketTimeout");
      return this;
    }

    /** Pooled HTTP connections (default 64). */
    public Builder maxConnections(int maxConnections) {
      if (maxConnections < 1) {
        throw new IllegalArgumentException("maxConnections must be positive, got " + maxConnections);
      }
      this.maxConnections = maxConnections;
      return this;
    }

    /** Attempts per request, first one included, under the SDK's standard retry strategy (default 5). */
    public Builder maxAttempts(int maxAttempts) {
      if (maxAttempts < 1) {
        throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
      }
      this.maxAttempts = maxAttempts;
      return this;
    }

    /** A retry strategy of your own instead of the standard one with {@link #maxAttempts}. */
    public Builder retryStrategy(RetryStrategy retryStrategy) {
      this.retryStrategy = Objects.requireNonNull(retryStrategy, "retryStrategy");
      return this;
    }

    /** Objects larger than this go up as multipart uploads (default 64 MiB; at least 5 MiB). */
    public Builder multipartThreshold(long bytes) {
      if (bytes < MIN_PART_SIZE) {
        throw new IllegalArgumentException("multipartThreshold must be at least 5 MiB, got " + bytes);
      }
      this.multipartThreshold = bytes;
      return this;
    }

    /**
     * Size of each multipart part (default 16 MiB; 5 MiB to 5 GiB, and at most the
     * {@link #multipartThreshold}, checked by {@link #build}); grown automatically for objects that
     * would otherwise need more than 10,000 parts. Memory per upload of a non-file payload is one
     * part.
     */
    public Builder partSize(long bytes) {
      if (bytes < MIN_PART_SIZE || bytes > (5L << 30)) {
        throw new IllegalArgumentException("partSize must be between 5 MiB and 5 GiB, got " + bytes);
      }
      this.partSize = bytes;
      return this;
    }

    /**
     * Whether to use {@code If-None-Match: *} for {@link S3Backend#putIfAbsent} (default true; the
     * backend then probes once whether the server enforces it, see
     * {@link S3Backend#supportsAtomicPutIfAbsent()}). Off: never probed, putIfAbsent is
     * check-then-put, atomic within this backend only.
     */
    public Builder conditionalWrites(boolean conditionalWrites) {
      this.conditionalWrites = conditionalWrites;
      return this;
    }

    /**
     * Whether to create the bucket if it does not exist (default false): before the backend's
     * first request, one HeadBucket and, if the bucket is missing, CreateBucket in the client's
     * region (as its location constraint, unless that is {@code us-east-1}). Another
     * writer creating it at the same moment is fine; a name taken by another account is a
     * {@link BackendException}.
     */
    public Builder createBucketIfMissing(boolean create) {
      this.createBucketIfMissing = create;
      return this;
    }

    /**
     * Server-side encryption asked for on every write: PutObject, CreateMultipartUpload and the
     * CopyObject that replaces metadata ({@link S3Encryption#s3Managed()} for SSE-S3,
     * {@link S3Encryption#kms(String)} for SSE-KMS). Default: none sent, the bucket's default
     * encryption applies.
     */
    public Builder encryption(S3Encryption encryption) {
      this.encryption = Objects.requireNonNull(encryption, "encryption");
      return this;
    }

    /**
     * Uses a client you configured, which the backend does not close. Its own settings apply: the
     * endpoint, region, credentials, path style, timeouts, connection and retry settings of this
     * builder are then not used, except that an endpoint given here appears in messages.
     */
    public Builder client(S3Client client) {
      this.client = Objects.requireNonNull(client, "client");
      return this;
    }

    /**
     * Builds the backend, creating an S3 client from these settings unless {@link #client} gave
     * one. It sends no request to S3; {@link S3Backend#verify} checks the bucket and credentials
     * (and creates a missing bucket with {@link #createBucketIfMissing(boolean)}, as the first
     * request of any kind does).
     *
     * @throws IllegalStateException if no bucket was set, the part size exceeds the multipart
     *     threshold, or the SDK cannot configure a client (e.g. no region can be found)
     */
    public S3Backend build() {
      if (bucket == null) {
        throw new IllegalStateException("bucket is required");
      }
      if (partSize > multipartThreshold) {
        throw new IllegalStateException("partSize (" + partSize + ") exceeds multipartThreshold (" + multipartThreshold + ")");
      }
      if (client != null) {
        return new S3Backend(this, client, false);
      }
      S3ClientBuilder b = S3Client.builder()
          .httpClientBuilder(Apache5HttpClient.builder()
              .connectionTimeout(connectTimeout)
              .socketTimeout(socketTimeout)
              .maxConnections(maxConnections))
          .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
          .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
          // Content-MD5 where S3 requires an integrity header (DeleteObjects), as servers that
          // predate the SDK's CRC checksums expect.
          .addPlugin(LegacyMd5Plugin.create())
          .forcePathStyle(pathStyle)
          .overrideConfiguration(o -> o.retryStrategy(retryStrategy != null ? retryStrategy
              : AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(maxAttempts).build()));
      if (endpoint != null) {
        b.endpointOverride(endpoint);
      }
      if (region != null) {
        b.region(Region.of(region));
      } else if (endpoint != null) {
        // S3-compatible servers mostly ignore the region, but signing needs one.
        b.region(Region.US_EAST_1);
      }
      b.credentialsProvider(credentials != null ? credentials : DefaultCredentialsProvider.builder().build());
      try {
        return new S3Backend(this, b.build(), true);
      } catch (SdkClientException e) {
        throw new IllegalStateException("cannot configure the S3 client for bucket '" + bucket + "': " + e.getMessage()
            + (region == null ? " (set S3Backend.builder().region(...) or AWS_REGION)" : ""), e);
      }
    }

    private static Duration positive(Duration d, String what) {
      Objects.requireNonNull(d, what);
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(what + " must be positive, got " + d);
      }
      return d;
    }
  }
}
