package io.deltaglider;

/**
 * The store's cache of verified references ({@link DeltaStoreBuilder#referenceCacheBytes}): what
 * it holds, how well it serves, and how to drop entries, e.g. after replacing a deltaspace by
 * other means or to give memory back. Dropping is always safe: a reference not in the cache is read
 * and verified again from the backend on its next use. Thread-safe; a live view.
 */
public final class ReferenceCacheView {
  private final ReferenceCache cache;

  ReferenceCacheView(ReferenceCache cache) {
    this.cache = cache;
  }

  /** References held now, and the expanded forms of references that archive-aware deltas use. */
  public long entries() {
    return cache.entries();
  }

  /** Bytes held now (each reference's and expanded form's size plus a small overhead). */
  public long bytes() {
    return cache.weightedSize();
  }

  /** The budget it was built with. */
  public long maxBytes() {
    return cache.maxBytes();
  }

  /** Reference loads served from the cache since the store was built. */
  public long hits() {
    return cache.stats().hitCount();
  }

  /** Reference loads that had to read the backend. */
  public long misses() {
    return cache.stats().missCount();
  }

  /** Hits over all lookups, 1.0 before any lookup. */
  public double hitRatio() {
    return cache.stats().hitRate();
  }

  /**
   * Drops the reference of one deltaspace, and its expanded form (the parent path of its keys, e.g. {@code releases/app}
   * for {@code releases/app/app-1.0.zip}; {@code ""} for keys without one).
   */
  public void invalidate(String deltaspace) {
    String d = deltaspace.endsWith("/") ? deltaspace.substring(0, deltaspace.length() - 1) : deltaspace;
    cache.evict(ObjectKey.deltaspacePrefix(d) + ObjectKey.REFERENCE);
  }

  /** Drops every reference and expanded form. */
  public void clear() {
    cache.clear();
  }

  @Override
  public String toString() {
    return "ReferenceCache[" + entries() + " entries, " + bytes() + " of " + maxBytes() + " bytes, hit ratio "
        + hitRatio() + "]";
  }
}
