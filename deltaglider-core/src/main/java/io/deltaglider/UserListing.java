package io.deltaglider;

import io.deltaglider.spi.BlobInfo;
import io.deltaglider.spi.BlobListings;
import io.deltaglider.spi.BlobPage;
import io.deltaglider.spi.BlobQuery;
import io.deltaglider.spi.StorageBackend;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Turns the backend's raw listing into user keys (FORMAT.md section 2.5): references hidden,
 * {@code .delta} stripped, a name stored in both forms (a crash between writing one and deleting
 * the other) shown once, as the delta, folder markers (raw keys ending in {@code /}, as the AWS
 * console makes them) skipped, in user-key order. A foreign file under one of those names lists
 * under its raw key where its metadata is known (FORMAT.md section 2.7): always on backends whose
 * listings carry it, else in detailed listings and verify, which head {@code .delta} keys first.
 *
 * <p>Stripping the suffix can reorder keys: {@code app.delta} (user key {@code app}) sorts after
 * every {@code app-1.zip...}, so a key is released only once no raw key still to come can map
 * before it (or onto it). Such a raw key can only be {@code P + ".delta"} for a prefix {@code P}
 * of the key; while one of these "blockers" lies beyond what was listed, the key waits. A page
 * that would otherwise wait for more pages heads the blockers instead (a few per page; most do
 * not exist), so a deltaspace of {@code app-N.zip} versions does not have to be listed to its end
 * first. The iterator reads on instead, which costs nothing extra, and heads blockers only when
 * more than {@value #MAX_PENDING} keys wait.
 *
 * <p>Everything comes from the raw listing pages alone (no metadata read per object) unless the
 * listing is detailed: then the objects whose listing carried no metadata are headed, up to
 * {@value MetadataReads#PARALLEL} at a time. A page is answered from one raw page where it can
 * (it may hold fewer than {@code maxKeys} entries while more follow, as S3's may), so listing N
 * objects costs about N/1000 backend LIST requests.
 */
final class UserListing {
  private final java.util.concurrent.Executor host;
  private static final int RAW_PAGE = 1000;
  /** Blockers one page may head before it returns what it has or reads another raw page. */
  private static final int PAGE_RESOLVES = 8;
  /** Keys the iterator lets wait for a blocker before it heads blockers rather than read on. */
  static final int MAX_PENDING = 10_000;
  /** A page heads blockers when more than this many keys wait; fewer are read again by the next page. */
  private static final int WORTH_RESOLVING = 32;

  private final StorageBackend backend;

  UserListing(StorageBackend backend) {
    this(backend, null);
  }

  /** As above, reading metadata on {@code host}'s threads if not null (see {@link MetadataReads}). */
  UserListing(StorageBackend backend, java.util.concurrent.Executor host) {
    this.host = host;
    this.backend = backend;
  }

  /** One page resuming at a continuation token from a previous page (or from the start if null), without details. */
  ListPage page(String prefix, String delimiter, String continuationToken, int maxKeys) throws DeltaStoreException {
    return page(prefix, delimiter, null, continuationToken, maxKeys, false);
  }

  /**
   * One page with ListObjectsV2 meaning: keys after {@code startAfter}, or after the entry a
   * {@code continuationToken} names (which wins; a common prefix it names is not repeated).
   */
  ListPage page(String prefix, String delimiter, String startAfter, String continuationToken, int maxKeys,
      boolean detailed) throws DeltaStoreException {
    return page(prefix, delimiter, startAfter, continuationToken, maxKeys, detailed, detailed);
  }

  /**
   * As above; {@code classify}: head each {@code .delta} raw key whose listing carried no metadata
   * before filing it, so a foreign file under that name lists under its raw key (FORMAT.md section
   * 2.7) even where listings carry no metadata. Detailed listings do (they head it anyway); verify
   * does without the other heads of a detailed listing.
   */
  ListPage page(String prefix, String delimiter, String startAfter, String continuationToken, int maxKeys,
      boolean detailed, boolean classify) throws DeltaStoreException {
    if (maxKeys < 0) {
      throw new IllegalArgumentException("maxKeys must not be negative, got " + maxKeys);
    }
    if (maxKeys == 0) {
      // What S3's ListObjectsV2 answers to max-keys=0: no keys, not truncated, no token.
      return new ListPage(List.of(), List.of(), null);
    }
    boolean token = continuationToken != null && !continuationToken.isEmpty();
    String after = token ? continuationToken : (startAfter == null || startAfter.isEmpty() ? null : startAfter);
    Merge merge = new Merge(prefix, delimiter, after, token, classify);
    List<Map.Entry<String, Entry>> out = new ArrayList<>();
    String lastEmitted = null;
    int resolves = 0;
    boolean fetch = true;
    while (true) {
      if (fetch && !merge.exhausted) {
        merge.fetch();
      }
      fetch = true;
      Map.Entry<String, Entry> ready;
      while ((ready = merge.pollReady()) != null) {
        if (out.size() == maxKeys) {
          return build(out, lastEmitted, detailed);
        }
        out.add(ready);
        lastEmitted = ready.getKey();
      }
      if (merge.exhausted && merge.pending.isEmpty()) {
        return build(out, null, detailed);
      }
      // Keys wait for blockers beyond this raw page.
      int resolvedNow = 0;
      if ((out.isEmpty() || merge.pending.size() > WORTH_RESOLVING) && resolves < PAGE_RESOLVES) {
        resolvedNow = merge.resolveBlockers();
        resolves += resolvedNow;
      }
      if (resolvedNow > 0) {
        fetch = false;
      } else if (!out.isEmpty()) {
        // One raw page per user page: the next page resumes from here and reads the waiting keys again.
        return build(out, lastEmitted, detailed);
      }
    }
  }

  /** Every object under the prefix, a raw page at a time. */
  ObjectIterator iterate(String prefix, boolean detailed) {
    Merge merge = new Merge(prefix, null, null, false, detailed);
    return new ObjectIterator(() -> {
      List<Map.Entry<String, Entry>> batch = new ArrayList<>();
      while (batch.isEmpty() && !(merge.exhausted && merge.pending.isEmpty())) {
        // Past MAX_PENDING waiting keys, head their blockers rather than read on (bounded memory).
        if ((merge.pending.size() <= MAX_PENDING || merge.resolveBlockers() == 0) && !merge.exhausted) {
          merge.fetch();
        }
        Map.Entry<String, Entry> ready;
        while ((ready = merge.pollReady()) != null) {
          batch.add(ready);
        }
      }
      return summaries(batch, detailed);
    });
  }

  private ListPage build(List<Map.Entry<String, Entry>> entries, String token, boolean detailed)
      throws DeltaStoreException {
    List<Map.Entry<String, Entry>> objects = new ArrayList<>();
    List<String> prefixes = new ArrayList<>();
    for (Map.Entry<String, Entry> e : entries) {
      if (e.getValue().prefix) {
        prefixes.add(e.getKey());
      } else {
        objects.add(e);
      }
    }
    return new ListPage(summaries(objects, detailed), prefixes, token);
  }

  private List<ObjectSummary> summaries(List<Map.Entry<String, Entry>> objects, boolean detailed)
      throws DeltaStoreException {
    Map<String, Optional<BlobInfo>> headed = Map.of();
    if (detailed) {
      List<String> keys = new ArrayList<>();
      for (Map.Entry<String, Entry> e : objects) {
        BlobInfo blob = e.getValue().blob();
        if (!blob.metadataIncluded()) {
          keys.add(blob.key());
        }
      }
      headed = MetadataReads.headAll(backend, keys, host);
    }
    List<ObjectSummary> out = new ArrayList<>(objects.size());
    for (Map.Entry<String, Entry> e : objects) {
      BlobInfo blob = e.getValue().blob();
      Optional<BlobInfo> head = headed.get(blob.key());
      out.add(summary(e.getKey(), e.getValue().delta != null, blob, head == null ? null : head.orElse(null)));
    }
    return out;
  }

  /**
   * What a listing entry says, completed by a head when there is one ({@code headed} null: not
   * headed, or gone meanwhile).
   */
  static ObjectSummary summary(String key, boolean delta, BlobInfo listed, BlobInfo headed) {
    Map<String, String> metadata = null;
    if (listed.metadataIncluded()) {
      metadata = listed.metadata();
    } else if (headed != null) {
      metadata = headed.metadata();
    }
    if (metadata == null) {
      // Only what the key and the listing say.
      return new ObjectSummary(key, delta ? StoredForm.DELTA : StoredForm.PASSTHROUGH, delta ? -1 : listed.size(),
          listed.size(), listed.lastModified(), null, listed.etag());
    }
    StoredMetadata meta = StoredMetadata.parse(metadata);
    StoredForm form = delta ? StoredForm.DELTA : meta.fileSha256() == null ? StoredForm.PLAIN : StoredForm.PASSTHROUGH;
    long size = meta.fileSize();
    if (size < 0 && !delta) {
      size = listed.size();
    }
    String backendEtag = listed.etag() != null ? listed.etag() : headed == null ? null : headed.etag();
    return new ObjectSummary(key, form, size, listed.size(), listed.lastModified(), Etags.of(form, metadata, backendEtag),
        listed.etag());
  }

  /** One entry of the merged listing: a user object or a rolled-up prefix. */
  private static final class Entry {
    BlobInfo delta;
    BlobInfo whole;
    boolean prefix;

    BlobInfo blob() {
      return delta != null ? delta : whole;
    }
  }

  /** The raw listing read page by page into user entries waiting until they are safe to release. */
  private final class Merge {
    final String prefix;
    final String delim;
    /** "/" never meets ".delta", so the backend can roll it up; other delimiters are rolled up here. */
    final String rawDelimiter;
    final String after;
    /** A continuation token: entries up to it (common prefixes included) were returned already. */
    final boolean resumed;
    final TreeMap<String, Entry> pending = new TreeMap<>(BlobListings.UTF8_ORDER);
    /** Blocker raw keys beyond {@link #lastRaw} already looked up (present ones were added). */
    final Set<String> resolved = new HashSet<>();
    /** Head the {@code .delta} raw keys listed without metadata, to tell foreign files from deltas. */
    final boolean classify;
    /**
     * Whether the backend's listings carry metadata: then a blocker's head may decide too, as the
     * listing will when it reaches that key (a key must file the same way by either route).
     */
    boolean listingHasMetadata;
    String rawToken;
    String lastRaw;
    String lastPolled;
    boolean exhausted;

    Merge(String prefix, String delimiter, String after, boolean resumed, boolean classify) {
      this.classify = classify;
      this.prefix = prefix;
      this.delim = delimiter == null || delimiter.isEmpty() ? null : delimiter;
      this.rawDelimiter = "/".equals(delim) ? "/" : null;
      this.after = after;
      this.resumed = resumed;
    }

    void fetch() throws DeltaStoreException {
      BlobPage raw = backend.list(BlobQuery.of(prefix, rawDelimiter, after, rawToken, RAW_PAGE));
      Map<String, Optional<BlobInfo>> headed = classify ? headDeltaNames(raw.objects()) : Map.of();
      for (BlobInfo o : raw.objects()) {
        lastRaw = o.key();
        listingHasMetadata |= o.metadataIncluded();
        Optional<BlobInfo> h = headed.get(o.key());
        add(h != null && h.isPresent() ? h.get() : o);
      }
      for (String p : raw.commonPrefixes()) {
        lastRaw = BlobListings.UTF8_ORDER.compare(p, lastRaw == null ? "" : lastRaw) > 0 ? p : lastRaw;
        if (!resumed || BlobListings.UTF8_ORDER.compare(p, after) > 0) {
          pending.computeIfAbsent(p, x -> new Entry()).prefix = true;
        }
      }
      rawToken = raw.nextContinuationToken();
      exhausted = rawToken == null;
      if (lastRaw != null) {
        resolved.removeIf(k -> BlobListings.UTF8_ORDER.compare(k, lastRaw) <= 0);
      }
    }

    /** Heads, in parallel, the {@code .delta} raw keys of a page listed without metadata. */
    private Map<String, Optional<BlobInfo>> headDeltaNames(List<BlobInfo> objects) throws DeltaStoreException {
      List<String> keys = new ArrayList<>();
      for (BlobInfo o : objects) {
        if (!o.metadataIncluded() && o.key().endsWith(ObjectKey.DELTA_SUFFIX)) {
          keys.add(o.key());
        }
      }
      return keys.isEmpty() ? Map.of() : MetadataReads.headAll(backend, keys, host);
    }

    /** Files one raw object under its user key (or the common prefix it rolls up into). */
    private void add(BlobInfo o) {
      if (o.key().endsWith("/")) {
        return; // a folder marker: never a user key
      }
      String user = OwnObjects.userKeyOf(o, classify || listingHasMetadata);
      if (user == null || !user.startsWith(prefix) || (after != null && BlobListings.UTF8_ORDER.compare(user, after) <= 0)
          || (lastPolled != null && BlobListings.UTF8_ORDER.compare(user, lastPolled) <= 0)) {
        return;
      }
      String rolled = rollUp(user);
      if (rolled != null && ((resumed && BlobListings.UTF8_ORDER.compare(rolled, after) <= 0)
          || (lastPolled != null && BlobListings.UTF8_ORDER.compare(rolled, lastPolled) <= 0))) {
        // Under a common prefix already returned: S3 lists each once.
        return;
      }
      Entry e = pending.computeIfAbsent(rolled != null ? rolled : user, x -> new Entry());
      if (rolled != null) {
        e.prefix = true;
      } else if (!user.equals(o.key())) {
        e.delta = o;
      } else {
        e.whole = o;
      }
    }

    /** The first pending entry if nothing still to come can sort before it or onto it, removed; else null. */
    Map.Entry<String, Entry> pollReady() {
      if (pending.isEmpty() || (!exhausted && (beyondListing(pending.firstKey())
          || !blockers(pending.firstEntry()).isEmpty()))) {
        return null;
      }
      Map.Entry<String, Entry> first = pending.pollFirstEntry();
      lastPolled = first.getKey();
      return first;
    }

    /** Heads the raw keys that keep the first pending entry waiting; returns how many. */
    int resolveBlockers() throws DeltaStoreException {
      if (pending.isEmpty() || beyondListing(pending.firstKey())) {
        return 0;
      }
      List<String> blockers = blockers(pending.firstEntry());
      for (String b : blockers) {
        backend.head(b).ifPresent(this::add);
        resolved.add(b);
      }
      return blockers.size();
    }

    /**
     * The raw keys not yet listed that would show before this entry ({@code P.delta} for a proper
     * prefix P of its key) or as it ({@code K.delta} for a whole object K): while one may still
     * come, the entry waits.
     */
    private List<String> blockers(Map.Entry<String, Entry> entry) {
      String key = entry.getKey();
      List<String> out = new ArrayList<>(1);
      boolean wholeOnly = !entry.getValue().prefix && entry.getValue().delta == null;
      for (int i = 1; i <= key.length(); i++) {
        if (i == key.length() && !wholeOnly) {
          break;
        }
        String candidate = key.substring(0, i) + ObjectKey.DELTA_SUFFIX;
        if (BlobListings.UTF8_ORDER.compare(candidate, lastRaw) > 0 && !resolved.contains(candidate)) {
          out.add(candidate);
        }
      }
      return out;
    }

    /** Whether the listing has not reached this key yet: only reading on helps then. */
    private boolean beyondListing(String key) {
      return lastRaw == null || BlobListings.UTF8_ORDER.compare(key, lastRaw) > 0;
    }

    private String rollUp(String user) {
      if (delim == null) {
        return null;
      }
      int d = user.indexOf(delim, prefix.length());
      return d < 0 ? null : user.substring(0, d + delim.length());
    }
  }
}
