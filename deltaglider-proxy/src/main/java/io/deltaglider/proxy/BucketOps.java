package io.deltaglider.proxy;

import java.io.IOException;

/** CreateBucket, HeadBucket, DeleteBucket. */
final class BucketOps {
  private static final long MAX_CONFIGURATION = 64 * 1024;

  private final Buckets buckets;

  BucketOps(Buckets buckets) {
    this.buckets = buckets;
  }

  void create(Exchange x) throws IOException {
    S3Request r = x.request();
    // A CreateBucketConfiguration (LocationConstraint) may come along: read, checked, not needed.
    if (r.jetty.getLength() != 0) {
      try (ReceivedBody body = RequestBody.receive(r, x.auth(), MAX_CONFIGURATION, null, (int) MAX_CONFIGURATION)) {
        if (body.length() > 0) {
          XmlElement.parse(body.bytes(), "CreateBucketConfiguration");
        }
      }
    }
    buckets.create(r.bucket);
    x.header("Location", "/" + r.bucket);
    Responses.empty(x.response(), 200);
  }

  void head(Exchange x) throws IOException {
    requireExists(x.request().bucket);
    Responses.empty(x.response(), 200);
  }

  void delete(Exchange x) throws IOException {
    buckets.delete(x.request().bucket);
    Responses.empty(x.response(), 204);
  }

  void requireExists(String bucket) {
    if (!buckets.exists(bucket)) {
      throw new S3Exception(S3ErrorCode.NO_SUCH_BUCKET).detail("BucketName", bucket);
    }
  }
}
