package io.deltaglider.proxy;

import io.deltaglider.PutOptions;
import java.util.Locale;
import java.util.Properties;

/** Content type and {@code x-amz-meta-*} of an upload, as the store's {@link PutOptions}. */
final class UploadOptions {
  static final String META_PREFIX = "x-amz-meta-";

  private UploadOptions() {}

  static PutOptions fromHeaders(S3Request r) {
    PutOptions o = PutOptions.none();
    try {
      String type = r.header("Content-Type");
      if (type != null && !type.isBlank()) {
        o = o.withContentType(type.strip());
      }
      for (var f : r.headerFields()) {
        String name = f.getName().toLowerCase(Locale.ROOT);
        if (name.startsWith(META_PREFIX)) {
          o = o.withUserMetadata(name.substring(META_PREFIX.length()), f.getValue().strip());
        }
      }
    } catch (IllegalArgumentException e) {
      String m = e.getMessage() == null ? "" : e.getMessage();
      if (m.contains(" over ")) {
        throw new S3Exception(S3ErrorCode.METADATA_TOO_LARGE, "Your metadata headers exceed the maximum allowed "
            + "metadata size of this store (1 KiB of names and values)");
      }
      throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT, "The store keeps content types and metadata of printable "
          + "ASCII only, metadata names of letters, digits and dashes: " + m);
    }
    return o;
  }

  /** Saves options with a multipart upload until it completes. */
  static void save(PutOptions o, Properties p) {
    if (o.contentType() != null) {
      p.setProperty("content-type", o.contentType());
    }
    o.userMetadata().forEach((n, v) -> p.setProperty("meta." + n, v));
  }

  static PutOptions load(Properties p) {
    PutOptions o = PutOptions.none();
    if (p.getProperty("content-type") != null) {
      o = o.withContentType(p.getProperty("content-type"));
    }
    for (String n : p.stringPropertyNames()) {
      if (n.startsWith("meta.")) {
        o = o.withUserMetadata(n.substring("meta.".length()), p.getProperty(n));
      }
    }
    return o;
  }
}
