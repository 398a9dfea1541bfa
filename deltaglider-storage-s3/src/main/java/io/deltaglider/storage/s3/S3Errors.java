package io.deltaglider.storage.s3;

import io.deltaglider.BackendException;
import io.deltaglider.DeltaStoreException;
import io.deltaglider.ObjectExistsException;
import io.deltaglider.ObjectNotFoundException;
import io.deltaglider.StorageFullException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Turns SDK failures into the SPI's exceptions, with messages that name the bucket, the key and,
 * when S3 answered, its error code and HTTP status.
 */
final class S3Errors {
  private final String bucket;
  private final String root;
  private final String endpointText;
  private final Runnable onMissingBucket;

  /**
   * Errors of one backend.
   *
   * @param onMissingBucket called when S3 says the bucket does not exist (it may have been deleted
   *     since it was checked)
   */
  S3Errors(String bucket, String root, String endpointText, Runnable onMissingBucket) {
    this.bucket = bucket;
    this.root = root;
    this.endpointText = endpointText;
    this.onMissingBucket = onMissingBucket;
  }

  DeltaStoreException translate(String action, String key, SdkException e) {
    String what = action + " " + describeKey(key);
    if (e instanceof AwsServiceException ase) {
      String code = code(ase);
      int status = ase.statusCode();
      String server = code == null ? "HTTP " + status : code + " (HTTP " + status + ")";
      if ("NoSuchBucket".equals(code)) {
        onMissingBucket.run();
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
        return new StorageFullException(what + ": the storage is full: " + server, e);
      }
      String message = ase.awsErrorDetails() == null ? null : ase.awsErrorDetails().errorMessage();
      return new BackendException(what + ": " + server + (message == null ? "" : ": " + message), e);
    }
    for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
      if (c instanceof PayloadStreams.ContentUnreadable) {
        return new BackendException(what + ": cannot read the content: " + c.getCause().getMessage(), e);
      }
    }
    if (e instanceof SdkClientException) {
      return new BackendException(what + ": cannot reach S3" + at() + ": " + e.getMessage(), e);
    }
    return new BackendException(what + ": " + e.getMessage(), e);
  }

  /** {@code s3://bucket/<root><key>}, for messages. */
  String describeKey(String key) {
    return "s3://" + bucket + "/" + root + (key == null ? "" : key);
  }

  /** {@code " at <endpoint>"}, or nothing on AWS. */
  String at() {
    return endpointText == null ? "" : " at " + endpointText;
  }

  static boolean isNotFound(SdkException e) {
    return e instanceof NoSuchKeyException
        || (e instanceof AwsServiceException ase && ase.statusCode() == 404 && !"NoSuchBucket".equals(code(ase)));
  }

  static boolean isPreconditionFailed(SdkException e) {
    return e instanceof AwsServiceException ase && (ase.statusCode() == 412 || "PreconditionFailed".equals(code(ase)));
  }

  static boolean notImplemented(SdkException e) {
    return e instanceof AwsServiceException ase && (ase.statusCode() == 501 || "NotImplemented".equals(code(ase)));
  }

  static String code(AwsServiceException e) {
    return e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
  }
}
