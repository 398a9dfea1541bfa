package io.deltaglider.proxy;

import io.deltaglider.ListPage;
import io.deltaglider.ObjectSummary;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/** ListBuckets, ListObjectsV2, ListObjects (version 1) and GetBucketLocation. */
final class Listings {
  private static final int MAX_KEYS = 1000;

  private final StoreAccess store;

  Listings(StoreAccess store) {
    this.store = store;
  }

  void listBuckets(Exchange x, Buckets buckets) throws IOException {
    AccessKey key = x.auth().key();
    XmlWriter w = XmlWriter.document("ListAllMyBucketsResult")
        .start("Owner").element("ID", key.id()).element("DisplayName", key.id()).end("Owner")
        .start("Buckets");
    for (Buckets.Bucket b : buckets.list()) {
      if (key.mayUse(b.name())) {
        w.start("Bucket").element("Name", b.name()).element("CreationDate", Responses.isoDate(b.created())).end("Bucket");
      }
    }
    Responses.xml(x.response(), 200, w.end("Buckets").finish("ListAllMyBucketsResult"));
  }

  void location(Exchange x) throws IOException {
    Responses.xml(x.response(), 200, XmlWriter.document("LocationConstraint").finish("LocationConstraint"));
  }

  void listV2(Exchange x) throws IOException {
    S3Request r = x.request();
    String prefix = orEmpty(r.query("prefix"));
    String delimiter = emptyToNull(r.query("delimiter"));
    String startAfter = emptyToNull(r.query("start-after"));
    String token = r.query("continuation-token");
    boolean url = encodingType(r);
    int maxKeys = maxKeys(r);
    ListPage page = page(r.bucket, prefix, delimiter, startAfter, token != null ? decodeToken(token) : null, maxKeys);
    XmlWriter w = XmlWriter.document("ListBucketResult")
        .element("Name", r.bucket)
        .element("Prefix", enc(prefix, url))
        .element("Delimiter", delimiter == null ? null : enc(delimiter, url))
        .element("MaxKeys", maxKeys)
        .element("EncodingType", url ? "url" : null)
        .element("KeyCount", page.objects().size() + page.commonPrefixes().size())
        .element("IsTruncated", page.isTruncated())
        .element("ContinuationToken", token)
        .element("NextContinuationToken", page.isTruncated() ? encodeToken(strip(r.bucket, page.nextContinuationToken())) : null)
        .element("StartAfter", startAfter == null ? null : enc(startAfter, url));
    contents(w, r.bucket, page, url, "true".equals(r.query("fetch-owner")) ? x.auth().key() : null);
    Responses.xml(x.response(), 200, w.finish("ListBucketResult"));
  }

  void listV1(Exchange x) throws IOException {
    S3Request r = x.request();
    String prefix = orEmpty(r.query("prefix"));
    String delimiter = emptyToNull(r.query("delimiter"));
    String marker = emptyToNull(r.query("marker"));
    boolean url = encodingType(r);
    int maxKeys = maxKeys(r);
    // A marker is resumed from as a token: a common prefix it names (as NextMarker may) is not repeated.
    ListPage page = page(r.bucket, prefix, delimiter, null, marker, maxKeys);
    XmlWriter w = XmlWriter.document("ListBucketResult")
        .element("Name", r.bucket)
        .element("Prefix", enc(prefix, url))
        .element("Marker", enc(marker == null ? "" : marker, url))
        .element("Delimiter", delimiter == null ? null : enc(delimiter, url))
        .element("MaxKeys", maxKeys)
        .element("EncodingType", url ? "url" : null)
        .element("IsTruncated", page.isTruncated())
        .element("NextMarker", page.isTruncated() ? enc(strip(r.bucket, page.nextContinuationToken()), url) : null);
    contents(w, r.bucket, page, url, x.auth().key());
    Responses.xml(x.response(), 200, w.finish("ListBucketResult"));
  }

  private ListPage page(String bucket, String prefix, String delimiter, String startAfter, String resumeAfter,
      int maxKeys) {
    String base = bucket + "/";
    return store.list(base + prefix, delimiter, startAfter == null ? null : base + startAfter,
        resumeAfter == null ? null : base + resumeAfter, maxKeys);
  }

  private static void contents(XmlWriter w, String bucket, ListPage page, boolean url, AccessKey owner) {
    for (ObjectSummary o : page.objects()) {
      Instant modified = o.lastModified() != null ? o.lastModified() : Instant.EPOCH;
      w.start("Contents")
          .element("Key", enc(strip(bucket, o.key()), url))
          .element("LastModified", Responses.isoDate(modified))
          .element("ETag", o.etag() != null ? Responses.quoted(o.etag()) : null)
          .element("Size", o.size() >= 0 ? o.size() : o.storedSize())
          .element("StorageClass", "STANDARD");
      if (owner != null) {
        w.start("Owner").element("ID", owner.id()).element("DisplayName", owner.id()).end("Owner");
      }
      w.end("Contents");
    }
    for (String p : page.commonPrefixes()) {
      w.start("CommonPrefixes").element("Prefix", enc(strip(bucket, p), url)).end("CommonPrefixes");
    }
  }

  private static String strip(String bucket, String storeKey) {
    return storeKey.substring(bucket.length() + 1);
  }

  private static boolean encodingType(S3Request r) {
    String e = r.query("encoding-type");
    if (e == null) {
      return false;
    }
    if (!e.equals("url")) {
      throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT, "Invalid Encoding Method specified in Request")
          .detail("ArgumentName", "encoding-type").detail("ArgumentValue", e);
    }
    return true;
  }

  private static int maxKeys(S3Request r) {
    String m = r.query("max-keys");
    if (m == null) {
      return MAX_KEYS;
    }
    try {
      int n = Integer.parseInt(m.strip());
      if (n >= 0) {
        return Math.min(n, MAX_KEYS);
      }
    } catch (NumberFormatException e) {
      // below
    }
    throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT, "Provided max-keys not an integer or within integer range")
        .detail("ArgumentName", "max-keys").detail("ArgumentValue", m);
  }

  /** Continuation tokens are the bucket-relative key to go on after, base64url: opaque to clients. */
  static String encodeToken(String key) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(key.getBytes(StandardCharsets.UTF_8));
  }

  static String decodeToken(String token) {
    try {
      String key = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      if (!key.isEmpty() && encodeToken(key).equals(token)) {
        return key;
      }
    } catch (IllegalArgumentException e) {
      // below
    }
    throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT, "The continuation token provided is incorrect")
        .detail("ArgumentName", "continuation-token");
  }

  private static String enc(String s, boolean url) {
    return url ? UriCodec.encode(s, true) : s;
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
