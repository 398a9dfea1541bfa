package io.deltaglider.storage.s3;

import io.deltaglider.BackendException;
import io.deltaglider.DeltaStoreException;
import io.deltaglider.ObjectExistsException;
import io.deltaglider.spi.BlobInfo;
import io.deltaglider.spi.Payload;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * {@link S3Backend}'s writes: one PutObject up to the multipart threshold, a multipart upload
 * above it, and create-if-absent with {@code If-None-Match: *} where the server enforces it, else
 * HEAD-then-PUT serialised within this backend (see {@link S3Backend#putIfAbsent}). Thread-safe.
 */
final class S3Writes {
  /** putIfAbsent of more than this looks (HEAD) before it uploads. */
  static final long PRECHECK_BYTES = 1L << 20;
  /** Attempts of a create-if-absent that S3 answers 409 ConditionalRequestConflict (another create of the key in flight). */
  private static final int CONFLICT_ATTEMPTS = 5;

  /** The backend's HEAD of a key. */
  @FunctionalInterface
  interface Head {
    Optional<BlobInfo> of(String key) throws DeltaStoreException;
  }

  private final S3Client s3;
  private final String bucket;
  private final String root;
  private final long multipartThreshold;
  private final S3Encryption encryption;
  private final S3Errors errors;
  private final MultipartUpload multipart;
  private final ConditionalWriteProbe probe;
  private final Head head;
  private final Object[] emulationLocks = new Object[64];

  S3Writes(S3Client s3, String bucket, String root, long multipartThreshold, S3Encryption encryption, S3Errors errors,
      MultipartUpload multipart, ConditionalWriteProbe probe, Head head) {
    this.s3 = s3;
    this.bucket = bucket;
    this.root = root;
    this.multipartThreshold = multipartThreshold;
    this.encryption = encryption;
    this.errors = errors;
    this.multipart = multipart;
    this.probe = probe;
    this.head = head;
    for (int i = 0; i < emulationLocks.length; i++) {
      emulationLocks[i] = new Object();
    }
  }

  void put(String key, Payload content, Map<String, String> metadata) throws DeltaStoreException {
    write(key, content, metadata, false);
  }

  void putIfAbsent(String key, Payload content, Map<String, String> metadata) throws DeltaStoreException {
    ConditionalWriteSupport support = probe.answer();
    if (support == ConditionalWriteSupport.ENFORCED || support == ConditionalWriteSupport.UNKNOWN) {
      // For a large object, a cheap look first: no upload at all when the key is plainly taken.
      if (content.length() > PRECHECK_BYTES && head.of(key).isPresent()) {
        throw new ObjectExistsException(key);
      }
      try {
        conditionalWrite(key, content, metadata);
        return;
      } catch (ConditionalWritesUnsupported e) {
        // Only if the write goes through without the condition was it the condition the server refused.
        checkThenPut(key, content, metadata);
        probe.notImplemented(e.getMessage());
        return;
      }
    }
    checkThenPut(key, content, metadata);
  }

  /** Create-if-absent without the server's help: atomic against this backend's own writers only. */
  private void checkThenPut(String key, Payload content, Map<String, String> metadata) throws DeltaStoreException {
    synchronized (emulationLocks[Math.floorMod(key.hashCode(), emulationLocks.length)]) {
      if (head.of(key).isPresent()) {
        throw new ObjectExistsException(key);
      }
      write(key, content, metadata, false);
    }
  }

  /**
   * A write with {@code If-None-Match: *}. AWS answers 409 ConditionalRequestConflict while another
   * conditional write of the key is in flight: then it is tried again, and the other's outcome
   * decides (412 if it created the key).
   */
  private void conditionalWrite(String key, Payload content, Map<String, String> metadata) throws DeltaStoreException {
    for (int attempt = 1; ; attempt++) {
      try {
        write(key, content, metadata, true);
        return;
      } catch (BackendException e) {
        if (attempt == CONFLICT_ATTEMPTS || !(e.getCause() instanceof AwsServiceException ase)
            || ase.statusCode() != 409 || !"ConditionalRequestConflict".equals(S3Errors.code(ase))) {
          throw e;
        }
        try {
          Thread.sleep(20L << attempt);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  private void write(String key, Payload content, Map<String, String> metadata, boolean ifAbsent)
      throws DeltaStoreException {
    Objects.requireNonNull(content, "content");
    Objects.requireNonNull(metadata, "metadata");
    long length = content.length();
    if (length > multipartThreshold) {
      multipart.upload(key, root + key, content, metadata, ifAbsent);
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
    if (encryption != null) {
      encryption.applyTo(req);
    }
    RequestBody body = content.file() != null
        ? RequestBody.fromFile(content.file())
        : RequestBody.fromContentProvider(new PayloadStreams(content, 0, length), length, "application/octet-stream");
    try {
      s3.putObject(req.build(), body);
    } catch (SdkException e) {
      if (ifAbsent && S3Errors.notImplemented(e)) {
        throw new ConditionalWritesUnsupported("PutObject with If-None-Match answered " + e.getMessage(), e);
      }
      throw errors.translate("put", key, e);
    } catch (UncheckedIOException e) {
      throw new BackendException("put " + errors.describeKey(key) + ": cannot read the content: "
          + e.getCause().getMessage(), e);
    }
  }
}
