package io.deltaglider.storage.s3;

import io.deltaglider.BackendException;
import io.deltaglider.DeltaStoreException;
import io.deltaglider.spi.Payload;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;

/**
 * Uploads one object in parts streamed from its payload one at a time (a file payload straight
 * from the file, other payloads through one reusable part buffer), so the whole object is never
 * held in memory. The object appears only when CompleteMultipartUpload succeeds (carrying
 * {@code If-None-Match: *} for a create-if-absent); any failure aborts the upload.
 */
final class MultipartUpload {
  private static final Logger LOG = LoggerFactory.getLogger(MultipartUpload.class);

  /** S3's smallest part (except the last). */
  static final long MIN_PART_SIZE = 5L << 20;
  /** S3's largest part count. */
  static final int MAX_PARTS = 10_000;

  private final S3Client s3;
  private final String bucket;
  private final S3Errors errors;
  private final S3Encryption encryption;
  private final long partSize;

  MultipartUpload(S3Client s3, String bucket, S3Errors errors, S3Encryption encryption, long partSize) {
    this.s3 = s3;
    this.bucket = bucket;
    this.errors = errors;
    this.encryption = encryption;
    this.partSize = partSize;
  }

  /**
   * Uploads {@code content} to the S3 key {@code s3Key} ({@code key} is the backend key, for
   * messages).
   *
   * @throws ConditionalWritesUnsupported if {@code ifAbsent} and the server refuses the condition
   */
  void upload(String key, String s3Key, Payload content, Map<String, String> metadata, boolean ifAbsent)
      throws DeltaStoreException {
    long length = content.length();
    // Keep within S3's 10,000 parts for very large objects.
    long size = Math.max(partSize, (length + MAX_PARTS - 1) / MAX_PARTS);
    String uploadId;
    try {
      CreateMultipartUploadRequest.Builder create = CreateMultipartUploadRequest.builder().bucket(bucket).key(s3Key)
          .contentType("application/octet-stream").metadata(metadata);
      if (encryption != null) {
        encryption.applyTo(create);
      }
      uploadId = s3.createMultipartUpload(create.build()).uploadId();
    } catch (SdkException e) {
      throw errors.translate("start multipart upload of", key, e);
    }
    boolean done = false;
    try {
      List<CompletedPart> parts = content.file() != null
          ? partsFromFile(s3Key, uploadId, content, length, size)
          : partsFromStream(key, s3Key, uploadId, content, length, size);
      s3.completeMultipartUpload(r -> {
        r.bucket(bucket).key(s3Key).uploadId(uploadId).multipartUpload(m -> m.parts(parts));
        if (ifAbsent) {
          r.ifNoneMatch("*");
        }
      });
      done = true;
    } catch (SdkException e) {
      if (ifAbsent && S3Errors.notImplemented(e)) {
        throw new ConditionalWritesUnsupported("CompleteMultipartUpload with If-None-Match answered " + e.getMessage(), e);
      }
      throw errors.translate("multipart upload of", key, e);
    } catch (IOException e) {
      throw new BackendException("put " + errors.describeKey(key) + ": cannot read the content: " + e.getMessage(), e);
    } catch (UncheckedIOException e) {
      throw new BackendException("put " + errors.describeKey(key) + ": cannot read the content: "
          + e.getCause().getMessage(), e);
    } finally {
      if (!done) {
        abort(s3Key, uploadId);
      }
    }
  }

  private List<CompletedPart> partsFromFile(String s3Key, String uploadId, Payload content, long length, long size) {
    List<CompletedPart> parts = new ArrayList<>();
    for (long off = 0, n = 1; off < length; off += size, n++) {
      long len = Math.min(size, length - off);
      int partNumber = (int) n;
      String etag = s3.uploadPart(r -> r.bucket(bucket).key(s3Key).uploadId(uploadId).partNumber(partNumber)
          .contentLength(len), RequestBody.fromContentProvider(new PayloadStreams(content, off, len), len,
          "application/octet-stream")).eTag();
      parts.add(CompletedPart.builder().partNumber(partNumber).eTag(etag).build());
    }
    return parts;
  }

  /** One part buffer, reused; the source stream is read once, front to back. */
  private List<CompletedPart> partsFromStream(String key, String s3Key, String uploadId, Payload content, long length,
      long size) throws IOException, DeltaStoreException {
    List<CompletedPart> parts = new ArrayList<>();
    byte[] buffer = new byte[(int) Math.min(size, Integer.MAX_VALUE - 16)];
    try (InputStream in = content.open()) {
      long remaining = length;
      int partNumber = 1;
      while (remaining > 0) {
        int len = (int) Math.min(buffer.length, remaining);
        int got = in.readNBytes(buffer, 0, len);
        if (got != len) {
          throw new BackendException("put " + errors.describeKey(key) + ": content ended after "
              + (length - remaining + got) + " of " + length + " bytes");
        }
        int number = partNumber;
        String etag = s3.uploadPart(r -> r.bucket(bucket).key(s3Key).uploadId(uploadId).partNumber(number)
            .contentLength((long) len), RequestBody.fromContentProvider(
            () -> new ByteArrayInputStream(buffer, 0, len), len, "application/octet-stream")).eTag();
        parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
        remaining -= len;
        partNumber++;
      }
    }
    return parts;
  }

  private void abort(String s3Key, String uploadId) {
    try {
      s3.abortMultipartUpload(r -> r.bucket(bucket).key(s3Key).uploadId(uploadId));
    } catch (SdkException e) {
      LOG.warn("could not abort multipart upload {} of s3://{}/{}; its parts stay until a lifecycle rule removes "
          + "them: {}", uploadId, bucket, s3Key, e.getMessage());
    }
  }
}
