package io.deltaglider;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.stats.CacheStats;
import java.util.Objects;

/**
 * Verified references in the heap, weighed by their bytes (Caffeine, W-TinyLFU). Keyed by raw
 * reference key and SHA-256, so a replaced reference can never be served for an old digest;
 * only bytes whose digest was just checked go in.
 */
final class ReferenceCache {
  private final Cache<Id, byte[]> cache;
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
  }

  /** Whether a reference of this size is worth holding (it must fit well within the budget). */
  boolean admits(long size) {
    return size <= maxBytes / 2;
  }

  byte[] get(String referenceKey, String sha256) {
    return cache.getIfPresent(new Id(referenceKey, sha256));
  }

  void put(String referenceKey, String sha256, byte[] verifiedBytes) {
    if (admits(verifiedBytes.length)) {
      cache.put(new Id(referenceKey, sha256), verifiedBytes);
    }
  }

  void evict(String referenceKey) {
    cache.asMap().keySet().removeIf(id -> id.referenceKey.equals(referenceKey));
  }

  long entries() {
    cache.cleanUp(); // evictions Caffeine has not applied yet would be counted
    return cache.estimatedSize();
  }

  long maxBytes() {
    return maxBytes;
  }

  void clear() {
    cache.invalidateAll();
  }

  CacheStats stats() {
    return cache.stats();
  }

  long weightedSize() {
    return cache.policy().eviction().map(e -> e.weightedSize().orElse(0)).orElse(0L);
  }
}
