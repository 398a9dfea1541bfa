package io.deltaglider;

import io.deltaglider.spi.StorageBackend;
import io.deltaglider.vcdiff.VcdiffEncoder;
import java.nio.file.Path;
import java.time.Clock;

/** What the engines of one {@link DeltaStore} share: its backend, settings, cache, locks and codec slots. */
final class StoreContext {
  /** {@code dg-tool} of everything this library writes. */
  static final String TOOL = "deltaglider-java/0.1.0";
  /** The largest array the JVM reliably allocates. */
  static final int MAX_IN_MEMORY = Integer.MAX_VALUE - 16;

  final StorageBackend backend;
  final DeltaPolicy policy;
  final VcdiffEncoder encoder;
  final ReferenceCache cache;
  final DeltaspaceLocks locks = new DeltaspaceLocks();
  final CodecSlots codecs;
  /** Where large objects are spooled and reconstructed; null for the system's temp directory. */
  final Path tempDir;
  final Clock clock;
  /** Objects up to this size are handled in the heap, larger ones through temp files. */
  final int memoryThreshold;
  final StoreMetrics metrics;
  /** Declared the only writer of its backend ({@link DeltaStoreBuilder#singleWriter}). */
  final boolean singleWriter;
  /** Where calls, puts and codec times are reported. */
  final Observed observed;
  /** Puts try archive-aware deltas ({@link DeltaStoreBuilder#archiveAware}). */
  final boolean archiveAware;
  /**
   * The archive transforms of archive-aware deltas: the archive module's default limits (only
   * tests change them), temp files in {@link #tempDir}. What a put's expand makes of a reference
   * is pinned by the deltaspace's expansion map, so other limits change new maps, never old reads.
   */
  final io.deltaglider.archive.ArchiveTransforms archiveTransforms;

  /** Whether a put of {@code key} tries a delta: the policy's delta-eligible keys, and its archive-eligible ones when archive-aware. */
  boolean isDeltaEligible(String key, long size) {
    return policy.isDeltaEligible(key, size) || isArchiveEligible(key, size);
  }

  /** Whether a put of {@code key} also tries an archive-aware delta. */
  boolean isArchiveEligible(String key, long size) {
    return archiveAware && policy.isArchiveEligible(key, size);
  }

  /**
   * Whether this store may create references: only with a backend whose create-if-absent is atomic
   * across processes (asked each time: a backend may learn at its first conditional write that its
   * server does not support them), or when the host declared this store the backend's only writer.
   */
  boolean mayCreateReferences() {
    if (singleWriter || backend.supportsAtomicPutIfAbsent()) {
      return true;
    }
    if (!warnedNoReferences.getAndSet(true)) {
      LOG.warn("{} does not make create-if-absent atomic across processes: deltaspaces without a reference "
          + "store their objects whole (deltas against existing references still work); build the store with "
          + "singleWriter(true) if it is the only writer of this backend", backend.describe());
    }
    return false;
  }

  private final java.util.concurrent.atomic.AtomicBoolean warnedNoReferences =
      new java.util.concurrent.atomic.AtomicBoolean();
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(StoreContext.class);

  StoreContext(StorageBackend backend, DeltaPolicy policy, VcdiffEncoder encoder, long cacheBytes, int codecConcurrency,
      Path tempDir, Clock clock, int memoryThreshold, boolean singleWriter, StoreObserver observer, java.util.concurrent.Executor executor,
      boolean archiveAware, io.deltaglider.archive.ArchiveLimits archiveLimits) {
    this.backend = backend;
    this.policy = policy;
    // A host's executor also matches a parallel encoder's windows, unless the encoder has its own.
    this.encoder = executor != null && encoder.threads() > 1 && !encoder.hasExecutor()
        ? encoder.toBuilder().executor(executor).build() : encoder;
    this.cache = new ReferenceCache(cacheBytes);
    this.codecs = new CodecSlots(codecConcurrency, executor);
    this.tempDir = tempDir;
    this.clock = clock;
    this.memoryThreshold = memoryThreshold;
    this.metrics = new StoreMetrics(cache);
    this.singleWriter = singleWriter;
    this.observed = new Observed(observer);
    this.archiveAware = archiveAware;
    io.deltaglider.archive.ArchiveLimits.Builder limits = io.deltaglider.archive.ArchiveLimits.builder();
    if (archiveLimits != null) {
      limits.maxExpandedBytes(archiveLimits.maxExpandedBytes()).maxExpansionRatio(archiveLimits.maxExpansionRatio())
          .maxDepth(archiveLimits.maxDepth()).memoryBufferBytes(archiveLimits.memoryBufferBytes())
          .maxTriesPerStream(archiveLimits.maxTriesPerStream());
    }
    this.archiveTransforms = io.deltaglider.archive.ArchiveTransforms.withLimits(limits.tempDirectory(tempDir).build());
  }
}
