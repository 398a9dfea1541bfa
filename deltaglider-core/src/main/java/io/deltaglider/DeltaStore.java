package io.deltaglider;

import io.deltaglider.spi.StorageBackend;
import io.deltaglider.spi.StorageProblem;
import io.deltaglider.vcdiff.SecondaryCompression;
import io.deltaglider.vcdiff.VcdiffEncoder;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A store of many versions of large binary artifacts at a fraction of their size: the first
 * delta-eligible object of each deltaspace (the key's parent path) becomes its
 * {@code reference.bin}, and every object is kept as a VCDIFF delta against it, or whole when a
 * delta does not pay off. The layout and metadata are DeltaGlider's (FORMAT.md), so its tools
 * read what this writes and the other way round.
 *
 * <p>Every read is verified: no byte reaches the caller before the SHA-256 of the whole object
 * matches its metadata; large objects are reconstructed into a temp file first. A put stores
 * exactly the bytes it recorded, or nothing.
 *
 * <p>Objects without DeltaGlider metadata, which other tools put there, are served as they are
 * ({@link StoredForm#PLAIN}), also under the names the layout reserves ({@code x.delta},
 * {@code reference.bin}): reads, {@link #delete(String)} and {@link #verify} accept such a name
 * while a foreign file holds it, and refuse the store's own deltas and references
 * (FORMAT.md section 2.7). Puts and copies to those names are always refused.
 *
 * <p>Thread-safe: puts and deletes in one deltaspace are serialised by a lock, encoding and
 * decoding are bounded by a concurrency limit, and several stores or processes may share one
 * backend: they agree on each deltaspace's reference without locks (see ARCHITECTURE.md).
 * The store owns its backend and closes it on {@link #close()}, unless built with
 * {@link DeltaStoreBuilder#closeBackendOnClose(boolean) closeBackendOnClose(false)}.
 *
 * <pre>{@code
 * DeltaStore store = DeltaStore.builder().backend(new InMemoryBackend()).build();
 * store.put("releases/app/app-1.0.zip", Path.of("app-1.0.zip"));
 * store.put("releases/app/app-1.1.zip", Path.of("app-1.1.zip"));   // stored as a small delta
 * store.copyTo("releases/app/app-1.1.zip", Path.of("restored.zip")); // verified, then moved in place
 * }</pre>
 */
public final class DeltaStore implements Closeable {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(DeltaStore.class);
  private final StoreContext ctx;
  private final boolean closeBackend;
  private final Puts puts;
  private final VerifiedReads reads;
  private final RangeReads ranges;
  private final Maintenance maintenance;
  private final BatchDeletes batchDeletes;
  private final Observed observed;
  /** Threads of {@link #async()} when the host gave no executor; made on first use. */
  private java.util.concurrent.ExecutorService asyncThreads;

  DeltaStore(DeltaStoreBuilder b) {
    this.ctx = new StoreContext(b.backend, b.policy, b.encoder, b.cacheBytes, b.codecConcurrency, b.tempDir, b.clock,
        b.memoryThreshold, b.singleWriter, b.observer, b.executor, b.archiveAware, b.archiveLimits);
    // Whether the backend's create-if-absent is atomic is asked when a reference is to be created,
    // not here: a backend may have to probe its server to know (S3), and a store that only reads
    // should cost no requests (and need no write permission) for it. StoreContext warns then.
    this.closeBackend = b.closeBackend;
    References references = new References(ctx);
    this.puts = new Puts(ctx, references);
    this.reads = new VerifiedReads(ctx, references);
    this.ranges = new RangeReads(ctx, reads, b.rangeCacheBytes);
    this.maintenance = new Maintenance(ctx, references, reads);
    this.batchDeletes = new BatchDeletes(ctx, references);
    this.observed = ctx.observed;
  }

  /** A builder with the defaults; only {@link DeltaStoreBuilder#backend} must be set. */
  public static DeltaStoreBuilder builder() {
    return new DeltaStoreBuilder();
  }

  /** The backend objects are stored in. */
  public StorageBackend backend() {
    return ctx.backend;
  }

  /** What is stored as a delta, and when a delta is kept. */
  public DeltaPolicy policy() {
    return ctx.policy;
  }

  /** This store with unchecked exceptions ({@link UncheckedDeltaStoreException}), for lambdas and streams. */
  public UncheckedDeltaStore unchecked() {
    return new UncheckedDeltaStore(this);
  }

  /**
   * This store with calls that return {@link java.util.concurrent.CompletableFuture}s, run on the
   * builder's {@link DeltaStoreBuilder#executor executor} if one was given, else on daemon threads
   * of the store's own, made as needed (idle ones end after a minute; stopped by {@link #close()}).
   */
  public AsyncDeltaStore async() {
    java.util.concurrent.Executor host = ctx.codecs.hostExecutor();
    return new AsyncDeltaStore(this, host != null ? host : asyncThreads());
  }

  /** As {@link #async()}, on {@code executor}. */
  public AsyncDeltaStore async(java.util.concurrent.Executor executor) {
    return new AsyncDeltaStore(this, Objects.requireNonNull(executor, "executor"));
  }

  private synchronized java.util.concurrent.ExecutorService asyncThreads() {
    if (asyncThreads == null) {
      java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
      asyncThreads = new java.util.concurrent.ThreadPoolExecutor(0, Integer.MAX_VALUE, 60,
          java.util.concurrent.TimeUnit.SECONDS, new java.util.concurrent.SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, "deltaglider-async-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
          });
    }
    return asyncThreads;
  }

  /** The cache of verified references: size, hit ratio, invalidation. */
  public ReferenceCacheView referenceCache() {
    return new ReferenceCacheView(ctx.cache);
  }

  /** The codec permits, for tests that check a failed call gave its permit back. */
  CodecSlots codecSlots() {
    return ctx.codecs;
  }

  /** Counters of this store's operations. */
  public StoreMetrics metrics() {
    return ctx.metrics;
  }

  // ---------------------------------------------------------------- put

  /** Stores {@code content} under {@code key}, replacing any object there. */
  public PutResult put(String key, byte[] content) throws DeltaStoreException {
    return put(key, content, PutOptions.none());
  }

  /** As {@link #put(String, byte[])}, with a content type and user metadata. The array must not change during the call. */
  public PutResult put(String key, byte[] content, PutOptions options) throws DeltaStoreException {
    return observed.call(StoreObserver.Operation.PUT, () -> {
      ObjectKey k = ObjectKey.parse(key);
      Objects.requireNonNull(content, "content");
      if (content.length > ctx.policy.maxObjectSize()) {
        throw new ObjectTooLargeException(key, content.length, ctx.policy.maxObjectSize());
      }
      // An array going to the encoder is hashed beside it; a whole-object put needs the digests first.
      boolean beside = ctx.isDeltaEligible(k.key, content.length);
      try (CallScope call = CallScope.enter("put " + key, options.call());
          Spool spool = Spool.of(content, beside ? ctx.codecs.hashingFor(content.length) : Runnable::run)) {
        call.total(content.length);
        return done(call, puts.store(k, spool, options));
      }
    });
  }

  /**
   * Stores a file, read in place. What is stored is what was read: if the file changes while the
   * put runs, the put either stores one consistent version with its own digest or fails with
   * {@link ContentChangedException}, replacing nothing. A file that is not a regular file (a pipe,
   * a device, {@code /proc}) is read once as a stream.
   */
  public PutResult put(String key, Path file) throws DeltaStoreException {
    return put(key, file, PutOptions.none());
  }

  /** As {@link #put(String, Path)}, with a content type and user metadata. */
  public PutResult put(String key, Path file, PutOptions options) throws DeltaStoreException {
    return observed.call(StoreObserver.Operation.PUT, () -> {
      ObjectKey k = ObjectKey.parse(key);
      BasicFileAttributes a = IoErrors.io(() -> Files.readAttributes(file, BasicFileAttributes.class), "reading " + file);
      if (!a.isRegularFile()) {
        try (InputStream in = IoErrors.io(() -> Files.newInputStream(file), "opening " + file)) {
          return putStream(key, in, options);
        } catch (DeltaStoreException e) {
          throw e;
        } catch (IOException closing) {
          throw IoErrors.mapIo(closing, "closing " + file);
        }
      }
      if (a.size() > ctx.policy.maxObjectSize()) {
        throw new ObjectTooLargeException(key, a.size(), ctx.policy.maxObjectSize());
      }
      try (CallScope call = CallScope.enter("put " + key, options.call());
          Spool spool = Spool.callersFile(file, a.size(), ctx.codecs.hashingFor(a.size()))) {
        call.total(a.size());
        return done(call, puts.store(k, spool, options));
      }
    });
  }

  /** Stores a stream read to its end (not closed); past the memory threshold it is spooled to a temp file. */
  public PutResult put(String key, InputStream content) throws DeltaStoreException {
    return put(key, content, PutOptions.none());
  }

  /** As {@link #put(String, InputStream)}, with a content type and user metadata. */
  public PutResult put(String key, InputStream content, PutOptions options) throws DeltaStoreException {
    return observed.call(StoreObserver.Operation.PUT, () -> putStream(key, content, options));
  }

  private PutResult putStream(String key, InputStream content, PutOptions options) throws DeltaStoreException {
    ObjectKey k = ObjectKey.parse(key);
    Objects.requireNonNull(content, "content");
    try (CallScope call = CallScope.enter("put " + key, options.call());
        Spool spool = IoErrors.io(() -> Spool.read(call.watch(content), key, ctx.policy.maxObjectSize(),
            ctx.memoryThreshold, ctx.tempDir, true, ctx.codecs.hashing()), "reading the content of " + key)) {
      call.total(spool.size);
      return done(call, puts.store(k, spool, options));
    }
  }

  /** A put's result, reported; its progress complete (a whole object's upload reports none of its own). */
  private PutResult done(CallScope call, PutResult r) {
    call.reached(r.originalSize());
    observed.stored(r);
    return r;
  }

  // ---------------------------------------------------------------- get

  /** Describes an object from its metadata, without reading it. */
  public ObjectInfo head(String key) throws DeltaStoreException {
    return observed.call(StoreObserver.Operation.HEAD, () -> describe(key));
  }

  private ObjectInfo describe(String key) throws DeltaStoreException {
    Located loc = reads.locate(ObjectKey.forRead(key));
    long size = loc.meta.fileSize();
    if (size < 0 && loc.form != StoredForm.DELTA) {
      size = loc.blob.size();
    }
    // A plain object has no metadata of ours: the backend's last-modified time is when it was stored.
    Instant created = loc.meta.createdAt() == null && loc.form == StoredForm.PLAIN ? loc.blob.lastModified()
        : loc.meta.createdAt();
    return new ObjectInfo(loc.key.key, loc.form, size, loc.blob.size(), loc.meta.fileSha256(), created,
        loc.meta.contentType(), loc.meta.userMetadata(), Etags.of(loc.form, loc.blob.metadata(), loc.blob.etag()));
  }

  /** True if an object is stored under the key. */
  public boolean exists(String key) throws DeltaStoreException {
    return observed.call(StoreObserver.Operation.HEAD, () -> {
      try {
        reads.locate(ObjectKey.forRead(key));
        return true;
      } catch (ObjectNotFoundException e) {
        return false;
      }
    });
  }

  /** The whole object, verified. Objects over 2 GiB need {@link #open} or {@link #copyTo}. */
  public byte[] get(String key) throws DeltaStoreException {
    return get(key, CallOptions.none());
  }

  /** As {@link #get(String)}, with progress of the bytes produced, a deadline and cancellation. */
  public byte[] get(String key, CallOptions options) throws DeltaStoreException {
    return observed.call(StoreObserver.Operation.GET, () -> {
      try (CallScope call = CallScope.enter("get " + key, options)) {
        Located loc = reads.locate(ObjectKey.forRead(key));
        long size = loc.meta.fileSize();
        if (size > StoreContext.MAX_IN_MEMORY) {
          throw new ObjectTooLargeException(key, size, StoreContext.MAX_IN_MEMORY);
        }
        call.total(size);
        // In the heap only up to the memory threshold: the declared size is untrusted, and a buffer
        // sized from it could exhaust the heap before anything is verified. Larger objects go to a
        // temp file and are read back at their verified size.
        try (Reconstructed r = reads.read(loc, null, ctx.memoryThreshold)) {
          call.check();
          return r.toArray(key);
        }
      }
    });
  }

  /**
   * The object as a stream, verified before the first byte is returned; large objects come from a
   * temp file deleted when the stream is closed.
   */
  public InputStream open(String key) throws DeltaStoreException {
    return open(key, CallOptions.none());
  }

  /** As {@link #open(String)}; the options control the reconstruction, which ends before this returns. */
  public InputStream open(String key, CallOptions options) throws DeltaStoreException {
    return observed.call(StoreObserver.Operation.GET, () -> {
      try (CallScope call = CallScope.enter("get " + key, options)) {
        Located loc = reads.locate(ObjectKey.forRead(key));
        call.total(loc.meta.fileSize());
        Reconstructed r = reads.read(loc, null, ctx.memoryThreshold);
        try {
          call.check();
        } catch (OperationCancelledException e) {
          r.close();
          throw e;
        }
        return r.toStream(key);
      }
    });
  }

  /**
   * At most {@code length} bytes of the object from {@code offset} (fewer where it ends), with
   * the same guarantee as {@link #open(String, ByteRange)}, which this is with
   * {@link ByteRange#of ByteRange.of(offset, length)}.
   *
   * @throws IllegalArgumentException if {@code offset} or {@code length} is negative (before any I/O)
   * @throws RangeNotSatisfiableException if {@code offset} is not below the object's size
   */
  public RangeStream open(String key, long offset, long length) throws DeltaStoreException {
    return open(key, ByteRange.of(offset, length));
  }

  /**
   * A range of the object (S3 semantics: {@code bytes=A-B}, {@code bytes=A-}, {@code bytes=-N}; a
   * range past the end is cut there), every byte verified before the stream is returned. What is
   * checked depends on how the object is stored:
   *
   * <ul>
   *   <li>stored whole with chunk digests (this library writes them for whole objects over 8 MiB;
   *       FORMAT.md section 3.6): only the chunks covering the range are read, each checked against
   *       its SHA-256-based digest recorded at put in the same pass as the object's SHA-256;
   *   <li>a delta, or stored whole without chunk digests (older objects, other tools' objects, or
   *       metadata too long for them): the whole object is reconstructed and verified against its
   *       SHA-256 once, and that copy serves this and later ranges of the same version (see
   *       {@link DeltaStoreBuilder#rangeCacheBytes}); concurrent requests wait for the one reconstruction;
   *   <li>a file the store did not write ({@link StoredForm#PLAIN}): served as stored, unverified,
   *       since there is no digest ({@link RangeStream#verified()} is false).
   * </ul>
   *
   * Close the stream: it may hold a temp file or a cached copy.
   *
   * @throws RangeNotSatisfiableException if the range starts at or past the object's end
   * @throws IntegrityException if a byte of the range (or, without chunk digests, of the object)
   *     does not match what was recorded; nothing is returned
   */
  public RangeStream open(String key, ByteRange range) throws DeltaStoreException {
    return observed.call(StoreObserver.Operation.GET_RANGE, () -> {
      return ranges.open(ObjectKey.forRead(key), Objects.requireNonNull(range, "range"));
    });
  }

  /**
   * Writes the object to {@code target}: reconstructed into a temp file beside it (with the
   * permissions a new file gets there), verified, then moved into place, so {@code target} is
   * either untouched or complete.
   */
  public ObjectInfo copyTo(String key, Path target) throws DeltaStoreException {
    return copyTo(key, target, CallOptions.none());
  }

  /**
   * As {@link #copyTo(String, Path)}, with progress of the bytes written, a deadline and
   * cancellation; a call they stop leaves {@code target} untouched and no temp file.
   */
  public ObjectInfo copyTo(String key, Path target, CallOptions options) throws DeltaStoreException {
    return observed.call(StoreObserver.Operation.GET, () -> {
      try (CallScope call = CallScope.enter("get " + key, options)) {
        Located loc = reads.locate(ObjectKey.forRead(key));
        call.total(loc.meta.fileSize());
        Path dir = target.toAbsolutePath().getParent();
        try (Reconstructed r = reads.read(loc, dir, -1)) {
          call.check(); // the last moment before the target changes
          r.moveTo(target);
        }
      }
      return describe(key);
    });
  }

  // ---------------------------------------------------------------- delete, copy

  /**
   * Deletes an object; the deltaspace's reference goes with the last delta that uses it. A
   * reserved name ({@code x.delta}, {@code reference.bin}) deletes the foreign file there, if its
   * metadata is not DeltaGlider's, else it is refused ({@link InvalidKeyException}); a foreign
   * {@code k.delta} stays when {@code k} is deleted (FORMAT.md section 2.7).
   *
   * @return false if there was no such object
   */
  public boolean delete(String key) throws DeltaStoreException {
    return observed.call(StoreObserver.Operation.DELETE, () -> {
      return puts.delete(ObjectKey.forRead(key));
    });
  }

  /**
   * Deletes an object only if its ETag ({@link ObjectInfo#etag()}, quotes ignored) is still
   * {@code expectedEtag}: an if-match delete. The check and the delete are one step for this
   * store's writers; another process writing the key between them is not seen (best effort
   * across processes, as the backends offer no conditional delete).
   *
   * @throws ObjectNotFoundException if there is no such object
   * @throws PreconditionFailedException if its ETag is another one (or it has none), deleting nothing
   */
  public void delete(String key, String expectedEtag) throws DeltaStoreException {
    observed.call(StoreObserver.Operation.DELETE, () -> {
      ObjectKey k = ObjectKey.forRead(key);
      Objects.requireNonNull(expectedEtag, "expectedEtag");
      java.util.concurrent.locks.Lock lock = ctx.locks.writer(k.deltaspace);
      lock.lock();
      try {
        Located loc = reads.locate(k);
        String actual = Etags.of(loc.form, loc.blob.metadata(), loc.blob.etag());
        if (!Etags.same(expectedEtag, actual)) {
          throw new PreconditionFailedException(key, Etags.normalize(expectedEtag), actual);
        }
        puts.delete(k);
      } finally {
        lock.unlock();
      }
  
      return null;
    });
  }

  /**
   * Deletes many objects with the backend's batch delete (S3: DeleteObjects, 1,000 raw keys a
   * request, where {@link #delete(String)} costs several requests per key), then each touched
   * deltaspace's reference if no delta uses it any more. Keys without an object are no error.
   * Every key is checked before anything is deleted (a reserved name: that a foreign file holds
   * it, one head each). Unlike {@link #delete(String)}, {@code k.delta} goes with {@code k} by
   * name, metadata unread, even if another tool put it there.
   *
   * @throws InvalidKeyException if any key is invalid (nothing is deleted)
   * @throws BatchDeleteException naming each key that was not deleted, with the reason; the others were
   */
  public void deleteAll(java.util.Collection<String> keys) throws DeltaStoreException {
    observed.call(StoreObserver.Operation.DELETE, () -> {
      batchDeletes.deleteAll(keys);
  
      return null;
    });
  }

  /** Copies an object to another key (verified on the way), keeping its content type and metadata. */
  public PutResult copy(String from, String to) throws DeltaStoreException {
    return observed.call(StoreObserver.Operation.COPY, () -> {
      ObjectKey dest = ObjectKey.parse(to);
      Located loc = reads.locate(ObjectKey.forRead(from));
      long size = loc.meta.fileSize();
      if (size > ctx.policy.maxObjectSize()) {
        throw new ObjectTooLargeException(from, size, ctx.policy.maxObjectSize());
      }
      PutOptions options = PutOptions.carriedOver(loc.meta.contentType(), loc.meta.userMetadata());
      try (Reconstructed r = reads.read(loc, null, ctx.memoryThreshold);
          Spool spool = Spool.verified(r.size, r.sha256, r.bytes, r.file)) {
        return puts.store(dest, spool, options);
      }
    });
  }

  // ---------------------------------------------------------------- list, stats

  /**
   * One page of user keys under {@code prefix}, with S3 ListObjectsV2 meaning: sorted keys (UTF-8
   * byte order), common prefixes rolled up at {@code delimiter} (may be null), keys after
   * {@code startAfter}, or resumed from the {@code continuationToken} of the previous page (which
   * wins over {@code startAfter}; a common prefix it ended on is not repeated). References are
   * hidden, {@code .delta} stripped, folder markers (raw keys ending in {@code /}) skipped; only
   * the part of the store under the prefix is read.
   *
   * <p>Answered from the backend's listing alone, about one backend request per page (a page may
   * hold fewer than {@code maxKeys} entries while more follow, as S3's may: continue while
   * {@link ListPage#isTruncated()}). On a backend whose listings carry no metadata (S3) a delta's
   * original size and every object's own ETag are then unknown ({@link ObjectSummary});
   * {@link #listDetailed} reads them. There a foreign file another tool named {@code x.delta} also
   * lists as {@code x} (form delta) and a foreign {@code reference.bin} is hidden: only the name
   * is known (FORMAT.md sections 2.5 and 2.7).
   *
   * @param prefix only keys starting with this; null or {@code ""} for all
   * @param delimiter where keys roll up into common prefixes, or null for a flat listing
   * @param startAfter list only keys after this one, or null
   * @param continuationToken {@link ListPage#nextContinuationToken()} of the previous page, or null
   * @param maxKeys the most objects plus common prefixes on this page (0 gives an empty page)
   * @throws IllegalArgumentException if {@code maxKeys} is negative
   */
  public ListPage list(String prefix, String delimiter, String startAfter, String continuationToken, int maxKeys)
      throws DeltaStoreException {
    return observed.call(StoreObserver.Operation.LIST, () -> {
      return new UserListing(ctx.backend, ctx.codecs.hostExecutor()).page(prefix == null ? "" : prefix, delimiter, startAfter, continuationToken,
          maxKeys, false);
    });
  }

  /**
   * As {@link #list}, with each object's metadata read where the listing did not carry it (one
   * head per object, 16 at a time): original sizes, the objects' own
   * ETags and {@link StoredForm#PLAIN} forms are then known on S3 too, and a foreign
   * {@code x.delta} lists under its own key.
   */
  public ListPage listDetailed(String prefix, String delimiter, String startAfter, String continuationToken,
      int maxKeys) throws DeltaStoreException {
    return observed.call(StoreObserver.Operation.LIST, () -> {
      return new UserListing(ctx.backend, ctx.codecs.hostExecutor()).page(prefix == null ? "" : prefix, delimiter, startAfter, continuationToken,
          maxKeys, true);
    });
  }

  /**
   * Every object under the prefix, streamed: one backend listing page is read at a time as the
   * iteration reaches it, never the whole listing into memory. What {@link #list} knows.
   */
  public ObjectIterator objects(String prefix) {
    return new UserListing(ctx.backend, ctx.codecs.hostExecutor()).iterate(prefix == null ? "" : prefix, false);
  }

  /** As {@link #objects}, with what {@link #listDetailed} knows. */
  public ObjectIterator objectsDetailed(String prefix) {
    return new UserListing(ctx.backend, ctx.codecs.hostExecutor()).iterate(prefix == null ? "" : prefix, true);
  }

  /** Every object under the prefix (all pages) in one list; {@link #objects} streams them instead. */
  public List<ObjectSummary> listAll(String prefix) throws DeltaStoreException {
    List<ObjectSummary> out = new ArrayList<>();
    for (ObjectIterator it = objects(prefix); it.hasNext(); ) {
      out.add(it.next());
    }
    return out;
  }

  /**
   * Original against stored bytes under a prefix, in all and per deltaspace, from the backend's
   * listing alone: counts and stored bytes always; original bytes where the listing carries
   * metadata, else for whole objects only ({@link StoreStats#originalSizesKnown()} false when a
   * delta's is missing; {@link #statsExact} reads them).
   */
  public StoreStats stats(String prefix) throws DeltaStoreException {
    return observed.call(StoreObserver.Operation.STATS, () -> {
      return new StatsCollector(ctx.backend, ctx.codecs.hostExecutor()).collect(prefix == null ? "" : prefix, false);
    });
  }

  /**
   * As {@link #stats}, with each object's metadata read where the listing did not carry it (one
   * head per object, 16 at a time), so original bytes are known.
   */
  public StoreStats statsExact(String prefix) throws DeltaStoreException {
    return observed.call(StoreObserver.Operation.STATS, () -> {
      return new StatsCollector(ctx.backend, ctx.codecs.hostExecutor()).collect(prefix == null ? "" : prefix, true);
    });
  }

  // ---------------------------------------------------------------- maintenance

  /**
   * Reads back every object under the prefix (or the single object, if {@code keyOrPrefix} names
   * one) and checks its SHA-256, without returning data. An object that fails for any reason is
   * reported and the others are still checked. Also reports what the backend holds there that is
   * not an object ({@link StorageBackend#problems}: data with damaged metadata, unreadable
   * entries, leftovers of killed writers) and references no delta uses; the first two make the
   * report fail, leftovers do not ({@link #cleanup} removes them).
   */
  public VerifyReport verify(String keyOrPrefix) throws DeltaStoreException {
    return observed.call(StoreObserver.Operation.MAINTENANCE, () -> {
      return maintenance.verify(keyOrPrefix == null ? "" : keyOrPrefix);
    });
  }

  /**
   * Removes what interrupted or killed writers left under the prefix: the backend's leftovers
   * (temp files of writes that never finished) and references that no delta uses (a put killed
   * between creating its deltaspace's reference and storing its delta). Never an object, a write
   * in progress, or bytes that may be a damaged object. Safe while other processes write: a
   * reference is deleted by the same protocol as a delete of a deltaspace's last object.
   *
   * @return what was removed
   */
  public List<StorageProblem> cleanup(String prefix) throws DeltaStoreException {
    return observed.call(StoreObserver.Operation.MAINTENANCE, () -> {
      return maintenance.cleanup(prefix == null ? "" : prefix);
    });
  }

  /**
   * Brings files the store did not write ({@link StoredForm#PLAIN}: a bucket or prefix filled by
   * other tools) under delta storage, in place: each is read, stored through the store at the same
   * key (as a delta where the policy allows, else whole with metadata), and its plain copy goes.
   * Resumable: objects already converted are no longer plain and are skipped. Run it while no
   * other tool writes those keys: a plain file rewritten during its own conversion would be
   * replaced by the version read.
   *
   * @param dryRun only list what would be converted
   * @return the keys converted (or, with {@code dryRun}, to convert), in key order
   */
  public List<String> migrate(String prefix, boolean dryRun) throws DeltaStoreException {
    return observed.call(StoreObserver.Operation.MAINTENANCE, () -> {
      return maintenance.migrate(prefix == null ? "" : prefix, dryRun, puts);
    });
  }

  /**
   * Rewrites metadata in legacy spellings (bare names, underscores, {@code zero-diff},
   * {@code direct}) to the current ones, in place. Puts through this store wait while an object
   * of their deltaspace is being rewritten; a put from another process at that instant could
   * still get the old version's metadata (the SPI has no conditional metadata update), so run it
   * while nothing else writes.
   *
   * @return the number of objects rewritten
   */
  public int upgradeMetadata(String prefix) throws DeltaStoreException {
    return observed.call(StoreObserver.Operation.MAINTENANCE, () -> {
      return maintenance.upgradeMetadata(prefix == null ? "" : prefix);
    });
  }

  /**
   * Stops the store's hashing threads, deletes the verified copies kept for range reads (those
   * still being read when their streams close) and, unless built otherwise, closes its backend.
   */
  @Override
  public void close() {
    synchronized (this) {
      if (asyncThreads != null) {
        asyncThreads.shutdown();
      }
    }
    ctx.codecs.close();
    ranges.close();
    if (closeBackend) {
      ctx.backend.close();
    }
  }
}
