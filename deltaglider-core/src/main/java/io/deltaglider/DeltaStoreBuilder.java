package io.deltaglider;

import io.deltaglider.spi.StorageBackend;
import io.deltaglider.vcdiff.SecondaryCompression;
import io.deltaglider.vcdiff.VcdiffEncoder;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;

/** Builds a {@link DeltaStore}. Only the backend is required. */
public final class DeltaStoreBuilder {
  StorageBackend backend;
  boolean closeBackend = true;
  boolean singleWriter;
  DeltaPolicy policy = DeltaPolicy.defaults();
  VcdiffEncoder encoder = VcdiffEncoder.builder().secondary(SecondaryCompression.LZMA).skipUnrelated(true).build();
  long cacheBytes = 128L << 20;
  int codecConcurrency = Runtime.getRuntime().availableProcessors();
  Path tempDir;
  Clock clock = Clock.systemUTC();
  int memoryThreshold = 32 << 20;
  long rangeCacheBytes = 1L << 30;
  StoreObserver observer;
  boolean archiveAware;
  /** Limits of the archive transforms other than the defaults: for tests only (null: defaults). */
  io.deltaglider.archive.ArchiveLimits archiveLimits;
  java.util.concurrent.Executor executor;

  DeltaStoreBuilder() {}

  /** Where objects are stored (required). The store closes it when it is closed; see {@link #closeBackendOnClose}. */
  public DeltaStoreBuilder backend(StorageBackend backend) {
    this.backend = Objects.requireNonNull(backend, "backend");
    return this;
  }

  /**
   * Whether {@link DeltaStore#close()} also closes the backend (default true: the store owns
   * it). Pass false for a backend shared by several stores or owned by the caller.
   */
  public DeltaStoreBuilder closeBackendOnClose(boolean close) {
    this.closeBackend = close;
    return this;
  }

  /**
   * Declares this store the only writer of its backend (default false). It matters only for a
   * backend without an atomic create-if-absent ({@link StorageBackend#supportsAtomicPutIfAbsent()}
   * false, e.g. an S3-compatible server that accepts {@code If-None-Match} without enforcing it):
   * there two writers could each create a deltaspace's reference and one would lose the objects
   * made against its own, so without this declaration the store never creates a reference and
   * stores such objects whole. Within one store, puts are serialised by its own locks.
   */
  public DeltaStoreBuilder singleWriter(boolean only) {
    this.singleWriter = only;
    return this;
  }

  /** What is stored as a delta, and when a delta is kept (default {@link DeltaPolicy#defaults()}). */
  public DeltaStoreBuilder policy(DeltaPolicy policy) {
    this.policy = Objects.requireNonNull(policy, "policy");
    return this;
  }

  /**
   * The encoder for new deltas (default: its default level with LZMA secondary compression, as
   * xdelta3, {@linkplain VcdiffEncoder.Builder#skipUnrelated skipping fast through unrelated data}:
   * a put of a changed compressed file, which is usually stored whole in the end, then takes a
   * fraction of the time, for deltas at most a few tenths of a percent larger).
   */
  public DeltaStoreBuilder encoder(VcdiffEncoder encoder) {
    this.encoder = Objects.requireNonNull(encoder, "encoder");
    return this;
  }

  /**
   * Heap budget for verified references kept between operations (default 128 MiB; 0 disables). A
   * store that reads or writes archive-aware deltas keeps the references' expanded forms beside
   * them, within a budget of the same size.
   */
  public DeltaStoreBuilder referenceCacheBytes(long bytes) {
    if (bytes < 0) {
      throw new IllegalArgumentException("referenceCacheBytes must not be negative");
    }
    this.cacheBytes = bytes;
    return this;
  }

  /** How many encodes/decodes may run at once (default: the number of processors). */
  public DeltaStoreBuilder codecConcurrency(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("codecConcurrency must be at least 1");
    }
    this.codecConcurrency = n;
    return this;
  }

  /** Where large objects are spooled and reconstructed (default: the system temp directory). */
  public DeltaStoreBuilder tempDirectory(Path dir) {
    this.tempDir = dir;
    return this;
  }

  /** The clock of {@code dg-created-at} (default: the system clock, UTC). */
  public DeltaStoreBuilder clock(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
    return this;
  }

  /** Objects up to this size are handled in the heap, larger ones through temp files (default 32 MiB). */
  public DeltaStoreBuilder memoryThreshold(int bytes) {
    if (bytes < 0) {
      throw new IllegalArgumentException("memoryThreshold must not be negative");
    }
    this.memoryThreshold = bytes;
    return this;
  }

  /**
   * Budget of verified copies kept for range reads of deltas (and of whole objects without chunk
   * digests), so that the many ranges an S3 client reads of one object rebuild it once (default
   * 1 GiB; 0 keeps none, though concurrent ranges still share one reconstruction). Copies up to
   * {@link #memoryThreshold} stay in the heap (at most an eighth of it), larger ones are temp files
   * in the {@link #tempDirectory}; least recently used ones are deleted first, and all on close.
   */
  public DeltaStoreBuilder rangeCacheBytes(long bytes) {
    if (bytes < 0) {
      throw new IllegalArgumentException("rangeCacheBytes must not be negative");
    }
    this.rangeCacheBytes = bytes;
    return this;
  }

  /**
   * Where the store reports its calls (kind, outcome, duration), what puts stored and codec times
   * (default: nowhere). See {@link StoreObserver}; {@code deltaglider-micrometer} provides one.
   */
  public DeltaStoreBuilder observer(StoreObserver observer) {
    this.observer = Objects.requireNonNull(observer, "observer");
    return this;
  }

  /**
   * Threads for the work a store does beside a call: hashing while content is encoded or decoded,
   * reading many objects' metadata at once ({@link DeltaStore#listDetailed}), and matching an
   * encoder's windows in parallel when it has {@code threads > 1} and no executor of its own.
   * Default: the store's own daemon threads (as many as {@link #codecConcurrency}, idle ones
   * ending after 30 s), stopped by {@link DeltaStore#close()}. A host's executor is never shut
   * down by the store and may be shared and bounded, even with the threads that call the store:
   * work it has not started when a call needs the result is done by the calling thread, so a
   * saturated executor slows calls down but never deadlocks them. See README, "Threading".
   */
  public DeltaStoreBuilder executor(java.util.concurrent.Executor executor) {
    this.executor = Objects.requireNonNull(executor, "executor");
    return this;
  }

  /**
   * Expands with other limits than the archive module's defaults (a tighter settings search, less
   * nesting): what a later version's expand may do. Package-private, for tests of the expansion
   * maps that keep old deltas readable across such changes.
   */
  DeltaStoreBuilder archiveLimits(io.deltaglider.archive.ArchiveLimits limits) {
    this.archiveLimits = limits;
    return this;
  }

  /**
   * Whether puts also try archive-aware deltas (default false): for keys the policy finds
   * {@link DeltaPolicy#isArchiveEligible archive-eligible} (jars, zips, {@code .tgz},
   * {@code .tar.gz}, ...), a VCDIFF delta between the archives' expanded forms, in which every
   * deflate stream that can be compressed back exactly is inflated (FORMAT.md section 9). Such a
   * delta is often a small fraction of the plain one; the put keeps whichever of plain delta,
   * archive-aware delta and whole object is smallest, and keeps the archive-aware one only after
   * rebuilding the archive from its expanded form gave exactly the put's bytes. A put costs a
   * compression of each deflate stream it does not share with the reference (to find the settings
   * that reproduce it), a get one of each stream it does not share (shared streams are copied
   * from the reference), plus the expanded reference per deltaspace (kept in the
   * {@link #referenceCacheBytes reference cache}). The first such put of a deltaspace also stores
   * the reference's expansion map ({@code reference.bin.delta}, hidden from listings, deleted with
   * the reference), which keeps these objects readable by later versions that expand archives
   * differently (FORMAT.md section 9.9).
   *
   * <p>Opt-in because the DeltaGlider tools, xdelta3 and versions of this library before it cannot
   * read such objects: they refuse them (they are marked {@code dg-form: archive-delta} and do
   * not start with VCDIFF's magic), never return wrong bytes. Every store reads them, whatever
   * this setting; references stay plain, so the other tools still read every other object.
   */
  public DeltaStoreBuilder archiveAware(boolean tryArchiveDeltas) {
    this.archiveAware = tryArchiveDeltas;
    return this;
  }

  /** The store; throws {@link IllegalStateException} without a backend. */
  public DeltaStore build() {
    if (backend == null) {
      throw new IllegalStateException("a backend is required");
    }
    return new DeltaStore(this);
  }
}
