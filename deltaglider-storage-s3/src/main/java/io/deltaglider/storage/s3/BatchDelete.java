package io.deltaglider.storage.s3;

import io.deltaglider.BatchDeleteException;
import io.deltaglider.DeltaStoreException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Error;

/**
 * Deletes many keys with DeleteObjects, up to 1,000 a request, in quiet mode (S3 answers only the
 * keys it could not delete). Missing keys are not errors, as with DeleteObject. A server that
 * refuses the request itself (501, or 400: DeleteObjects carries a CRC32 checksum header the SDK
 * always adds to it, which some S3-compatible servers reject) gets one DeleteObject per key from
 * then on.
 */
final class BatchDelete {
  private static final Logger LOG = LoggerFactory.getLogger(BatchDelete.class);
  /** S3's limit of keys per DeleteObjects request. */
  static final int MAX_KEYS = 1000;

  private final S3Client s3;
  private final String bucket;
  private final String root;
  private final S3Errors errors;
  private volatile boolean oneByOne;

  BatchDelete(S3Client s3, String bucket, String root, S3Errors errors) {
    this.s3 = s3;
    this.bucket = bucket;
    this.root = root;
    this.errors = errors;
  }

  /**
   * Deletes every key (backend keys, without the root prefix), duplicates once.
   *
   * @throws BatchDeleteException naming each key S3 refused to delete, with its error code, after
   *     every batch was tried
   */
  void deleteAll(Collection<String> keys) throws DeltaStoreException {
    List<String> all = new ArrayList<>(new LinkedHashSet<>(keys));
    Map<String, String> failures = new LinkedHashMap<>();
    for (int from = 0; from < all.size(); from += MAX_KEYS) {
      List<String> chunk = all.subList(from, Math.min(all.size(), from + MAX_KEYS));
      if (oneByOne) {
        deleteEach(chunk, failures);
        continue;
      }
      List<ObjectIdentifier> ids = new ArrayList<>(chunk.size());
      for (String key : chunk) {
        ids.add(ObjectIdentifier.builder().key(root + key).build());
      }
      DeleteObjectsResponse r;
      try {
        r = s3.deleteObjects(b -> b.bucket(bucket).delete(d -> d.quiet(true).objects(ids)));
      } catch (SdkException e) {
        if (S3Errors.notImplemented(e) || (e instanceof AwsServiceException ase && ase.statusCode() == 400)) {
          LOG.warn("{} refuses DeleteObjects; deleting one key per request from now on ({})",
              errors.describeKey(null), e.getMessage());
          oneByOne = true;
          deleteEach(chunk, failures);
          continue;
        }
        throw errors.translate("delete " + chunk.size() + " keys from", null, e);
      }
      for (S3Error err : r.errors()) {
        String key = err.key() != null && err.key().startsWith(root) ? err.key().substring(root.length()) : err.key();
        failures.put(key, err.code() + (err.message() == null ? "" : ": " + err.message()));
      }
    }
    if (!failures.isEmpty()) {
      throw new BatchDeleteException("delete " + all.size() + " keys from " + errors.describeKey(null), failures);
    }
  }

  private void deleteEach(List<String> keys, Map<String, String> failures) throws DeltaStoreException {
    for (String key : keys) {
      try {
        s3.deleteObject(b -> b.bucket(bucket).key(root + key));
      } catch (SdkException e) {
        DeltaStoreException d = errors.translate("delete", key, e);
        if (!(e instanceof AwsServiceException)) {
          throw d; // the server is out of reach: no point trying the others
        }
        failures.put(key, d.getMessage());
      }
    }
  }
}
