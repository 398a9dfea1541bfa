package io.deltaglider.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * CreateMultipartUpload, UploadPart, UploadPartCopy, CompleteMultipartUpload, AbortMultipartUpload, ListParts and
 * ListMultipartUploads. Parts wait in {@link Uploads} (the work directory, or the store when
 * gateways share uploads); completion streams them, in order, into one
 * {@code DeltaStore} put, so the object appears whole or not at all. The object's ETag is the MD5
 * of all its bytes (what HEAD and GET report later), not S3's MD5-of-part-MD5s.
 */
final class MultipartOps {
  private static final long MIN_PART_SIZE = 5L << 20;
  private static final long MAX_PART_SIZE = 5L << 30;
  private static final long MAX_XML_BODY = 2L << 20;

  private final StoreAccess store;
  private final Uploads uploads;
  private final Path work;

  MultipartOps(StoreAccess store, Uploads uploads, Path work) {
    this.store = store;
    this.uploads = uploads;
    this.work = work;
  }

  void create(Exchange x) throws IOException {
    S3Request r = x.request();
    ObjectWrites.checkKey(x.storeKey());
    Uploads.Upload u = uploads.create(r.bucket, r.key, x.auth().key().id(), UploadOptions.fromHeaders(r));
    byte[] doc = XmlWriter.document("InitiateMultipartUploadResult")
        .element("Bucket", r.bucket).element("Key", r.key).element("UploadId", u.id())
        .finish("InitiateMultipartUploadResult");
    Responses.xml(x.response(), 200, doc);
  }

  void uploadPart(Exchange x, Buckets buckets) throws IOException {
    S3Request r = x.request();
    if (r.header("x-amz-copy-source") != null) {
      uploadPartCopy(x, buckets);
      return;
    }
    int number = partNumber(r.query("partNumber"));
    Uploads.Upload u = uploads.get(r.query("uploadId"), r.bucket, r.key);
    try (ReceivedBody body = RequestBody.receive(r, x.auth(), Math.min(MAX_PART_SIZE, store.maxObjectSize()), work,
        ObjectWrites.BODY_MEMORY_LIMIT)) {
      Uploads.Part p = uploads.putPart(u, number, body);
      x.header("ETag", Responses.quoted(p.etag()));
      body.checksums().forEach(x::header);
      Responses.empty(x.response(), 200);
    }
  }

  /**
   * UploadPartCopy: a part made of a stored object's bytes ({@code x-amz-copy-source}), all of them
   * or {@code x-amz-copy-source-range: bytes=FIRST-LAST}. The source is read verified, as GetObject
   * reads it: each part reconstructs the whole source once, so copying a large object in many parts
   * costs as many reconstructions.
   */
  private void uploadPartCopy(Exchange x, Buckets buckets) throws IOException {
    S3Request r = x.request();
    int number = partNumber(r.query("partNumber"));
    Uploads.Upload u = uploads.get(r.query("uploadId"), r.bucket, r.key);
    ObjectWrites.CopySource src = ObjectWrites.CopySource.parse(r.header("x-amz-copy-source"));
    if (!x.auth().key().mayUse(src.bucket())) {
      throw new S3Exception(S3ErrorCode.ACCESS_DENIED);
    }
    if (!buckets.exists(src.bucket())) {
      throw new S3Exception(S3ErrorCode.NO_SUCH_BUCKET).detail("BucketName", src.bucket());
    }
    String from = src.bucket() + "/" + src.key();
    // The size guard comes before any byte is read, as for CopyObject.
    ObjectMeta looked = store.head(from);
    if (looked.size() > store.maxObjectSize()) {
      throw new S3Exception(S3ErrorCode.INVALID_REQUEST, "The specified copy source is larger than the maximum "
          + "allowable size for a copy source: " + store.maxObjectSize());
    }
    try (StoreAccess.OpenedObject opened = store.open(from)) {
      ObjectMeta source = opened.meta();
      Preconditions.Outcome o = Preconditions.check(r.header("x-amz-copy-source-if-match"),
          r.header("x-amz-copy-source-if-none-match"), r.header("x-amz-copy-source-if-modified-since"),
          r.header("x-amz-copy-source-if-unmodified-since"), source);
      if (o == Preconditions.Outcome.NOT_MODIFIED) {
        throw new S3Exception(S3ErrorCode.PRECONDITION_FAILED);
      }
      long[] span = copySourceRange(r.header("x-amz-copy-source-range"), source.size());
      long first = span[0];
      long length = span[1];
      if (length > MAX_PART_SIZE) {
        throw new S3Exception(S3ErrorCode.ENTITY_TOO_LARGE).detail("ProposedSize", Long.toString(length))
            .detail("MaxSizeAllowed", Long.toString(MAX_PART_SIZE));
      }
      Path tmp = Files.createTempFile(work, "part-copy-", ".tmp");
      ReceivedBody body;
      try {
        MessageDigest md5 = Hashing.md5();
        InputStream in = opened.content();
        in.skipNBytes(first);
        try (OutputStream out = new DigestOutputStream(Files.newOutputStream(tmp), md5)) {
          byte[] buf = new byte[64 * 1024];
          long left = length;
          while (left > 0) {
            int n = in.read(buf, 0, (int) Math.min(buf.length, left));
            if (n < 0) {
              throw new IOException("the stored object " + from + " ended " + left + " bytes early");
            }
            out.write(buf, 0, n);
            left -= n;
          }
        }
        body = new ReceivedBody(null, tmp, length, Hashing.hex(md5.digest()), Map.of());
      } catch (IOException | RuntimeException e) {
        Files.deleteIfExists(tmp);
        throw e;
      }
      Uploads.Part p;
      try (body) {
        p = uploads.putPart(u, number, body);
      }
      byte[] doc = XmlWriter.document("CopyPartResult")
          .element("LastModified", Responses.isoDate(p.modified()))
          .element("ETag", Responses.quoted(p.etag()))
          .finish("CopyPartResult");
      Responses.xml(x.response(), 200, doc);
    }
  }

  /** {@code bytes=FIRST-LAST} of an object of {@code size} bytes as {first, length}; the whole object if absent. */
  static long[] copySourceRange(String header, long size) {
    if (header == null) {
      return new long[] {0, size};
    }
    String h = header.strip();
    int dash = h.indexOf('-');
    if (h.startsWith("bytes=") && dash > 6) {
      try {
        long first = Long.parseLong(h.substring(6, dash));
        long last = Long.parseLong(h.substring(dash + 1));
        if (first >= 0 && first <= last && last < size) {
          return new long[] {first, last - first + 1};
        }
        if (first >= 0 && first <= last) {
          throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT, "Range specified is not valid for source object of size: "
              + size).detail("ArgumentName", "x-amz-copy-source-range").detail("ArgumentValue", header);
        }
      } catch (NumberFormatException e) {
        // below
      }
    }
    throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT, "The x-amz-copy-source-range value must be of the form "
        + "bytes=first-last where first and last are the zero-based offsets of the first and last bytes to copy")
        .detail("ArgumentName", "x-amz-copy-source-range").detail("ArgumentValue", header);
  }

  void complete(Exchange x) throws IOException {
    S3Request r = x.request();
    Uploads.Upload u = uploads.get(r.query("uploadId"), r.bucket, r.key);
    XmlElement doc;
    try (ReceivedBody body = RequestBody.receive(r, x.auth(), MAX_XML_BODY, work, (int) MAX_XML_BODY)) {
      doc = XmlElement.parse(body.bytes(), "CompleteMultipartUpload");
    }
    List<XmlElement> listed = doc.all("Part");
    if (listed.isEmpty() || listed.size() > Uploads.MAX_PARTS) {
      throw new S3Exception(S3ErrorCode.MALFORMED_XML);
    }
    String etag = uploads.locked(u, () -> {
      List<Uploads.Part> chosen = choose(listed, uploads.parts(u));
      long total = chosen.stream().mapToLong(Uploads.Part::size).sum();
      if (total > store.maxObjectSize()) {
        throw new S3Exception(S3ErrorCode.ENTITY_TOO_LARGE);
      }
      try (DigestInputStream in = new DigestInputStream(uploads.content(u, chosen), Hashing.md5())) {
        try {
          store.put(x.storeKey(), in, u.options());
        } catch (S3Exception e) {
          throw Uploads.Changed.answerFor(e);
        }
        String md5 = Hashing.hex(in.getMessageDigest().digest());
        uploads.remove(u);
        return md5;
      }
    });
    byte[] out = XmlWriter.document("CompleteMultipartUploadResult")
        .element("Location", "/" + r.bucket + "/" + r.key)
        .element("Bucket", r.bucket).element("Key", r.key).element("ETag", Responses.quoted(etag))
        .finish("CompleteMultipartUploadResult");
    Responses.xml(x.response(), 200, out);
  }

  /** The stored parts the request names, checked as S3 checks them. */
  private static List<Uploads.Part> choose(List<XmlElement> listed, List<Uploads.Part> stored) {
    List<Uploads.Part> chosen = new ArrayList<>(listed.size());
    int previous = 0;
    for (XmlElement p : listed) {
      int number = partNumberInXml(p.childText("PartNumber"));
      if (number <= previous) {
        throw new S3Exception(S3ErrorCode.INVALID_PART_ORDER);
      }
      previous = number;
      String etag = p.childText("ETag");
      Uploads.Part part = stored.stream().filter(s -> s.number() == number).findFirst().orElse(null);
      if (part == null || etag == null || !unquote(etag).equals(part.etag())) {
        throw new S3Exception(S3ErrorCode.INVALID_PART).detail("PartNumber", Integer.toString(number))
            .detail("ETag", etag);
      }
      chosen.add(part);
    }
    for (int i = 0; i < chosen.size() - 1; i++) {
      if (chosen.get(i).size() < MIN_PART_SIZE) {
        throw new S3Exception(S3ErrorCode.ENTITY_TOO_SMALL)
            .detail("ProposedSize", Long.toString(chosen.get(i).size()))
            .detail("MinSizeAllowed", Long.toString(MIN_PART_SIZE))
            .detail("PartNumber", Integer.toString(chosen.get(i).number()));
      }
    }
    return chosen;
  }

  void abort(Exchange x) throws IOException {
    S3Request r = x.request();
    Uploads.Upload u = uploads.get(r.query("uploadId"), r.bucket, r.key);
    uploads.locked(u, () -> {
      uploads.remove(u);
      return null;
    });
    Responses.empty(x.response(), 204);
  }

  void listParts(Exchange x) throws IOException {
    S3Request r = x.request();
    Uploads.Upload u = uploads.get(r.query("uploadId"), r.bucket, r.key);
    int marker = r.query("part-number-marker") == null ? 0 : nonNegative(r.query("part-number-marker"), "part-number-marker");
    int max = r.query("max-parts") == null ? 1000 : Math.min(1000, nonNegative(r.query("max-parts"), "max-parts"));
    List<Uploads.Part> after = uploads.parts(u).stream().filter(p -> p.number() > marker).toList();
    List<Uploads.Part> page = after.subList(0, Math.min(max, after.size()));
    boolean truncated = page.size() < after.size();
    XmlWriter w = XmlWriter.document("ListPartsResult")
        .element("Bucket", r.bucket).element("Key", r.key).element("UploadId", u.id())
        .start("Initiator").element("ID", u.initiator()).element("DisplayName", u.initiator()).end("Initiator")
        .start("Owner").element("ID", u.initiator()).element("DisplayName", u.initiator()).end("Owner")
        .element("StorageClass", "STANDARD")
        .element("PartNumberMarker", marker)
        .element("NextPartNumberMarker", page.isEmpty() ? marker : page.get(page.size() - 1).number())
        .element("MaxParts", max)
        .element("IsTruncated", truncated);
    for (Uploads.Part p : page) {
      w.start("Part").element("PartNumber", p.number()).element("LastModified", Responses.isoDate(p.modified()))
          .element("ETag", Responses.quoted(p.etag())).element("Size", p.size()).end("Part");
    }
    Responses.xml(x.response(), 200, w.finish("ListPartsResult"));
  }

  void listUploads(Exchange x) throws IOException {
    S3Request r = x.request();
    String prefix = r.query("prefix") == null ? "" : r.query("prefix");
    String keyMarker = r.query("key-marker");
    String idMarker = r.query("upload-id-marker");
    int max = r.query("max-uploads") == null ? 1000 : Math.min(1000, nonNegative(r.query("max-uploads"), "max-uploads"));
    List<Uploads.Upload> all = new ArrayList<>(uploads.all().stream()
        .filter(u -> u.bucket().equals(r.bucket) && u.key().startsWith(prefix))
        .filter(u -> keyMarker == null || u.key().compareTo(keyMarker) > 0
            || (u.key().equals(keyMarker) && idMarker != null && u.id().compareTo(idMarker) > 0))
        .toList());
    all.sort(Comparator.comparing(Uploads.Upload::key).thenComparing(Uploads.Upload::id));
    List<Uploads.Upload> page = all.subList(0, Math.min(max, all.size()));
    boolean truncated = page.size() < all.size();
    Uploads.Upload last = page.isEmpty() ? null : page.get(page.size() - 1);
    XmlWriter w = XmlWriter.document("ListMultipartUploadsResult")
        .element("Bucket", r.bucket)
        .element("KeyMarker", keyMarker == null ? "" : keyMarker)
        .element("UploadIdMarker", idMarker == null ? "" : idMarker)
        .element("NextKeyMarker", truncated ? last.key() : null)
        .element("NextUploadIdMarker", truncated ? last.id() : null)
        .element("Prefix", prefix)
        .element("MaxUploads", max)
        .element("IsTruncated", truncated);
    for (Uploads.Upload u : page) {
      w.start("Upload").element("Key", u.key()).element("UploadId", u.id())
          .start("Initiator").element("ID", u.initiator()).element("DisplayName", u.initiator()).end("Initiator")
          .start("Owner").element("ID", u.initiator()).element("DisplayName", u.initiator()).end("Owner")
          .element("StorageClass", "STANDARD").element("Initiated", Responses.isoDate(u.initiated())).end("Upload");
    }
    Responses.xml(x.response(), 200, w.finish("ListMultipartUploadsResult"));
  }

  private static int partNumber(String s) {
    try {
      int n = Integer.parseInt(s);
      if (n >= 1 && n <= Uploads.MAX_PARTS) {
        return n;
      }
    } catch (NumberFormatException e) {
      // below
    }
    throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT, "Part number must be an integer between 1 and 10000, inclusive")
        .detail("ArgumentName", "partNumber").detail("ArgumentValue", s);
  }

  private static int partNumberInXml(String s) {
    try {
      return partNumber(s == null ? "" : s.strip());
    } catch (S3Exception e) {
      throw new S3Exception(S3ErrorCode.MALFORMED_XML);
    }
  }

  private static int nonNegative(String s, String name) {
    try {
      int n = Integer.parseInt(s.strip());
      if (n >= 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // below
    }
    throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT, "Invalid " + name).detail("ArgumentName", name)
        .detail("ArgumentValue", s);
  }

  private static String unquote(String etag) {
    String s = etag.strip();
    if (s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")) {
      s = s.substring(1, s.length() - 1);
    }
    return s.toLowerCase(Locale.ROOT);
  }

}
