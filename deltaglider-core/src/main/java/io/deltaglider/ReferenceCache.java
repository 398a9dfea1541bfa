package io.deltaglider;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.stats.CacheStats;
import java.util.Objects;

/**
 * Verified references in the heap, weighed by their bytes (Caffeine, W-TinyLFU). Keyed by raw
 * reference key and SHA-256, so a replaced reference can never be served for an old digest;
 * only bytes whose digest was just checked go in.
 *
 * <p>Beside them, with a budget of the same size, the expanded forms of references that
 * archive-aware deltas are made against and decoded with ({@link ArchiveDeltas}): expanding costs
 * about as much as compressing the reference again, and every object of a deltaspace needs the
 * same one. Keyed the same way, so they leave with their reference.
 */
final class ReferenceCache {
  private final Cache<Id, byte[]> cache;
  private final Cache<Id, Expansion> expanded;
  private final long maxBytes;

  static final class Id {
    final String referenceKey;
    final String sha256;

    Id(String referenceKey, String sha256) {
      this.referenceKey = referenceKey;
      this.sha256 = sha256;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Id && ((Id) o).referenceKey.equals(referenceKey) && ((Id) o).sha256.equals(sha256);
    }

    @Override
    public int hashCode() {
      return Objects.hash(referenceKey, sha256);
    }
  }

  ReferenceCache(long maxBytes) {
    this.maxBytes = maxBytes;
    this.cache = Caffeine.newBuilder()
        .maximumWeight(maxBytes)
        .weigher((Id id, byte[] b) -> (int) Math.min(Integer.MAX_VALUE, b.length + 64L))
        .recordStats()
        .build();
    this.expanded = Caffeine.newBuilder()
        .maximumWeight(maxBytes)
        .weigher((Id id, Expansion e) -> (int) Math.min(Integer.MAX_VALUE, e.length + e.recipe.length
            + (e.map != null ? e.map.length : 0) + (e.streams != null ? e.streams.bytes() + 100L * e.streams.size() : 0)
            + 64L))
        .build();
  }

  /** Whether a reference of this size is worth holding (it must fit well within the budget). */
  boolean admits(long size) {
    return size <= admitLimit();
  }

  /** The largest entry it admits. */
  long admitLimit() {
    return maxBytes / 2;
  }

  byte[] get(String referenceKey, String sha256) {
    return cache.getIfPresent(new Id(referenceKey, sha256));
  }

  void put(String referenceKey, String sha256, byte[] verifiedBytes) {
    if (admits(verifiedBytes.length)) {
      cache.put(new Id(referenceKey, sha256), verifiedBytes);
    }
  }

  /** The expanded form of the reference with this digest, or null. */
  Expansion getExpanded(String referenceKey, String sha256) {
    return expanded.getIfPresent(new Id(referenceKey, sha256));
  }

  /** Keeps an expanded form in the heap made from the verified reference with this digest. */
  void putExpanded(String referenceKey, String sha256, Expansion form) {
    if (form.cacheable() && admits(form.length)) {
      expanded.put(new Id(referenceKey, sha256), form);
    }
  }

  void evict(String referenceKey) {
    cache.asMap().keySet().removeIf(id -> id.referenceKey.equals(referenceKey));
    expanded.asMap().keySet().removeIf(id -> id.referenceKey.equals(referenceKey));
  }

  /** References and expanded forms held. */
  long entries() {
    cache.cleanUp(); // evictions Caffeine has not applied yet would be counted
    expanded.cleanUp();
    return cache.estimatedSize() + expanded.estimatedSize();
  }

  long maxBytes() {
    return maxBytes;
  }

  void clear() {
    cache.invalidateAll();
    expanded.invalidateAll();
  }

  CacheStats stats() {
    return cache.stats();
  }

  /** Bytes of references and expanded forms held. */
  long weightedSize() {
    return cache.policy().eviction().map(e -> e.weightedSize().orElse(0)).orElse(0L)
        + expanded.policy().eviction().map(e -> e.weightedSize().orElse(0)).orElse(0L);
  }
}
