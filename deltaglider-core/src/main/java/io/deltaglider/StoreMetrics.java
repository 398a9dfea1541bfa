package io.deltaglider;

import java.util.concurrent.atomic.LongAdder;

/** Counters of one {@link DeltaStore}, cumulative since it was built. Thread-safe snapshot reads. */
public final class StoreMetrics {
  final LongAdder deltaPuts = new LongAdder();
  final LongAdder passthroughPuts = new LongAdder();
  final LongAdder referencesCreated = new LongAdder();
  final LongAdder deltaGets = new LongAdder();
  final LongAdder passthroughGets = new LongAdder();
  final LongAdder plainGets = new LongAdder();
  final LongAdder bytesSaved = new LongAdder();
  final LongAdder integrityFailures = new LongAdder();
  final LongAdder chunksVerified = new LongAdder();
  final LongAdder rangeCacheHits = new LongAdder();
  final LongAdder rangeCacheMisses = new LongAdder();
  final LongAdder rangeCacheBytes = new LongAdder();
  final LongAdder referencesExpanded = new LongAdder();
  private final ReferenceCache cache;

  StoreMetrics(ReferenceCache cache) {
    this.cache = cache;
  }

  /** Puts and copies stored as a delta. */
  public long deltaPuts() {
    return deltaPuts.sum();
  }

  /** Puts and copies stored whole: not delta-eligible, or their delta did not pay off. */
  public long passthroughPuts() {
    return passthroughPuts.sum();
  }

  /** Deltaspace references this store created; a writer that lost the race to create one is not counted. */
  public long referencesCreated() {
    return referencesCreated.sum();
  }

  /** Reads (including copies and verify) that decoded an object from its delta, counted before its digest was checked. */
  public long deltaGets() {
    return deltaGets.sum();
  }

  /** Reads (including copies and verify) of objects stored whole, counted before their digest was checked. */
  public long passthroughGets() {
    return passthroughGets.sum();
  }

  /** Objects the store did not write (no DeltaGlider metadata) read back, served as they are. */
  public long plainGets() {
    return plainGets.sum();
  }

  /** Original bytes minus stored bytes over all puts (references not subtracted). */
  public long bytesSaved() {
    return bytesSaved.sum();
  }

  /** Reads that found an object or reference failing its SHA-256, not decoding, or with unusable metadata. */
  public long integrityFailures() {
    return integrityFailures.sum();
  }

  /** Reference loads served from the cache of verified references. */
  public long referenceCacheHits() {
    return cache.stats().hitCount();
  }

  /** Reference-cache lookups that found nothing, so the reference was read from the backend. */
  public long referenceCacheMisses() {
    return cache.stats().missCount();
  }

  /** Bytes of verified references held in the cache now. */
  public long referenceCacheBytes() {
    return cache.weightedSize();
  }

  /** Chunks of whole objects that range reads read and checked against their chunk digests. */
  public long chunksVerified() {
    return chunksVerified.sum();
  }

  /**
   * Range reads served from a verified copy kept or being made for an earlier request (deltas,
   * and whole objects without chunk digests), without a reconstruction of their own.
   */
  public long rangeCacheHits() {
    return rangeCacheHits.sum();
  }

  /** Range reads that reconstructed and verified the whole object. */
  public long rangeCacheMisses() {
    return rangeCacheMisses.sum();
  }

  /** Bytes of verified copies kept for range reads now (in the heap and in temp files). */
  public long rangeCacheBytes() {
    return rangeCacheBytes.sum();
  }

  /**
   * References expanded for archive-aware deltas (a put's or a get's, not found in the cache): once
   * per deltaspace while the reference cache keeps the expanded form.
   */
  public long referencesExpanded() {
    return referencesExpanded.sum();
  }

  @Override
  public String toString() {
    return "StoreMetrics[deltaPuts=" + deltaPuts() + ", passthroughPuts=" + passthroughPuts() + ", references="
        + referencesCreated() + ", deltaGets=" + deltaGets() + ", passthroughGets=" + passthroughGets() + ", plainGets=" + plainGets()
        + ", bytesSaved=" + bytesSaved() + ", integrityFailures=" + integrityFailures() + ", cacheHits="
        + referenceCacheHits() + ", cacheMisses=" + referenceCacheMisses() + ", chunksVerified=" + chunksVerified()
        + ", rangeCacheHits=" + rangeCacheHits() + ", rangeCacheMisses=" + rangeCacheMisses() + "]";
  }
}
