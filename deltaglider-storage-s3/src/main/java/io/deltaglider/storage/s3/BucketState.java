package io.deltaglider.storage.s3;

import io.deltaglider.BackendException;
import io.deltaglider.DeltaStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketLocationConstraint;
import software.amazon.awssdk.services.s3.model.CreateBucketRequest;

/**
 * What a backend knows about its bucket: whether it was seen to exist (to tell a missing bucket
 * from a missing key after a 404 on HEAD), and, with {@code createBucketIfMissing}, creating it
 * once before the first request.
 */
final class BucketState {
  private static final Logger LOG = LoggerFactory.getLogger(BucketState.class);

  private final S3Client s3;
  private final String bucket;
  private final boolean createIfMissing;
  private S3Errors errors;
  private volatile boolean checked;
  private volatile boolean ensured;

  BucketState(S3Client s3, String bucket, boolean createIfMissing) {
    this.s3 = s3;
    this.bucket = bucket;
    this.createIfMissing = createIfMissing;
    this.ensured = !createIfMissing;
  }

  void errors(S3Errors errors) {
    this.errors = errors;
  }

  /** S3 said the bucket does not exist: check (and create, if configured) again next time. */
  void forget() {
    checked = false;
    ensured = !createIfMissing;
  }

  /** One HeadBucket: the bucket exists and these credentials may use it. */
  void verify() throws DeltaStoreException {
    ensureExists();
    try {
      s3.headBucket(r -> r.bucket(bucket));
      checked = true;
    } catch (SdkException e) {
      if (e instanceof AwsServiceException ase && ase.statusCode() == 404) {
        throw new BackendException("S3 bucket '" + bucket + "' does not exist" + errors.at(), e);
      }
      throw errors.translate("check bucket", null, e);
    }
  }

  /**
   * With {@code createIfMissing}: before the first request, HeadBucket and, on 404, CreateBucket
   * (another writer creating it at the same moment is fine). Failures are thrown and the next
   * request tries again. Without it, nothing.
   */
  void ensureExists() throws DeltaStoreException {
    if (ensured) {
      return;
    }
    synchronized (this) {
      if (ensured) {
        return;
      }
      try {
        s3.headBucket(r -> r.bucket(bucket));
      } catch (SdkException e) {
        if (!(e instanceof AwsServiceException ase && ase.statusCode() == 404)) {
          throw errors.translate("check bucket", null, e);
        }
        create();
      }
      ensured = true;
      checked = true;
    }
  }

  private void create() throws DeltaStoreException {
    CreateBucketRequest.Builder req = CreateBucketRequest.builder().bucket(bucket);
    // The client's region is where the bucket goes; us-east-1 takes no location constraint.
    Region region = s3.serviceClientConfiguration().region();
    String locationConstraint = region == null || region.equals(Region.US_EAST_1) ? null : region.id();
    if (locationConstraint != null) {
      req.createBucketConfiguration(c -> c.locationConstraint(BucketLocationConstraint.fromValue(locationConstraint)));
    }
    try {
      s3.createBucket(req.build());
      LOG.info("created S3 bucket {}{}", bucket, errors.at());
    } catch (SdkException e) {
      if (e instanceof AwsServiceException ase && "BucketAlreadyOwnedByYou".equals(S3Errors.code(ase))) {
        return; // created by another writer meanwhile
      }
      if (e instanceof AwsServiceException ase && "BucketAlreadyExists".equals(S3Errors.code(ase))) {
        throw new BackendException("cannot create S3 bucket '" + bucket + "': the name is taken by another account"
            + errors.at(), e);
      }
      throw errors.translate("create bucket", null, e);
    }
  }

  /**
   * After a 404 on HeadObject: is it the bucket that is missing? One HeadBucket per backend answers
   * that. Only a 404 from it counts; a denial (credentials scoped to a prefix may not HeadBucket)
   * or any other failure leaves the answer "the key is missing".
   */
  void checkOnce(SdkException cause) throws DeltaStoreException {
    if (checked) {
      return;
    }
    try {
      s3.headBucket(r -> r.bucket(bucket));
    } catch (SdkException e) {
      if (e instanceof AwsServiceException ase && ase.statusCode() == 404) {
        BackendException missing = new BackendException("S3 bucket '" + bucket + "' does not exist" + errors.at(), e);
        missing.addSuppressed(cause);
        throw missing;
      }
      LOG.debug("cannot check bucket {} after a missing key: {}", bucket, e.toString());
    }
    checked = true;
  }
}
