package io.deltaglider.storage.s3;

import io.deltaglider.BackendException;
import io.deltaglider.spi.BlobInfo;
import io.deltaglider.spi.BlobPage;
import io.deltaglider.spi.BlobQuery;
import io.deltaglider.DeltaStoreException;
import io.deltaglider.ObjectExistsException;
import io.deltaglider.ObjectNotFoundException;
import io.deltaglider.spi.Payload;
import io.deltaglider.spi.StorageBackend;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Object;

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
 *       CompleteMultipartUpload succeeds, which gives the SPI's atomicity.
 *   <li>{@link #putIfAbsent}: the same with {@code If-None-Match: *} (on PutObject, or on
 *       CompleteMultipartUpload for large objects), which S3 evaluates atomically; 412 becomes
 *       {@link ObjectExistsException}; above 1 MiB a HEAD comes first, so a taken key costs no
 *       upload. If the server answers that it does not implement
 *       conditional writes (501), or when {@link Builder#conditionalWrites(boolean)} is off, the
 *       backend falls back for good to HEAD-then-PUT, serialised within this backend only, and
 *       {@link #supportsAtomicPutIfAbsent()} turns false: two processes racing can then both
 *       "win", the later write replacing the earlier one. A server that silently ignores the
 *       header cannot be detected; configure {@code conditionalWrites(false)} for it.
 *   <li>{@link #get}: a streamed GetObject; closing the stream before its end aborts the
 *       connection rather than draining the rest of the object.
 *   <li>{@link #list}: one ListObjectsV2 request per page, under the root prefix plus the query's
 *       prefix, so its cost is proportional to the matching keys, not to the bucket.
 *   <li>{@link #replaceMetadata}: CopyObject onto itself with {@code MetadataDirective=REPLACE}
 *       (the bytes are not re-uploaded; S3 limits a single copy to 5 GiB).
 *   <li>{@link #delete}: HEAD then DeleteObject, because S3's delete does not say whether there
 *       was an object.
 * </ul>
 *
 * <p>Settings of a client the builder creates (a client given to {@link Builder#client} is used as
 * it is): checksum calculation and validation "when required" (recent SDKs otherwise
 * send CRC trailers on every upload, which many S3-compatible servers refuse), the SDK's standard
 * retry strategy (throttling such as 503 SlowDown, 500s and connection failures are retried with
 * backoff; {@link Builder#maxAttempts}), a connect timeout and a socket (idle read) timeout but no
 * overall call timeout, since an upload of several GB may legitimately take minutes.
 *
 * <p>Errors: a missing key is {@link ObjectNotFoundException} (an empty answer from {@link #head},
 * false from {@link #delete}); a missing bucket, denied access or rejected credentials, an
 * unreachable endpoint, a payload that cannot be read and any other failure are
 * {@link BackendException}s whose message names the bucket and, when S3 answered, its error code
 * or HTTP status; a failed precondition is {@link ObjectExistsException}; "storage full" answers
 * (HTTP 507, MinIO's {@code XMinioStorageFull}) are {@link io.deltaglider.StorageFullException}.
 *
 * <p>Thread-safe. {@link #close()} closes the client if the builder created it.
 */
public final class S3Backend implements StorageBackend {
  private static final Logger LOG = LoggerFactory.getLogger(S3Backend.class);

  /** S3's smallest part (except the last). */
  static final long MIN_PART_SIZE = 5L << 20;
  /** putIfAbsent of more than this looks (HEAD) before it uploads. */
  static final long PRECHECK_BYTES = 1L << 20;
  /** S3's largest part count. */
  static final int MAX_PARTS = 10_000;

  private final S3Client s3;
  private final boolean ownsClient;
  private final String bucket;
  private final String root;
  private final String endpointText;
  private final long multipartThreshold;
  private final long partSize;
  private final AtomicBoolean conditionalWrites;
  private final Object[] emulationLocks = new Object[64];
  private volatile boolean bucketChecked;

  private S3Backend(Builder b, S3Client s3, boolean ownsClient) {
    this.s3 = s3;
    this.ownsClient = ownsClient;
    this.bucket = b.bucket;
    this.root = b.prefix;
    this.endpointText = b.endpoint == null ? null : b.endpoint.toString();
    this.multipartThreshold = b.multipartThreshold;
    this.partSize = b.partSize;
    this.conditionalWrites = new AtomicBoolean(b.conditionalWrites);
    for (int i = 0; i < emulationLocks.length; i++) {
      emulationLocks[i] = new Object();
    }
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

  /**
   * Checks that the bucket exists and these credentials may use it (one HeadBucket request), so a
   * misconfiguration shows at start-up rather than at the first put.
   *
   * @throws BackendException if the bucket does not exist, access is denied, or S3 cannot be reached
   */
  public void verify() throws DeltaStoreException {
    try {
      s3.headBucket(r -> r.bucket(bucket));
      bucketChecked = true;
    } catch (SdkException e) {
      if (e instanceof AwsServiceException ase && ase.statusCode() == 404) {
        throw new BackendException("S3 bucket '" + bucket + "' does not exist" + at(), e);
      }
      throw translate("check bucket", null, e);
    }
  }

  // ---------------------------------------------------------------- writes

  @Override
  public void put(String key, Payload content, Map<String, String> metadata) throws DeltaStoreException {
    write(key, content, metadata, false);
  }

  @Override
  public void putIfAbsent(String key, Payload content, Map<String, String> metadata) throws DeltaStoreException {
    if (conditionalWrites.get()) {
      // For a large object, a cheap look first: no upload at all when the key is plainly taken.
      if (content.length() > PRECHECK_BYTES && head(key).isPresent()) {
        throw new ObjectExistsException(key);
      }
      try {
        write(key, content, metadata, true);
        return;
      } catch (ConditionalWritesUnsupported e) {
        if (conditionalWrites.compareAndSet(true, false)) {
          LOG.warn("{} does not implement conditional writes (If-None-Match: *): putIfAbsent falls back to "
              + "check-then-put, which is atomic within this backend only ({})", describe(), e.getMessage());
        }
      }
    }
    synchronized (emulationLocks[Math.floorMod(key.hashCode(), emulationLocks.length)]) {
      if (head(key).isPresent()) {
        throw new ObjectExistsException(key);
      }
      write(key, content, metadata, false);
    }
  }

  @Override
  public boolean supportsAtomicPutIfAbsent() {
    return conditionalWrites.get();
  }

  private void write(String key, Payload content, Map<String, String> metadata, boolean ifAbsent)
      throws DeltaStoreException {
    Objects.requireNonNull(content, "content");
    Objects.requireNonNull(metadata, "metadata");
    long length = content.length();
    if (length > multipartThreshold) {
      multipartWrite(key, content, metadata, ifAbsent);
      return;
    }
    PutObjectRequest.Builder req = PutObjectRequest.builder()
        .bucket(bucket)
        .key(root + key)
        .contentLength(length)
        .contentType("application/octet-stream")
        .metadata(metadata);
    if (ifAbsent) {
      req.ifNoneMatch("*");
    }
    RequestBody body = content.file() != null
        ? RequestBody.fromFile(content.file())
        : RequestBody.fromContentProvider(new PayloadStreams(content, 0, length), length, "application/octet-stream");
    try {
      s3.putObject(req.build(), body);
    } catch (SdkException e) {
      if (ifAbsent && notImplemented(e)) {
        throw new ConditionalWritesUnsupported("PutObject with If-None-Match answered " + e.getMessage(), e);
      }
      throw translate("put", key, e);
    } catch (UncheckedIOException e) {
      throw new BackendException("put " + describeKey(key) + ": cannot read the content: " + e.getCause().getMessage(), e);
    }
  }

  private void multipartWrite(String key, Payload content, Map<String, String> metadata, boolean ifAbsent)
      throws DeltaStoreException {
    long length = content.length();
    // Keep within S3's 10,000 parts for very large objects.
    long size = Math.max(partSize, (length + MAX_PARTS - 1) / MAX_PARTS);
    String s3Key = root + key;
    String uploadId;
    try {
      CreateMultipartUploadResponse created = s3.createMultipartUpload(r -> r.bucket(bucket).key(s3Key)
          .contentType("application/octet-stream").metadata(metadata));
      uploadId = created.uploadId();
    } catch (SdkException e) {
      throw translate("start multipart upload of", key, e);
    }
    boolean done = false;
    try {
      List<CompletedPart> parts = new ArrayList<>();
      if (content.file() != null) {
        for (long off = 0, n = 1; off < length; off += size, n++) {
          long len = Math.min(size, length - off);
          int partNumber = (int) n;
          String etag = s3.uploadPart(r -> r.bucket(bucket).key(s3Key).uploadId(uploadId).partNumber(partNumber)
              .contentLength(len), RequestBody.fromContentProvider(new PayloadStreams(content, off, len), len,
              "application/octet-stream")).eTag();
          parts.add(CompletedPart.builder().partNumber(partNumber).eTag(etag).build());
        }
      } else {
        // One part buffer, reused; the source stream is read once, front to back.
        byte[] buffer = new byte[(int) Math.min(size, Integer.MAX_VALUE - 16)];
        try (InputStream in = content.open()) {
          long remaining = length;
          int partNumber = 1;
          while (remaining > 0) {
            int len = (int) Math.min(buffer.length, remaining);
            int got = in.readNBytes(buffer, 0, len);
            if (got != len) {
              throw new BackendException("put " + describeKey(key) + ": content ended after "
                  + (length - remaining + got) + " of " + length + " bytes");
            }
            int number = partNumber;
            String etag = s3.uploadPart(r -> r.bucket(bucket).key(s3Key).uploadId(uploadId).partNumber(number)
                .contentLength((long) len), RequestBody.fromContentProvider(
                () -> new java.io.ByteArrayInputStream(buffer, 0, len), len, "application/octet-stream")).eTag();
            parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
            remaining -= len;
            partNumber++;
          }
        }
      }
      s3.completeMultipartUpload(r -> {
        r.bucket(bucket).key(s3Key).uploadId(uploadId).multipartUpload(m -> m.parts(parts));
        if (ifAbsent) {
          r.ifNoneMatch("*");
        }
      });
      done = true;
    } catch (SdkException e) {
      if (ifAbsent && notImplemented(e)) {
        throw new ConditionalWritesUnsupported("CompleteMultipartUpload with If-None-Match answered " + e.getMessage(), e);
      }
      throw translate("multipart upload of", key, e);
    } catch (IOException e) {
      throw new BackendException("put " + describeKey(key) + ": cannot read the content: " + e.getMessage(), e);
    } catch (UncheckedIOException e) {
      throw new BackendException("put " + describeKey(key) + ": cannot read the content: " + e.getCause().getMessage(), e);
    } finally {
      if (!done) {
        abort(s3Key, uploadId);
      }
    }
  }

  private void abort(String s3Key, String uploadId) {
    try {
      s3.abortMultipartUpload(r -> r.bucket(bucket).key(s3Key).uploadId(uploadId));
    } catch (SdkException e) {
      LOG.warn("could not abort multipart upload {} of s3://{}/{}; its parts stay until a lifecycle rule removes "
          + "them: {}", uploadId, bucket, s3Key, e.getMessage());
    }
  }

  // ---------------------------------------------------------------- reads

  @Override
  public Optional<BlobInfo> head(String key) throws DeltaStoreException {
    HeadObjectResponse r;
    try {
      r = s3.headObject(b -> b.bucket(bucket).key(root + key));
    } catch (SdkException e) {
      if (isNotFound(e)) {
        // A HEAD has no body, so a missing bucket looks like a missing key: check once.
        checkBucketOnce(e);
        return Optional.empty();
      }
      throw translate("head", key, e);
    }
    return Optional.of(new BlobInfo(key, r.contentLength() == null ? 0 : r.contentLength(), r.metadata(),
        r.lastModified()));
  }

  @Override
  public InputStream get(String key) throws DeltaStoreException {
    ResponseInputStream<GetObjectResponse> in;
    try {
      in = s3.getObject(b -> b.bucket(bucket).key(root + key));
    } catch (SdkException e) {
      throw translate("get", key, e);
    }
    Long length = in.response().contentLength();
    return new AbortingStream(in, length == null ? -1 : length);
  }

  @Override
  public boolean delete(String key) throws DeltaStoreException {
    if (head(key).isEmpty()) {
      return false;
    }
    try {
      s3.deleteObject(b -> b.bucket(bucket).key(root + key));
      return true;
    } catch (SdkException e) {
      throw translate("delete", key, e);
    }
  }

  /** One DeleteObject, no HEAD: S3 deletes of missing keys succeed. */
  @Override
  public void deleteIfPresent(String key) throws DeltaStoreException {
    try {
      s3.deleteObject(b -> b.bucket(bucket).key(root + key));
    } catch (SdkException e) {
      throw translate("delete", key, e);
    }
  }

  @Override
  public BlobPage list(BlobQuery query) throws DeltaStoreException {
    ListObjectsV2Request.Builder req = ListObjectsV2Request.builder()
        .bucket(bucket)
        .prefix(root + query.prefix())
        .maxKeys(query.maxKeys());
    if (query.delimiter() != null) {
      req.delimiter(query.delimiter());
    }
    if (query.startAfter() != null) {
      req.startAfter(root + query.startAfter());
    }
    if (query.continuationToken() != null) {
      req.continuationToken(query.continuationToken());
    }
    ListObjectsV2Response r;
    try {
      r = s3.listObjectsV2(req.build());
    } catch (SdkException e) {
      throw translate("list", query.prefix(), e);
    }
    List<BlobInfo> objects = new ArrayList<>(r.contents().size());
    for (S3Object o : r.contents()) {
      objects.add(new BlobInfo(strip(o.key()), o.size() == null ? 0 : o.size(), Map.of(), o.lastModified()));
    }
    List<String> prefixes = new ArrayList<>(r.commonPrefixes().size());
    for (CommonPrefix p : r.commonPrefixes()) {
      prefixes.add(strip(p.prefix()));
    }
    String next = Boolean.TRUE.equals(r.isTruncated()) ? r.nextContinuationToken() : null;
    return new BlobPage(objects, prefixes, next);
  }

  @Override
  public void replaceMetadata(String key, Map<String, String> metadata) throws DeltaStoreException {
    String s3Key = root + key;
    try {
      s3.copyObject(CopyObjectRequest.builder()
          .sourceBucket(bucket).sourceKey(s3Key)
          .destinationBucket(bucket).destinationKey(s3Key)
          .metadataDirective(MetadataDirective.REPLACE)
          .contentType("application/octet-stream")
          .metadata(metadata)
          .build());
    } catch (SdkException e) {
      throw translate("replace metadata of", key, e);
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

  // ---------------------------------------------------------------- errors

  private String strip(String s3Key) {
    return s3Key.startsWith(root) ? s3Key.substring(root.length()) : s3Key;
  }

  private String describeKey(String key) {
    return "s3://" + bucket + "/" + root + (key == null ? "" : key);
  }

  private String at() {
    return endpointText == null ? "" : " at " + endpointText;
  }

  private static boolean isNotFound(SdkException e) {
    return e instanceof NoSuchKeyException
        || (e instanceof AwsServiceException ase && ase.statusCode() == 404 && !"NoSuchBucket".equals(code(ase)));
  }

  private static boolean notImplemented(SdkException e) {
    return e instanceof AwsServiceException ase && (ase.statusCode() == 501 || "NotImplemented".equals(code(ase)));
  }

  private static String code(AwsServiceException e) {
    return e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
  }

  /**
   * After a 404 on HeadObject: is it the bucket that is missing? One HeadBucket per backend answers
   * that. Only a 404 from it counts; a denial (credentials scoped to a prefix may not HeadBucket)
   * or any other failure leaves the answer "the key is missing".
   */
  private void checkBucketOnce(SdkException cause) throws DeltaStoreException {
    if (bucketChecked) {
      return;
    }
    try {
      s3.headBucket(r -> r.bucket(bucket));
    } catch (SdkException e) {
      if (e instanceof AwsServiceException ase && ase.statusCode() == 404) {
        BackendException missing = new BackendException("S3 bucket '" + bucket + "' does not exist" + at(), e);
        missing.addSuppressed(cause);
        throw missing;
      }
      LOG.debug("cannot check bucket {} after a missing key: {}", bucket, e.toString());
    }
    bucketChecked = true;
  }

  /** Thrown inside putIfAbsent when the server refuses If-None-Match itself. */
  private static final class ConditionalWritesUnsupported extends BackendException {
    private static final long serialVersionUID = 1L;

    ConditionalWritesUnsupported(String message, Throwable cause) {
      super(message, cause);
    }
  }

  DeltaStoreException translate(String action, String key, SdkException e) {
    String what = action + " " + describeKey(key);
    if (e instanceof AwsServiceException ase) {
      String code = code(ase);
      int status = ase.statusCode();
      String server = code == null ? "HTTP " + status : code + " (HTTP " + status + ")";
      if ("NoSuchBucket".equals(code)) {
        bucketChecked = false;
        return new BackendException(what + ": S3 bucket '" + bucket + "' does not exist" + at(), e);
      }
      if (e instanceof NoSuchKeyException || "NoSuchKey".equals(code)
          || (status == 404 && code == null && key != null)) {
        return new ObjectNotFoundException(key);
      }
      if (status == 412 || "PreconditionFailed".equals(code)) {
        return new ObjectExistsException(key);
      }
      if (status == 403 || "AccessDenied".equals(code) || "InvalidAccessKeyId".equals(code)
          || "SignatureDoesNotMatch".equals(code) || "InvalidToken".equals(code) || "ExpiredToken".equals(code)) {
        return new BackendException(what + ": access denied: " + server
            + "; check the credentials and their permissions on bucket '" + bucket + "'" + at(), e);
      }
      if (status == 507 || (code != null && code.contains("StorageFull"))) {
        return new io.deltaglider.StorageFullException(what + ": the storage is full: " + server, e);
      }
      String message = ase.awsErrorDetails() == null ? null : ase.awsErrorDetails().errorMessage();
      return new BackendException(what + ": " + server + (message == null ? "" : ": " + message), e);
    }
    for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
      if (c instanceof ContentUnreadable) {
        return new BackendException(what + ": cannot read the content: " + c.getCause().getMessage(), e);
      }
    }
    if (e instanceof SdkClientException) {
      return new BackendException(what + ": cannot reach S3" + at() + ": " + e.getMessage(), e);
    }
    return new BackendException(what + ": " + e.getMessage(), e);
  }

  // ---------------------------------------------------------------- streams

  /**
   * Reopenable streams over a byte range of a payload, for the SDK's retries; each new stream
   * closes the one before.
   */
  private static final class PayloadStreams implements ContentStreamProvider {
    private final Payload payload;
    private final long offset;
    private final long length;
    private InputStream current;

    PayloadStreams(Payload payload, long offset, long length) {
      this.payload = payload;
      this.offset = offset;
      this.length = length;
    }

    @Override
    public synchronized InputStream newStream() {
      try {
        if (current != null) {
          current.close();
        }
        InputStream in = payload.open();
        in.skipNBytes(offset);
        current = new BoundedStream(in, length);
        return current;
      } catch (IOException e) {
        throw new ContentUnreadable(e);
      }
    }
  }

  /** The payload failed while the SDK was reading it (not a network failure). */
  private static final class ContentUnreadable extends UncheckedIOException {
    private static final long serialVersionUID = 1L;

    ContentUnreadable(IOException cause) {
      super(cause);
    }
  }

  /** At most {@code limit} bytes of a stream, marking read failures as the content's. */
  private static final class BoundedStream extends FilterInputStream {
    private long left;

    BoundedStream(InputStream in, long limit) {
      super(in);
      this.left = limit;
    }

    @Override
    public int read() throws IOException {
      if (left <= 0) {
        return -1;
      }
      int b;
      try {
        b = in.read();
      } catch (IOException e) {
        throw new ContentUnreadable(e);
      }
      if (b >= 0) {
        left--;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (left <= 0) {
        return len == 0 ? 0 : -1;
      }
      int n;
      try {
        n = in.read(b, off, (int) Math.min(len, left));
      } catch (IOException e) {
        throw new ContentUnreadable(e);
      }
      if (n > 0) {
        left -= n;
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      long s = in.skip(Math.min(n, left));
      left -= s;
      return s;
    }

    @Override
    public int available() throws IOException {
      return (int) Math.min(in.available(), left);
    }

    @Override
    public boolean markSupported() {
      return false;
    }
  }

  /** A GetObject body that aborts the connection when closed early instead of draining it. */
  private static final class AbortingStream extends FilterInputStream {
    private final ResponseInputStream<?> response;
    private final long length;
    private long read;
    private boolean eof;

    AbortingStream(ResponseInputStream<?> response, long length) {
      super(response);
      this.response = response;
      this.length = length;
    }

    @Override
    public int read() throws IOException {
      int b = in.read();
      if (b < 0) {
        eof = true;
      } else {
        read++;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = in.read(b, off, len);
      if (n < 0) {
        eof = true;
      } else {
        read += n;
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      long s = in.skip(n);
      read += s;
      return s;
    }

    @Override
    public boolean markSupported() {
      return false;
    }

    @Override
    public void close() throws IOException {
      if (!eof && (length < 0 || read < length)) {
        response.abort();
      }
      super.close();
    }
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
    private S3Client client;

    private Builder() {}

    /** The bucket (required); it must exist. */
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
     * Whether to use {@code If-None-Match: *} for {@link S3Backend#putIfAbsent} (default true).
     * Turn it off for a server that ignores the header (it would then overwrite): putIfAbsent
     * becomes check-then-put, atomic within this backend only.
     */
    public Builder conditionalWrites(boolean conditionalWrites) {
      this.conditionalWrites = conditionalWrites;
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
     * one. It sends no request to S3; {@link S3Backend#verify} checks the bucket and credentials.
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
