package io.deltaglider;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.deltaglider.vcdiff.PreparedSource;
import io.deltaglider.vcdiff.SourceData;
import io.deltaglider.vcdiff.VcdiffEncoder;
import java.io.IOException;

/**
 * References read and indexed for the store's encoder ({@link PreparedSource}), kept between
 * puts: every new version of an artifact is encoded against the same reference, and indexing it
 * costs about a tenth of each encode (a 24 MB reference: about 20 ms of a 170 ms put). Only
 * references in the heap are kept; each is weighed by its index and the reference bytes it pins
 * (which may outlive their place in the {@link ReferenceCache}). Keyed as the reference cache is,
 * so a replaced reference is never matched against.
 */
final class PreparedSources {
  private final Cache<ReferenceCache.Id, PreparedSource> cache;
  private final long maxBytes;

  PreparedSources(long maxBytes) {
    this.maxBytes = maxBytes;
    this.cache = Caffeine.newBuilder()
        .maximumWeight(maxBytes)
        .weigher((ReferenceCache.Id id, PreparedSource p) -> (int) Math.min(Integer.MAX_VALUE, weight(p)))
        .build();
  }

  private static long weight(PreparedSource p) {
    return p.memoryBytes() + p.size() + 64;
  }

  /**
   * The reference prepared for {@code encoder}: the one kept for this digest, else made now from
   * the verified {@code bytes} and kept if it fits (at most half the budget, as references).
   */
  PreparedSource get(String referenceKey, String sha256, byte[] bytes, VcdiffEncoder encoder) throws IOException {
    ReferenceCache.Id id = new ReferenceCache.Id(referenceKey, sha256);
    PreparedSource p = cache.getIfPresent(id);
    if (p != null && p.level() == encoder.level()) {
      return p;
    }
    p = encoder.prepare(SourceData.of(bytes));
    if (weight(p) <= maxBytes / 2) {
      cache.put(id, p);
    }
    return p;
  }

  void evict(String referenceKey) {
    cache.asMap().keySet().removeIf(id -> id.referenceKey.equals(referenceKey));
  }

  void clear() {
    cache.invalidateAll();
  }
}
