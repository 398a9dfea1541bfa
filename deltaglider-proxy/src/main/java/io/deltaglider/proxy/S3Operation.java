package io.deltaglider.proxy;

import java.util.Set;

/**
 * What a request asks for, by S3's operation names: the handler routes on it, and the access log
 * and metrics name requests by it. Decided from method, path and query alone, before
 * authentication, so that refused requests are named too.
 */
enum S3Operation {
  LIST_BUCKETS("ListBuckets"),
  CREATE_BUCKET("CreateBucket"),
  HEAD_BUCKET("HeadBucket"),
  DELETE_BUCKET("DeleteBucket"),
  GET_BUCKET_LOCATION("GetBucketLocation"),
  LIST_OBJECTS("ListObjects"),
  LIST_OBJECTS_V2("ListObjectsV2"),
  LIST_MULTIPART_UPLOADS("ListMultipartUploads"),
  DELETE_OBJECTS("DeleteObjects"),
  GET_OBJECT("GetObject"),
  HEAD_OBJECT("HeadObject"),
  GET_OBJECT_TAGGING("GetObjectTagging"),
  PUT_OBJECT("PutObject"),
  COPY_OBJECT("CopyObject"),
  DELETE_OBJECT("DeleteObject"),
  CREATE_MULTIPART_UPLOAD("CreateMultipartUpload"),
  UPLOAD_PART("UploadPart"),
  UPLOAD_PART_COPY("UploadPartCopy"),
  COMPLETE_MULTIPART_UPLOAD("CompleteMultipartUpload"),
  ABORT_MULTIPART_UPLOAD("AbortMultipartUpload"),
  LIST_PARTS("ListParts"),
  /** A sub-resource S3 has and the gateway does not ({@link #UNSUPPORTED_SUBRESOURCES}). */
  NOT_IMPLEMENTED("NotImplemented"),
  /** A POST that is neither a batch delete nor a multipart step (HTML form uploads). */
  UNSUPPORTED_POST("NotImplemented"),
  METHOD_NOT_ALLOWED("MethodNotAllowed"),
  /** Not parsed: a path that is no S3 resource. */
  UNKNOWN("Unknown");

  /** Sub-resources S3 has and the gateway does not: {@code NotImplemented}, never mistaken for a plain request. */
  static final Set<String> UNSUPPORTED_SUBRESOURCES = Set.of("acl", "tagging", "versioning", "versions", "policy",
      "policyStatus", "cors", "lifecycle", "website", "encryption", "replication", "notification", "logging",
      "object-lock", "retention", "legal-hold", "torrent", "restore", "select", "accelerate", "requestPayment",
      "ownershipControls", "publicAccessBlock", "intelligent-tiering", "analytics", "inventory", "metrics",
      "attributes", "versionId", "session", "renameObject");

  /** S3's name of the operation, e.g. {@code PutObject}. */
  final String s3Name;

  S3Operation(String s3Name) {
    this.s3Name = s3Name;
  }

  /** The unsupported sub-resource a request names, or null (GetObjectTagging is supported). */
  static String unsupportedSubresource(S3Request r) {
    boolean readTags = r.key != null && r.method.equals("GET") && r.has("tagging");
    for (String sub : UNSUPPORTED_SUBRESOURCES) {
      if (r.has(sub) && !(readTags && sub.equals("tagging"))) {
        return sub;
      }
    }
    return null;
  }

  static S3Operation of(S3Request r) {
    if (r == null) {
      return UNKNOWN;
    }
    if (unsupportedSubresource(r) != null) {
      return NOT_IMPLEMENTED;
    }
    if (r.bucket == null) {
      return r.method.equals("GET") ? LIST_BUCKETS : METHOD_NOT_ALLOWED;
    }
    return r.key == null ? onBucket(r) : onObject(r);
  }

  private static S3Operation onBucket(S3Request r) {
    return switch (r.method) {
      case "GET" -> r.has("uploads") ? LIST_MULTIPART_UPLOADS
          : r.has("location") ? GET_BUCKET_LOCATION
          : "2".equals(r.query("list-type")) ? LIST_OBJECTS_V2 : LIST_OBJECTS;
      case "HEAD" -> HEAD_BUCKET;
      case "PUT" -> CREATE_BUCKET;
      case "DELETE" -> DELETE_BUCKET;
      case "POST" -> r.has("delete") ? DELETE_OBJECTS : UNSUPPORTED_POST;
      default -> METHOD_NOT_ALLOWED;
    };
  }

  private static S3Operation onObject(S3Request r) {
    boolean copy = r.header("x-amz-copy-source") != null;
    return switch (r.method) {
      case "GET" -> r.has("uploadId") ? LIST_PARTS : r.has("tagging") ? GET_OBJECT_TAGGING : GET_OBJECT;
      case "HEAD" -> HEAD_OBJECT;
      case "PUT" -> r.has("uploadId") || r.has("partNumber") ? (copy ? UPLOAD_PART_COPY : UPLOAD_PART)
          : copy ? COPY_OBJECT : PUT_OBJECT;
      case "DELETE" -> r.has("uploadId") ? ABORT_MULTIPART_UPLOAD : DELETE_OBJECT;
      case "POST" -> r.has("uploads") ? CREATE_MULTIPART_UPLOAD
          : r.has("uploadId") ? COMPLETE_MULTIPART_UPLOAD : UNSUPPORTED_POST;
      default -> METHOD_NOT_ALLOWED;
    };
  }
}
