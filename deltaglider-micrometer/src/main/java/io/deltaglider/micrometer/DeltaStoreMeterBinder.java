package io.deltaglider.micrometer;

import io.deltaglider.DeltaStore;
import io.deltaglider.StoreMetrics;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.ToDoubleFunction;

/**
 * Reads a built store's own counters ({@link StoreMetrics}) and its reference cache as meters,
 * each time the registry is scraped; nothing is counted twice and the store pays nothing between
 * scrapes. Usually reached through {@link DeltaGliderMetrics#bindTo(DeltaStore)}; on its own it
 * needs no observer, e.g. as a {@code MeterBinder} bean.
 *
 * <ul>
 *   <li>{@value #PUTS} ({@code form}: delta, passthrough), {@value #REFERENCES_CREATED},
 *       {@value #READS} ({@code form}: delta, passthrough, plain), {@value #BYTES_SAVED},
 *       {@value #INTEGRITY_FAILURES} (objects or references found failing their checks, by any
 *       read, {@code verify} included), {@value #CHUNKS_VERIFIED}: function counters</li>
 *   <li>{@value #CACHE_GETS} ({@code result}: hit, miss; function counter), {@value #CACHE_SIZE}
 *       (entries), {@value #CACHE_BYTES}, {@value #CACHE_MAX_BYTES}, {@value #CACHE_HIT_RATIO}
 *       (gauges): the cache of verified references</li>
 *   <li>{@value #RANGE_CACHE_GETS} ({@code result}: hit, miss), {@value #RANGE_CACHE_BYTES}: the
 *       verified copies kept for range reads</li>
 * </ul>
 *
 * <p>The meters hold the store weakly, as Micrometer's gauges do: a store that is no longer
 * referenced reads as NaN. {@link #close()} removes them.
 */
public final class DeltaStoreMeterBinder implements MeterBinder, AutoCloseable {
  /** Puts and copies stored, by form. */
  public static final String PUTS = "deltaglider.store.puts";
  /** Deltaspace references created (not "...created": Prometheus keeps that suffix for timestamps). */
  public static final String REFERENCES_CREATED = "deltaglider.store.reference.creations";
  /** Objects read (gets, copies, verify), by form. */
  public static final String READS = "deltaglider.store.reads";
  /** Original minus stored bytes over all puts. */
  public static final String BYTES_SAVED = "deltaglider.store.saved";
  /** Objects or references reads found failing their checks. */
  public static final String INTEGRITY_FAILURES = "deltaglider.store.integrity.failures";
  /** Chunks of whole objects verified by range reads. */
  public static final String CHUNKS_VERIFIED = "deltaglider.store.chunks.verified";
  /** Reference cache lookups, by result. */
  public static final String CACHE_GETS = "deltaglider.reference.cache.gets";
  /** References held in the cache. */
  public static final String CACHE_SIZE = "deltaglider.reference.cache.size";
  /** Bytes held in the reference cache. */
  public static final String CACHE_BYTES = "deltaglider.reference.cache.bytes";
  /** The reference cache's budget. */
  public static final String CACHE_MAX_BYTES = "deltaglider.reference.cache.max.bytes";
  /** Reference cache hits over lookups. */
  public static final String CACHE_HIT_RATIO = "deltaglider.reference.cache.hit.ratio";
  /** Range reads served from a kept copy (hit) or that reconstructed the object (miss). */
  public static final String RANGE_CACHE_GETS = "deltaglider.range.cache.gets";
  /** Bytes of verified copies kept for range reads. */
  public static final String RANGE_CACHE_BYTES = "deltaglider.range.cache.bytes";

  private final DeltaStore store;
  private final Tags tags;
  private final List<Map.Entry<MeterRegistry, Meter>> bound = new ArrayList<>();

  /** A binder for {@code store}, its meters tagged with {@code tags}. */
  public DeltaStoreMeterBinder(DeltaStore store, Iterable<Tag> tags) {
    this.store = Objects.requireNonNull(store, "store");
    this.tags = Tags.of(Objects.requireNonNull(tags, "tags"));
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    counter(registry, PUTS, Tags.of("form", "delta"), null, "Puts and copies stored as a delta", s -> s.metrics().deltaPuts());
    counter(registry, PUTS, Tags.of("form", "passthrough"), null, "Puts and copies stored whole",
        s -> s.metrics().passthroughPuts());
    counter(registry, REFERENCES_CREATED, Tags.empty(), null, "Deltaspace references this store created",
        s -> s.metrics().referencesCreated());
    counter(registry, READS, Tags.of("form", "delta"), null, "Objects decoded from their delta", s -> s.metrics().deltaGets());
    counter(registry, READS, Tags.of("form", "passthrough"), null, "Objects stored whole read back",
        s -> s.metrics().passthroughGets());
    counter(registry, READS, Tags.of("form", "plain"), null, "Objects other tools wrote read back", s -> s.metrics().plainGets());
    counter(registry, BYTES_SAVED, Tags.empty(), "bytes", "Original minus stored bytes over all puts",
        s -> s.metrics().bytesSaved());
    counter(registry, INTEGRITY_FAILURES, Tags.empty(), null,
        "Objects or references found failing their SHA-256, not decoding, or with unusable metadata",
        s -> s.metrics().integrityFailures());
    counter(registry, CHUNKS_VERIFIED, Tags.empty(), null, "Chunks of whole objects verified by range reads",
        s -> s.metrics().chunksVerified());

    counter(registry, CACHE_GETS, Tags.of("result", "hit"), null, "Reference loads served from the cache",
        s -> s.referenceCache().hits());
    counter(registry, CACHE_GETS, Tags.of("result", "miss"), null, "Reference loads that read the backend",
        s -> s.referenceCache().misses());
    gauge(registry, CACHE_SIZE, null, "Verified references held in the cache", s -> s.referenceCache().entries());
    gauge(registry, CACHE_BYTES, "bytes", "Bytes of verified references held in the cache", s -> s.referenceCache().bytes());
    gauge(registry, CACHE_MAX_BYTES, "bytes", "The reference cache's budget", s -> s.referenceCache().maxBytes());
    gauge(registry, CACHE_HIT_RATIO, null, "Reference cache hits over lookups (1 before any)",
        s -> s.referenceCache().hitRatio());

    counter(registry, RANGE_CACHE_GETS, Tags.of("result", "hit"), null, "Range reads served from a kept verified copy",
        s -> s.metrics().rangeCacheHits());
    counter(registry, RANGE_CACHE_GETS, Tags.of("result", "miss"), null, "Range reads that reconstructed the object",
        s -> s.metrics().rangeCacheMisses());
    gauge(registry, RANGE_CACHE_BYTES, "bytes", "Bytes of verified copies kept for range reads",
        s -> s.metrics().rangeCacheBytes());
  }

  /** Removes the meters this binder registered, from every registry it was bound to. */
  @Override
  public void close() {
    synchronized (bound) {
      for (Map.Entry<MeterRegistry, Meter> e : bound) {
        e.getKey().remove(e.getValue());
      }
      bound.clear();
    }
  }

  private void counter(MeterRegistry registry, String name, Tags extra, String unit, String description,
      ToDoubleFunction<DeltaStore> f) {
    keep(registry, FunctionCounter.builder(name, store, f).tags(tags).tags(extra).baseUnit(unit)
        .description(description).register(registry));
  }

  private void gauge(MeterRegistry registry, String name, String unit, String description, ToDoubleFunction<DeltaStore> f) {
    keep(registry, Gauge.builder(name, store, f).tags(tags).baseUnit(unit).description(description).register(registry));
  }

  private void keep(MeterRegistry registry, Meter meter) {
    synchronized (bound) {
      bound.add(Map.entry(registry, meter));
    }
  }
}
