package io.deltaglider.proxy;

import io.deltaglider.DeltaStoreBuilder;
import io.deltaglider.vcdiff.SecondaryCompression;
import io.deltaglider.vcdiff.VcdiffEncoder;

/**
 * Store settings sized to the heap, for a store that serves many requests at once (a gateway).
 * The store's defaults suit one caller with a heap of a few GiB: a 128 MiB reference cache that
 * also decides which references are read into the heap (those up to half of it), a 128 MiB source
 * index per encode, and as many encodes at once as there are processors. In a small heap those
 * add up past it: under {@code -Xmx64m} a 48 MiB reference is read into the heap and the put
 * runs out of memory. Here every one of them is a share of the heap instead:
 *
 * <ul>
 *   <li>reference cache: an eighth of the heap, with no fixed cap (references up to a sixteenth of
 *       the heap are read into it; larger ones are used from temp files). A gateway's gets spread
 *       over many deltaspaces, and a miss costs a read and a hash of the whole reference: with
 *       the former 128 MiB cap, 16 clients reading 18 deltaspaces (about 220 MiB of references)
 *       from a 2 GiB gateway hit the cache on one get in four;
 *   <li>objects handled in the heap: up to a 64th of it, at most 32 MiB. (The store writes its
 *       temp files in 64 KiB slices, so a spill no longer pins a direct buffer of the spilled
 *       size on the thread, as it did when sixteen uploads under {@code -Xmx512m} ran out of direct
 *       memory; the launcher still gives {@code serve} {@code -Djdk.nio.maxCachedBufferSize=262144}
 *       for writes outside the store's own);
 *   <li>an encode's source index: an eighth of the heap, at most 128 MiB (a larger source is
 *       sampled more sparsely, so its deltas may come out somewhat larger);
 *   <li>encodes and decodes at once: as many as half the heap holds at the index plus 64 MiB of
 *       window state each, at least 1, at most the processors; each matches its windows on one
 *       thread (the requests are the parallelism).
 * </ul>
 *
 * Under {@code -Xmx512m}: a 64 MiB cache, 8 MiB in the heap, 64 MiB indexes, two codec runs at
 * once. The encoder skips fast through unrelated data, as the store's default does.
 */
public final class ServingStoreSettings {
  private static final long MIB = 1 << 20;

  private ServingStoreSettings() {}

  /** Applies the settings for this JVM's heap and processors to {@code builder} (its encoder is replaced). */
  public static DeltaStoreBuilder apply(DeltaStoreBuilder builder) {
    return apply(builder, Runtime.getRuntime().maxMemory(), Runtime.getRuntime().availableProcessors());
  }

  static DeltaStoreBuilder apply(DeltaStoreBuilder builder, long maxHeap, int processors) {
    return builder.referenceCacheBytes(referenceCacheBytes(maxHeap))
        .memoryThreshold((int) Math.min(32 * MIB, maxHeap / 64))
        .codecConcurrency(codecConcurrency(maxHeap, processors))
        .encoder(encoder(maxHeap));
  }

  static long referenceCacheBytes(long maxHeap) {
    return maxHeap / 8;
  }

  static VcdiffEncoder encoder(long maxHeap) {
    return VcdiffEncoder.builder().secondary(SecondaryCompression.LZMA).skipUnrelated(true)
        .sourceIndexBudget(sourceIndexBudget(maxHeap)).build();
  }

  static long sourceIndexBudget(long maxHeap) {
    return Math.max(4 * MIB, Math.min(VcdiffEncoder.DEFAULT_SOURCE_INDEX_BUDGET, maxHeap / 8));
  }

  static int codecConcurrency(long maxHeap, int processors) {
    long each = sourceIndexBudget(maxHeap) + 64 * MIB;
    return (int) Math.max(1, Math.min(processors, maxHeap / 2 / each));
  }
}
