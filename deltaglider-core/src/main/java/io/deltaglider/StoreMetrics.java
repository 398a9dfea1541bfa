package io.deltaglider;

import java.util.concurrent.atomic.LongAdder;

/** Counters of one {@link DeltaStore}, cumulative since it was built. Thread-safe snapshot reads. */
public final class StoreMetrics {
  final LongAdder deltaPuts = new LongAdder();
  final LongAdder passthroughPuts = new LongAdder();
  final LongAdder referencesCreated = new LongAdder();
  final LongAdder deltaGets = new LongAdder();
  final LongAdder passthroughGets = new LongAdder();
  final LongAdder bytesSaved = new LongAdder();
  final LongAdder integrityFailures = new LongAdder();
  private final ReferenceCache cache;

  StoreMetrics(ReferenceCache cache) {
    this.cache = cache;
  }

  public long deltaPuts() {
    return deltaPuts.sum();
  }

  public long passthroughPuts() {
    return passthroughPuts.sum();
  }

  public long referencesCreated() {
    return referencesCreated.sum();
  }

  public long deltaGets() {
    return deltaGets.sum();
  }

  public long passthroughGets() {
    return passthroughGets.sum();
  }

  /** Original bytes minus stored bytes over all puts (references not subtracted). */
  public long bytesSaved() {
    return bytesSaved.sum();
  }

  public long integrityFailures() {
    return integrityFailures.sum();
  }

  public long referenceCacheHits() {
    return cache.stats().hitCount();
  }

  public long referenceCacheMisses() {
    return cache.stats().missCount();
  }

  /** Bytes of verified references held in the cache now. */
  public long referenceCacheBytes() {
    return cache.weightedSize();
  }

  @Override
  public String toString() {
    return "StoreMetrics[deltaPuts=" + deltaPuts() + ", passthroughPuts=" + passthroughPuts() + ", references="
        + referencesCreated() + ", deltaGets=" + deltaGets() + ", passthroughGets=" + passthroughGets()
        + ", bytesSaved=" + bytesSaved() + ", integrityFailures=" + integrityFailures() + ", cacheHits="
        + referenceCacheHits() + ", cacheMisses=" + referenceCacheMisses() + "]";
  }
}
