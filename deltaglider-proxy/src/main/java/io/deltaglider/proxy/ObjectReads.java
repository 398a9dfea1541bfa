package io.deltaglider.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import org.eclipse.jetty.io.Content;

/**
 * GetObject and HeadObject: Range, preconditions, {@code response-*} overrides, user metadata.
 * The body is the store's verified stream: no byte is sent before the whole object matched its
 * SHA-256.
 */
final class ObjectReads {
  private static final Map<String, String> OVERRIDES = Map.of(
      "response-content-type", "Content-Type",
      "response-content-language", "Content-Language",
      "response-expires", "Expires",
      "response-cache-control", "Cache-Control",
      "response-content-disposition", "Content-Disposition",
      "response-content-encoding", "Content-Encoding");
  private static final String DEFAULT_CONTENT_TYPE = "binary/octet-stream";

  private final StoreAccess store;

  ObjectReads(StoreAccess store) {
    this.store = store;
  }

  void head(Exchange x) throws IOException {
    ObjectMeta meta = store.head(x.storeKey());
    Target t = target(x, meta);
    if (t == null) {
      return;
    }
    Responses.empty(x.response(), t.status);
  }

  /**
   * GetObjectTagging: the gateway keeps no tags, so an existing object's tag set is empty (clients
   * such as AWS CLI v2 read it to copy an object's tags along with it).
   */
  void tagging(Exchange x) throws IOException {
    store.head(x.storeKey());
    Responses.xml(x.response(), 200, XmlWriter.document("Tagging").start("TagSet").end("TagSet").finish("Tagging"));
  }

  void get(Exchange x) throws IOException {
    S3Request r = x.request();
    if (r.header("Range") == null && r.query("partNumber") == null) {
      try (StoreAccess.OpenedObject o = store.open(x.storeKey())) {
        Target t = target(x, o.meta());
        if (t != null) {
          send(x, t, o.content());
        }
      }
      return;
    }
    // A range (the parallel parts of a large download) is read as a range: the whole object is
    // neither reconstructed nor read up to the range again for each one.
    ObjectMeta meta = store.head(x.storeKey());
    Target t = target(x, meta);
    if (t == null) {
      return;
    }
    if (t.status == 206) {
      try (InputStream in = store.openRange(x.storeKey(), meta, t.first, t.length)) {
        send(x, new Target(206, 0, t.length), in);
      }
      return;
    }
    try (StoreAccess.OpenedObject o = store.open(x.storeKey(), meta)) {
      send(x, t, o.content());
    }
  }

  private static void send(Exchange x, Target t, InputStream in) throws IOException {
    x.response().setStatus(t.status);
    in.skipNBytes(t.first);
    // The stream is closed by the handler's completion; a failure mid-body aborts the connection,
    // so the client sees a short body, never a complete-looking wrong one.
    OutputStream out = Content.Sink.asOutputStream(x.response());
    byte[] buf = new byte[64 * 1024];
    long left = t.length;
    while (left > 0) {
      int n = in.read(buf, 0, (int) Math.min(buf.length, left));
      if (n < 0) {
        throw new IOException("the stored object ended " + left + " bytes early");
      }
      out.write(buf, 0, n);
      left -= n;
    }
    out.close();
  }

  /** What to send: status and byte span; null if a 304 was already answered. */
  private Target target(Exchange x, ObjectMeta meta) throws IOException {
    S3Request r = x.request();
    Preconditions.Outcome outcome = Preconditions.check(r.header("If-Match"), r.header("If-None-Match"),
        r.header("If-Modified-Since"), r.header("If-Unmodified-Since"), meta);
    x.header("ETag", Responses.quoted(meta.etag()));
    x.header("Last-Modified", Responses.httpDate(meta.lastModified()));
    if (outcome == Preconditions.Outcome.NOT_MODIFIED) {
      x.response().getHeaders().put("Content-Length", "0");
      Responses.empty(x.response(), 304);
      return null;
    }
    long size = meta.size();
    ByteRange range = partNumber(r, size);
    if (range == null) {
      range = ByteRange.parse(r.header("Range"), size);
    }
    x.header("Accept-Ranges", "bytes");
    x.header("Content-Type", meta.contentType() != null ? meta.contentType() : DEFAULT_CONTENT_TYPE);
    meta.userMetadata().forEach((n, v) -> x.header("x-amz-meta-" + n, v));
    overrides(x);
    if (range == null) {
      x.header("Content-Length", Long.toString(size));
      return new Target(200, 0, size);
    }
    x.header("Content-Range", range.contentRange(size));
    x.header("Content-Length", Long.toString(range.length()));
    return new Target(206, range.first(), range.length());
  }

  /** {@code partNumber}: every object here is one part (the store keeps no part boundaries). */
  private static ByteRange partNumber(S3Request r, long size) {
    String p = r.query("partNumber");
    if (p == null) {
      return null;
    }
    if (!p.equals("1")) {
      int n;
      try {
        n = Integer.parseInt(p);
      } catch (NumberFormatException e) {
        n = -1;
      }
      throw n >= 1 && n <= 10_000 ? new S3Exception(S3ErrorCode.INVALID_PART_NUMBER)
          : new S3Exception(S3ErrorCode.INVALID_ARGUMENT, "Part number must be an integer between 1 and 10000, inclusive")
              .detail("ArgumentName", "partNumber").detail("ArgumentValue", p);
    }
    return size == 0 ? null : new ByteRange(0, size - 1);
  }

  private static void overrides(Exchange x) {
    for (Map.Entry<String, String> o : OVERRIDES.entrySet()) {
      String v = x.request().query(o.getKey());
      if (v == null) {
        continue;
      }
      if (x.auth().key().isAnonymous()) {
        throw new S3Exception(S3ErrorCode.INVALID_REQUEST, "Request specific response headers cannot be used for "
            + "anonymous GET requests.");
      }
      if (!v.chars().allMatch(c -> c >= 0x20 && c != 0x7F)) {
        throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT, "Header value contains control characters")
            .detail("ArgumentName", o.getKey());
      }
      x.header(o.getValue(), v);
    }
  }

  private record Target(int status, long first, long length) {}
}
