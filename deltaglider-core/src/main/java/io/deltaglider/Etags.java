package io.deltaglider;

import io.deltaglider.spi.MetadataNames;
import java.util.Locale;
import java.util.Map;

/**
 * An object's ETag as the store reports it: the MD5 of its original bytes ({@code dg-md5}, what
 * the DeltaGlider proxy serves as the ETag), whatever form it is stored in; for a
 * {@link StoredForm#PLAIN} object, which has no such metadata, the backend's own ETag.
 */
final class Etags {
  private Etags() {}

  /**
   * The ETag of an object from its metadata (raw names, any spelling) and the backend's ETag of
   * what is stored; null when neither applies (a delta or whole object without {@code dg-md5}).
   */
  static String of(StoredForm form, Map<String, String> metadata, String backendEtag) {
    String md5 = StoredMetadata.parse(metadata).get(MetadataNames.MD5);
    if (md5 != null && isMd5(md5.toLowerCase(Locale.ROOT))) {
      return md5.toLowerCase(Locale.ROOT);
    }
    return form == StoredForm.PLAIN ? normalize(backendEtag) : null;
  }

  /** Whether two ETags are the same, ignoring quotes, a weak {@code W/} marker and the case of hex digits. */
  static boolean same(String a, String b) {
    return a != null && b != null && normalize(a).equalsIgnoreCase(normalize(b));
  }

  /** Without surrounding quotes or a weak marker; null stays null. */
  static String normalize(String etag) {
    if (etag == null) {
      return null;
    }
    String e = etag.strip();
    if (e.startsWith("W/")) {
      e = e.substring(2);
    }
    return e.length() >= 2 && e.startsWith("\"") && e.endsWith("\"") ? e.substring(1, e.length() - 1) : e;
  }

  private static boolean isMd5(String v) {
    if (v.length() != 32) {
      return false;
    }
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    return true;
  }
}
