package io.deltaglider;

import io.deltaglider.spi.BlobInfo;
import java.util.Locale;

/**
 * What can be checked of an object the store did not write (FORMAT.md section 4.5): no SHA-256
 * was ever recorded for it, so only its size as the backend states it, and, where the backend's
 * entity tag is the MD5 of a single-part upload (32 hex digits, S3's case), that MD5.
 */
final class PlainObjects {
  private PlainObjects() {}

  /** The backend's ETag if it is a plain MD5 (a multipart ETag ends in {@code -N} and is not one), else null. */
  static String md5Etag(BlobInfo blob) {
    String etag = blob.etag();
    if (etag == null) {
      return null;
    }
    String e = etag.replace("\"", "").toLowerCase(Locale.ROOT);
    return e.length() == 32 && e.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')) ? e : null;
  }

  /** Refuses bytes whose count or MD5 contradicts what the backend said of them. */
  static void check(Located loc, long count, String md5, String md5Etag) throws IntegrityException {
    if (count != loc.blob.size()) {
      throw new IntegrityException(loc.key.key, "the backend said " + loc.blob.size() + " bytes and gave "
          + count, (Throwable) null);
    }
    if (md5Etag != null && !md5Etag.equals(md5)) {
      throw new IntegrityException(loc.key.key, "its bytes do not match the MD5 of its ETag " + md5Etag + " (read "
          + md5 + ")", (Throwable) null);
    }
  }
}
