package io.deltaglider.storage.s3;

import java.util.Objects;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * Server-side encryption requested on every write of an {@link S3Backend} (PutObject,
 * CreateMultipartUpload, and CopyObject when metadata is replaced): SSE-S3 ({@code AES256}) or
 * SSE-KMS ({@code aws:kms}, with a key of yours or the bucket's default KMS key). Reads need
 * nothing: S3 decrypts for whoever may use the key. Set it with
 * {@link S3Backend.Builder#encryption(S3Encryption)}; without it the bucket's default encryption
 * applies. Immutable.
 *
 * <p>Note that with SSE-KMS the ETag S3 returns is not the MD5 of the object; the store's own
 * ETag ({@code dg-md5}) is unaffected.
 */
public final class S3Encryption {
  private final ServerSideEncryption algorithm;
  private final String kmsKeyId;

  private S3Encryption(ServerSideEncryption algorithm, String kmsKeyId) {
    this.algorithm = algorithm;
    this.kmsKeyId = kmsKeyId;
  }

  /** SSE-S3: {@code x-amz-server-side-encryption: AES256}, keys managed by S3. */
  public static S3Encryption s3Managed() {
    return new S3Encryption(ServerSideEncryption.AES256, null);
  }

  /** SSE-KMS with the account's default S3 key ({@code aws/s3}): {@code x-amz-server-side-encryption: aws:kms}. */
  public static S3Encryption kms() {
    return new S3Encryption(ServerSideEncryption.AWS_KMS, null);
  }

  /**
   * SSE-KMS with the given key, also sent as {@code x-amz-server-side-encryption-aws-kms-key-id}.
   *
   * @param keyId a KMS key id, key ARN or alias ARN (not blank)
   * @throws IllegalArgumentException if {@code keyId} is blank
   */
  public static S3Encryption kms(String keyId) {
    Objects.requireNonNull(keyId, "keyId");
    if (keyId.isBlank()) {
      throw new IllegalArgumentException("a KMS key id must not be blank");
    }
    return new S3Encryption(ServerSideEncryption.AWS_KMS, keyId);
  }

  /** The {@code x-amz-server-side-encryption} value: {@code AES256} or {@code aws:kms}. */
  public String algorithm() {
    return algorithm.toString();
  }

  /** The KMS key id, or null for SSE-S3 and for the default KMS key. */
  public String kmsKeyId() {
    return kmsKeyId;
  }

  void applyTo(PutObjectRequest.Builder r) {
    r.serverSideEncryption(algorithm);
    if (kmsKeyId != null) {
      r.ssekmsKeyId(kmsKeyId);
    }
  }

  void applyTo(CreateMultipartUploadRequest.Builder r) {
    r.serverSideEncryption(algorithm);
    if (kmsKeyId != null) {
      r.ssekmsKeyId(kmsKeyId);
    }
  }

  void applyTo(CopyObjectRequest.Builder r) {
    r.serverSideEncryption(algorithm);
    if (kmsKeyId != null) {
      r.ssekmsKeyId(kmsKeyId);
    }
  }

  @Override
  public String toString() {
    return kmsKeyId == null ? algorithm() : algorithm() + " (" + kmsKeyId + ")";
  }
}
