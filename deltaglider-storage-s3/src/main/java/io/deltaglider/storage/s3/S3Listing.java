package io.deltaglider.storage.s3;

import io.deltaglider.DeltaStoreException;
import io.deltaglider.spi.BlobInfo;
import io.deltaglider.spi.BlobPage;
import io.deltaglider.spi.BlobQuery;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * One ListObjectsV2 request per page, under the root prefix plus the query's prefix, so its cost
 * is proportional to the matching keys, not to the bucket. Listings carry no metadata
 * ({@link BlobInfo#listed}): key, size, last-modified time and ETag only.
 */
final class S3Listing {
  private final S3Client s3;
  private final String bucket;
  private final String root;
  private final S3Errors errors;

  S3Listing(S3Client s3, String bucket, String root, S3Errors errors) {
    this.s3 = s3;
    this.bucket = bucket;
    this.root = root;
    this.errors = errors;
  }

  BlobPage list(BlobQuery query) throws DeltaStoreException {
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
      throw errors.translate("list", query.prefix(), e);
    }
    List<BlobInfo> objects = new ArrayList<>(r.contents().size());
    for (S3Object o : r.contents()) {
      objects.add(BlobInfo.listed(strip(o.key()), o.size() == null ? 0 : o.size(), o.lastModified(), unquote(o.eTag())));
    }
    List<String> prefixes = new ArrayList<>(r.commonPrefixes().size());
    for (CommonPrefix p : r.commonPrefixes()) {
      prefixes.add(strip(p.prefix()));
    }
    String next = Boolean.TRUE.equals(r.isTruncated()) ? r.nextContinuationToken() : null;
    return new BlobPage(objects, prefixes, next);
  }

  private String strip(String s3Key) {
    return s3Key.startsWith(root) ? s3Key.substring(root.length()) : s3Key;
  }

  /** An ETag without the quotes S3 sends it in, or null. */
  static String unquote(String etag) {
    if (etag == null) {
      return null;
    }
    String e = etag.strip();
    if (e.startsWith("W/")) {
      e = e.substring(2);
    }
    return e.length() >= 2 && e.startsWith("\"") && e.endsWith("\"") ? e.substring(1, e.length() - 1) : e;
  }
}
