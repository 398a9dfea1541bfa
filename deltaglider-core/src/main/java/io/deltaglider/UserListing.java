package io.deltaglider;

import io.deltaglider.spi.BlobInfo;
import io.deltaglider.spi.BlobListings;
import io.deltaglider.spi.BlobPage;
import io.deltaglider.spi.BlobQuery;
import io.deltaglider.spi.StorageBackend;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Turns the backend's raw listing into user keys: references hidden, {@code .delta} stripped, a
 * name stored in both forms (a crash between writing one and deleting the other) shown once, in
 * user-key order. Stripping the suffix can reorder keys ({@code a.zip-2} sorts before
 * {@code a.zip.delta} but after {@code a.zip}), so a key is released only once no raw key still
 * to come can map before it.
 */
final class UserListing {
  private static final int RAW_PAGE = 1000;

  private final StorageBackend backend;

  UserListing(StorageBackend backend) {
    this.backend = backend;
  }

  /** One entry of the merged listing: a user object or a rolled-up prefix. */
  private static final class Entry {
    BlobInfo delta;
    BlobInfo whole;
    boolean prefix;
  }

  ListPage page(String prefix, String delimiter, String after, int maxKeys) throws DeltaStoreException {
    if (maxKeys < 0) {
      throw new IllegalArgumentException("maxKeys must not be negative, got " + maxKeys);
    }
    if (maxKeys == 0) {
      // What S3's ListObjectsV2 answers to max-keys=0: no keys, not truncated, no token.
      return new ListPage(List.of(), List.of(), null);
    }
    String delim = delimiter == null || delimiter.isEmpty() ? null : delimiter;
    // "/" never meets ".delta", so the backend can roll it up; other delimiters are rolled up here.
    String rawDelimiter = "/".equals(delim) ? "/" : null;
    TreeMap<String, Entry> pending = new TreeMap<>(BlobListings.UTF8_ORDER);
    List<ObjectSummary> objects = new ArrayList<>();
    List<String> prefixes = new ArrayList<>();
    String lastEmitted = null;
    String token = null;
    String lastRaw = null;
    boolean exhausted = false;
    while (true) {
      if (!exhausted) {
        BlobPage raw = backend.list(BlobQuery.of(prefix, rawDelimiter, after, token, RAW_PAGE));
        for (BlobInfo o : raw.objects()) {
          lastRaw = o.key();
          String user = ObjectKey.userKeyOf(o.key());
          if (user == null || !user.startsWith(prefix) || (after != null && BlobListings.UTF8_ORDER.compare(user, after) <= 0)) {
            continue;
          }
          String rolled = rollUp(user, prefix, delim);
          if (rolled != null && after != null && BlobListings.UTF8_ORDER.compare(rolled, after) <= 0) {
            // Under a common prefix already returned (the token is that prefix): S3 lists each once.
            continue;
          }
          Entry e = pending.computeIfAbsent(rolled != null ? rolled : user, x -> new Entry());
          if (rolled != null) {
            e.prefix = true;
          } else if (o.key().endsWith(ObjectKey.DELTA_SUFFIX)) {
            e.delta = o;
          } else {
            e.whole = o;
          }
        }
        for (String p : raw.commonPrefixes()) {
          lastRaw = BlobListings.UTF8_ORDER.compare(p, lastRaw == null ? "" : lastRaw) > 0 ? p : lastRaw;
          if (after == null || BlobListings.UTF8_ORDER.compare(p, after) > 0) {
            pending.computeIfAbsent(p, x -> new Entry()).prefix = true;
          }
        }
        token = raw.nextContinuationToken();
        exhausted = token == null;
      }
      while (!pending.isEmpty()) {
        Map.Entry<String, Entry> first = pending.firstEntry();
        if (!exhausted && !safe(first.getKey(), lastRaw)) {
          break;
        }
        pending.pollFirstEntry();
        if (objects.size() + prefixes.size() == maxKeys) {
          return new ListPage(objects, prefixes, lastEmitted);
        }
        Entry e = first.getValue();
        if (e.prefix) {
          prefixes.add(first.getKey());
        } else {
          objects.add(summary(first.getKey(), e));
        }
        lastEmitted = first.getKey();
      }
      if (exhausted && pending.isEmpty()) {
        return new ListPage(objects, prefixes, null);
      }
    }
  }

  /**
   * Whether no raw key after {@code lastRaw} can still show as a user key before {@code key}: only
   * {@code P + ".delta"} with P a proper prefix of key can, and only if it sorts after lastRaw.
   */
  private static boolean safe(String key, String lastRaw) {
    if (lastRaw == null) {
      return false;
    }
    if (BlobListings.UTF8_ORDER.compare(key, lastRaw) > 0) {
      return false;
    }
    for (int i = 1; i < key.length(); i++) {
      if (BlobListings.UTF8_ORDER.compare(key.substring(0, i) + ObjectKey.DELTA_SUFFIX, lastRaw) > 0) {
        return false;
      }
    }
    return true;
  }

  private static String rollUp(String user, String prefix, String delim) {
    if (delim == null) {
      return null;
    }
    int d = user.indexOf(delim, prefix.length());
    return d < 0 ? null : user.substring(0, d + delim.length());
  }

  private ObjectSummary summary(String key, Entry e) throws DeltaStoreException {
    BlobInfo blob = e.delta != null ? e.delta : e.whole;
    StoredForm form = e.delta != null ? StoredForm.DELTA : StoredForm.PASSTHROUGH;
    StoredMetadata meta = StoredMetadata.parse(blob.metadata());
    long size = meta.fileSize();
    if (size < 0) {
      // Backends such as S3 return no metadata in listings: ask for it.
      Optional<BlobInfo> head = backend.head(blob.key());
      if (head.isPresent()) {
        size = StoredMetadata.parse(head.get().metadata()).fileSize();
      }
      if (size < 0 && form == StoredForm.PASSTHROUGH) {
        size = blob.size();
      }
    }
    return new ObjectSummary(key, form, size, blob.size(), blob.lastModified());
  }
}
