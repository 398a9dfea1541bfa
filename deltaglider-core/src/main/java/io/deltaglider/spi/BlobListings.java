package io.deltaglider.spi;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;

/**
 * Helpers for backends that list by walking their own sorted keys (in-memory, filesystem): key
 * order as S3 has it, and ListObjectsV2 paging with delimiters and continuation tokens.
 */
public final class BlobListings {
  private BlobListings() {}

  /** Ascending UTF-8 byte order, which is S3's (String.compareTo differs past U+FFFF). */
  public static final Comparator<String> UTF8_ORDER = BlobListings::compareUtf8;

  private static int compareUtf8(String a, String b) {
    int n = Math.min(a.length(), b.length());
    for (int i = 0; i < n; i++) {
      char ca = a.charAt(i);
      char cb = b.charAt(i);
      if (ca != cb) {
        // UTF-16 order equals code point order except surrogates (U+D800..DFFF) sort below
        // U+E000..FFFF; code point order equals UTF-8 byte order.
        boolean sa = Character.isSurrogate(ca);
        boolean sb = Character.isSurrogate(cb);
        if (sa != sb) {
          return sa ? 1 : -1;
        }
        return ca - cb;
      }
    }
    return a.length() - b.length();
  }

  /**
   * Builds one page from {@code objects}: every stored object whose key starts with the query's
   * prefix, in {@link #UTF8_ORDER}, possibly starting earlier (entries not matching are skipped).
   */
  public static BlobPage paginate(Iterator<BlobInfo> objects, BlobQuery query) {
    String prefix = query.prefix();
    String delimiter = query.delimiter();
    String after = query.continuationToken() != null ? query.continuationToken() : query.startAfter();
    boolean afterIsRolledUp = query.continuationToken() != null && delimiter != null
        && query.continuationToken().endsWith(delimiter) && query.continuationToken().startsWith(prefix);
    List<BlobInfo> out = new ArrayList<>();
    List<String> prefixes = new ArrayList<>();
    String last = null;
    int count = 0;
    while (objects.hasNext()) {
      BlobInfo o = objects.next();
      String key = o.key();
      if (!key.startsWith(prefix)) {
        if (UTF8_ORDER.compare(key, prefix) > 0) {
          break;
        }
        continue;
      }
      if (after != null) {
        if (UTF8_ORDER.compare(key, after) <= 0) {
          continue;
        }
        if (afterIsRolledUp && key.startsWith(after)) {
          continue;
        }
      }
      String entry = key;
      boolean rolledUp = false;
      if (delimiter != null) {
        int d = key.indexOf(delimiter, prefix.length());
        if (d >= 0) {
          entry = key.substring(0, d + delimiter.length());
          rolledUp = true;
          if (entry.equals(last)) {
            continue;
          }
        }
      }
      if (count == query.maxKeys()) {
        return new BlobPage(out, prefixes, last);
      }
      if (rolledUp) {
        prefixes.add(entry);
      } else {
        out.add(o);
      }
      last = entry;
      count++;
    }
    return new BlobPage(out, prefixes, null);
  }
}
