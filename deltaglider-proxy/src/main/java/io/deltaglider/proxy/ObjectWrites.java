package io.deltaglider.proxy;

import io.deltaglider.PutOptions;
import io.deltaglider.spi.KeyRules;
import java.io.IOException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.util.List;

/** PutObject, CopyObject, DeleteObject and DeleteObjects. */
final class ObjectWrites {
  static final int BODY_MEMORY_LIMIT = 1 << 20;
  private static final long MAX_XML_BODY = 2L << 20;
  private static final int MAX_DELETE_KEYS = 1000;

  private final StoreAccess store;
  private final Path work;

  ObjectWrites(StoreAccess store, Path work) {
    this.store = store;
    this.work = work;
  }

  void put(Exchange x) throws IOException {
    S3Request r = x.request();
    if (r.header("If-None-Match") != null || r.header("If-Match") != null) {
      throw new S3Exception(S3ErrorCode.NOT_IMPLEMENTED, "Conditional writes (If-Match, If-None-Match on PUT) are not "
          + "supported yet");
    }
    checkKey(x.storeKey());
    PutOptions options = UploadOptions.fromHeaders(r);
    try (ReceivedBody body = RequestBody.receive(r, x.auth(), store.maxObjectSize(), work, BODY_MEMORY_LIMIT)) {
      store.put(x.storeKey(), body, options);
      x.header("ETag", Responses.quoted(body.md5Hex()));
      body.checksums().forEach(x::header);
      Responses.empty(x.response(), 200);
    }
  }

  /** A key the store refuses is refused before the body is read. */
  static void checkKey(String storeKey) {
    String problem = KeyRules.userKeyProblem(storeKey);
    if (problem != null) {
      throw StoreAccess.map(new io.deltaglider.InvalidKeyException(storeKey, problem), storeKey);
    }
  }

  void copy(Exchange x, Buckets buckets) throws IOException {
    S3Request r = x.request();
    CopySource src = CopySource.parse(r.header("x-amz-copy-source"));
    if (!x.auth().key().mayUse(src.bucket())) {
      throw new S3Exception(S3ErrorCode.ACCESS_DENIED);
    }
    if (!buckets.exists(src.bucket())) {
      throw new S3Exception(S3ErrorCode.NO_SUCH_BUCKET).detail("BucketName", src.bucket());
    }
    String from = src.bucket() + "/" + src.key();
    String to = x.storeKey();
    checkKey(to);
    String directive = r.header("x-amz-metadata-directive");
    boolean replace = directive != null && directive.strip().equalsIgnoreCase("REPLACE");
    if (directive != null && !replace && !directive.strip().equalsIgnoreCase("COPY")) {
      throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT, "Unknown metadata directive.")
          .detail("ArgumentName", "x-amz-metadata-directive").detail("ArgumentValue", directive);
    }
    if (from.equals(to) && !replace) {
      throw new S3Exception(S3ErrorCode.INVALID_REQUEST, "This copy request is illegal because it is trying to copy an "
          + "object to itself without changing the object's metadata, storage class, website redirect location or "
          + "encryption attributes.");
    }
    ObjectMeta source = store.head(from);
    Preconditions.Outcome o = Preconditions.check(r.header("x-amz-copy-source-if-match"),
        r.header("x-amz-copy-source-if-none-match"), r.header("x-amz-copy-source-if-modified-since"),
        r.header("x-amz-copy-source-if-unmodified-since"), source);
    if (o == Preconditions.Outcome.NOT_MODIFIED) {
      throw new S3Exception(S3ErrorCode.PRECONDITION_FAILED);
    }
    // The size guard comes before any byte is read: a copy reconstructs the whole source.
    if (source.size() > store.maxObjectSize()) {
      throw new S3Exception(S3ErrorCode.INVALID_REQUEST, "The specified copy source is larger than the maximum "
          + "allowable size for a copy source: " + store.maxObjectSize());
    }
    String etag;
    if (replace) {
      PutOptions options = UploadOptions.fromHeaders(r);
      try (StoreAccess.OpenedObject opened = store.open(from);
          DigestInputStream in = new DigestInputStream(opened.content(), Hashing.md5())) {
        store.put(to, in, options);
        etag = Hashing.hex(in.getMessageDigest().digest());
      }
    } else {
      store.copy(from, to);
      etag = store.head(to).etag();
    }
    byte[] doc = XmlWriter.document("CopyObjectResult")
        .element("LastModified", Responses.isoDate(store.head(to).lastModified()))
        .element("ETag", Responses.quoted(etag))
        .finish("CopyObjectResult");
    Responses.xml(x.response(), 200, doc);
  }

  void delete(Exchange x) throws IOException {
    store.delete(x.storeKey());
    Responses.empty(x.response(), 204);
  }

  void deleteObjects(Exchange x) throws IOException {
    XmlElement doc;
    try (ReceivedBody body = RequestBody.receive(x.request(), x.auth(), MAX_XML_BODY, work, (int) MAX_XML_BODY)) {
      doc = XmlElement.parse(body.bytes(), "Delete");
    }
    boolean quiet = "true".equalsIgnoreCase(String.valueOf(doc.childText("Quiet")).strip());
    List<XmlElement> objects = doc.all("Object");
    if (objects.isEmpty() || objects.size() > MAX_DELETE_KEYS) {
      throw new S3Exception(S3ErrorCode.MALFORMED_XML);
    }
    XmlWriter out = XmlWriter.document("DeleteResult");
    for (XmlElement o : objects) {
      String key = o.childText("Key");
      if (key == null) {
        throw new S3Exception(S3ErrorCode.MALFORMED_XML);
      }
      String version = o.childText("VersionId");
      try {
        if (version != null && !version.isEmpty() && !version.equals("null")) {
          throw new S3Exception(S3ErrorCode.NOT_IMPLEMENTED, "Versioning is not supported");
        }
        store.delete(x.request().bucket + "/" + key);
        if (!quiet) {
          out.start("Deleted").element("Key", key).element("VersionId", version).end("Deleted");
        }
      } catch (S3Exception e) {
        out.start("Error").element("Key", key).element("VersionId", version).element("Code", e.code.code)
            .element("Message", e.getMessage()).end("Error");
      }
    }
    Responses.xml(x.response(), 200, out.finish("DeleteResult"));
  }

  /**
   * {@code x-amz-copy-source}: {@code [/]bucket/key}, URL-encoded, optionally with {@code ?versionId=}.
   *
   * @param bucket the source bucket
   * @param key the source key
   */
  record CopySource(String bucket, String key) {
    static CopySource parse(String header) {
      if (header == null || header.isBlank()) {
        throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT, "Copy Source must mention the source bucket and key: "
            + "sourcebucket/sourcekey").detail("ArgumentName", "x-amz-copy-source");
      }
      String s = header.strip();
      int q = s.indexOf('?');
      if (q >= 0) {
        String query = s.substring(q + 1);
        s = s.substring(0, q);
        String version = S3Request.parseQuery(query).getOrDefault("versionId", List.of("null")).get(0);
        if (!version.equals("null")) {
          throw new S3Exception(S3ErrorCode.NOT_IMPLEMENTED, "Versioning is not supported");
        }
      }
      String decoded = UriCodec.decodePath(s);
      if (decoded.startsWith("/")) {
        decoded = decoded.substring(1);
      }
      int slash = decoded.indexOf('/');
      if (slash <= 0 || slash == decoded.length() - 1) {
        throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT, "Copy Source must mention the source bucket and key: "
            + "sourcebucket/sourcekey").detail("ArgumentName", "x-amz-copy-source");
      }
      return new CopySource(decoded.substring(0, slash), decoded.substring(slash + 1));
    }
  }
}
