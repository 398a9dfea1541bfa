package io.deltaglider;

import com.google.common.util.concurrent.Striped;
import com.google.common.util.concurrent.ThreadFactoryBuilder;
import io.deltaglider.vcdiff.SecondaryCompression;
import io.deltaglider.vcdiff.SourceData;
import io.deltaglider.vcdiff.VcdiffDecoder;
import io.deltaglider.vcdiff.VcdiffEncoder;
import io.deltaglider.vcdiff.VcdiffException;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A store of many versions of large binary artifacts at a fraction of their size: the first
 * delta-eligible object of each deltaspace (the key's parent path) becomes its
 * {@code reference.bin}, and every object is kept as a VCDIFF delta against it, or whole when a
 * delta does not pay off. The layout and metadata are DeltaGlider's, so its tools read what this
 * writes and the other way round.
 *
 * <p>Every read is verified: no byte reaches the caller before the SHA-256 of the whole object
 * matches its metadata; large objects are reconstructed into a temp file first. Thread-safe: puts
 * and deletes in one deltaspace are serialised by a lock, encoding and decoding are bounded by a
 * concurrency limit, and references are created with the backend's create-if-absent so two
 * processes cannot both make one.
 *
 * <pre>{@code
 * DeltaStore store = DeltaStore.builder().backend(new InMemoryBackend()).build();
 * store.put("releases/app/app-1.0.zip", Path.of("app-1.0.zip"));
 * store.put("releases/app/app-1.1.zip", Path.of("app-1.1.zip"));   // stored as a small delta
 * store.copyTo("releases/app/app-1.1.zip", Path.of("restored.zip")); // verified, then moved in place
 * }</pre>
 */
public final class DeltaStore implements Closeable {
  private static final Logger LOG = LoggerFactory.getLogger(DeltaStore.class);
  static final String TOOL = "deltaglider-java/0.1.0";
  private static final int MAX_IN_MEMORY = Integer.MAX_VALUE - 16;
  /** How often a read starts over when the object keeps changing under it. */
  private static final int MAX_READ_ATTEMPTS = 10;
  /** Puts redone because another process deleted the reference under them (see ReferenceLost). */
  private static final int MAX_PUT_ATTEMPTS = 5;

  private final StorageBackend backend;
  private final DeltaPolicy policy;
  private final VcdiffEncoder encoder;
  private final ReferenceCache references;
  private final Striped<Lock> locks = Striped.lazyWeakLock(256);
  /**
   * Puts hold a deltaspace's read lock, {@code migrate} its write lock: a migration reads an
   * object's metadata and writes it back rewritten, and a put landing in between (passthrough
   * puts write without {@link #locks}) would get the old version's metadata on its new bytes.
   */
  private final Striped<ReadWriteLock> migrations = Striped.lazyWeakReadWriteLock(256);
  private final Semaphore codecPermits;
  private final Path tempDir;
  private final Clock clock;
  private final int memoryThreshold;
  private final StoreMetrics metrics;
  /**
   * Hashes reconstructions while they decode (see {@link PipelinedDigests}) and large puts' content
   * beside the encoder: as many threads as codecs may run, so many concurrent calls queue for a
   * hashing thread instead of each starting one (its tasks never block, so queueing cannot
   * deadlock). Threads die after 30 s idle.
   */
  private final ThreadPoolExecutor hashing;
  /** Numbers the stores of this JVM in their hashing threads' names. */
  private static final AtomicInteger STORE_IDS = new AtomicInteger();

  private DeltaStore(Builder b) {
    this.backend = b.backend;
    this.policy = b.policy;
    this.encoder = b.encoder;
    this.references = new ReferenceCache(b.cacheBytes);
    this.codecPermits = new Semaphore(b.codecConcurrency, true);
    this.hashing = new ThreadPoolExecutor(b.codecConcurrency, b.codecConcurrency, 30, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(),
        new ThreadFactoryBuilder().setDaemon(true)
            .setNameFormat("deltaglider-verify-" + STORE_IDS.incrementAndGet() + "-%d").build());
    this.hashing.allowCoreThreadTimeOut(true);
    this.tempDir = b.tempDir;
    this.clock = b.clock;
    this.memoryThreshold = b.memoryThreshold;
    this.metrics = new StoreMetrics(references);
  }

  public static Builder builder() {
    return new Builder();
  }

  public StorageBackend backend() {
    return backend;
  }

  public DeltaPolicy policy() {
    return policy;
  }

  public StoreMetrics metrics() {
    return metrics;
  }

  // ---------------------------------------------------------------- put

  public PutResult put(String key, byte[] content) throws DeltaStoreException {
    return put(key, content, PutOptions.none());
  }

  public PutResult put(String key, byte[] content, PutOptions options) throws DeltaStoreException {
    ObjectKey k = ObjectKey.parse(key);
    Objects.requireNonNull(content, "content");
    if (content.length > policy.maxObjectSize()) {
      throw new ObjectTooLargeException(key, content.length, policy.maxObjectSize());
    }
    // Large arrays going to the encoder are hashed beside it; small ones cost less to hash than to
    // hand over, and a whole-object put needs the digests before anything else.
    boolean beside = content.length >= (1 << 20) && policy.isDeltaEligible(k.name, content.length);
    try (Spool spool = Spool.of(content, beside ? hashing : Runnable::run)) {
      return store(k, spool, options);
    }
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

  public PutResult put(String key, Path file, PutOptions options) throws DeltaStoreException {
    ObjectKey k = ObjectKey.parse(key);
    java.nio.file.attribute.BasicFileAttributes a = io(() -> Files.readAttributes(file,
        java.nio.file.attribute.BasicFileAttributes.class), "reading " + file);
    if (!a.isRegularFile()) {
      try (InputStream in = io(() -> Files.newInputStream(file), "opening " + file)) {
        return put(key, in, options);
      } catch (DeltaStoreException e) {
        throw e;
      } catch (IOException closing) {
        throw mapIo(closing, "closing " + file);
      }
    }
    if (a.size() > policy.maxObjectSize()) {
      throw new ObjectTooLargeException(key, a.size(), policy.maxObjectSize());
    }
    // Small files cost less to hash on this thread than to hand over.
    try (Spool spool = Spool.callersFile(file, a.size(), a.size() >= (1 << 20) ? hashing : Runnable::run)) {
      return store(k, spool, options);
    }
  }

  /** Stores a stream read to its end (not closed); past a threshold it is spooled to a temp file. */
  public PutResult put(String key, InputStream content) throws DeltaStoreException {
    return put(key, content, PutOptions.none());
  }

  public PutResult put(String key, InputStream content, PutOptions options) throws DeltaStoreException {
    ObjectKey k = ObjectKey.parse(key);
    Objects.requireNonNull(content, "content");
    try (Spool spool = io(() -> Spool.read(content, key, policy.maxObjectSize(), memoryThreshold, tempDir, true),
        "reading the content of " + key)) {
      return store(k, spool, options);
    }
  }

  private PutResult store(ObjectKey k, Spool content, PutOptions options) throws DeltaStoreException {
    Lock noMigration = migrations.get(k.deltaspace).readLock();
    noMigration.lock();
    try {
      return storeUnlessMigrating(k, content, options);
    } catch (DeltaStoreException e) {
      // Backends wrap what their payload stream threw; say plainly what happened.
      ContentChangedException changed = causeOf(e, ContentChangedException.class);
      if (changed != null && changed != e) {
        throw new ContentChangedException(k.key + ": " + changed.getMessage() + "; nothing was stored", e);
      }
      throw e;
    } finally {
      noMigration.unlock();
    }
  }

  private static <T extends Throwable> T causeOf(Throwable t, Class<T> type) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (type.isInstance(c)) {
        return type.cast(c);
      }
    }
    return null;
  }

  private PutResult storeUnlessMigrating(ObjectKey k, Spool content, PutOptions options) throws DeltaStoreException {
    if (!policy.isDeltaEligible(k.name, content.size)) {
      return storePassthrough(k, content, options);
    }
    ReferenceLost lost = null;
    for (int attempt = 1; ; attempt++) {
      try {
        return storeEligible(k, content, options);
      } catch (ReferenceLost e) {
        if (lost != null) {
          e.addSuppressed(lost);
        }
        lost = e;
        if (attempt == MAX_PUT_ATTEMPTS) {
          removeStaleDelta(k, lost);
          throw new BackendException(k.key + ": the reference of its deltaspace was deleted or replaced by another writer "
              + attempt + " times while the object was being stored", lost);
        }
        LOG.debug("{}: {}, storing it again", k, lost.getMessage());
      } catch (DeltaStoreException | RuntimeException | Error e) {
        if (lost != null) {
          // The redo failed: the delta written against the lost reference must not stay visible.
          try {
            ReferenceLost stale = lost;
            withoutInterrupt(() -> removeStaleDelta(k, stale));
          } catch (DeltaStoreException cleanup) {
            e.addSuppressed(cleanup);
          }
        }
        throw e;
      }
    }
  }

  /** Deletes the delta a lost put wrote, unless another put has replaced it since. */
  private void removeStaleDelta(ObjectKey k, ReferenceLost lost) throws DeltaStoreException {
    if (lost.written == null) {
      return; // lost before anything was written
    }
    Optional<BlobInfo> d = backend.head(k.deltaKey());
    if (d.isPresent() && sameVersion(d.get().metadata(), lost.written)) {
      backend.deleteIfPresent(k.deltaKey());
    }
  }

  /**
   * A delta was written, but its reference was gone or replaced when checked right after: another
   * process deleted the deltaspace's last object meanwhile. The put is redone.
   */
  private static final class ReferenceLost extends DeltaStoreException {
    /** The metadata of the delta that was written, to recognise it when cleaning up; null if none was. */
    final Map<String, String> written;

    ReferenceLost(String message, Map<String, String> written) {
      super(message);
      this.written = written;
    }
  }

  private PutResult storeEligible(ObjectKey k, Spool content, PutOptions options) throws DeltaStoreException {
    Lock lock = locks.get(k.deltaspace);
    lock.lock();
    Encoded zeroDiff = null;
    try {
      boolean created = false;
      Optional<BlobInfo> refInfo = backend.head(k.referenceKey());
      if (refInfo.isEmpty()) {
        // The first read of the content makes its zero-diff delta and records its digests; the
        // reference upload that follows is checked against them.
        zeroDiff = identityDelta(k, content);
        created = createReference(k, content);
        if (created) {
          refInfo = Optional.of(new BlobInfo(k.referenceKey(), content.size, Map.of(
              StoredMetadata.FILE_SHA256, sha256Of(k, content)), null));
        } else {
          zeroDiff.close();
          zeroDiff = null;
          refInfo = backend.head(k.referenceKey());
          if (refInfo.isEmpty()) {
            throw new BackendException("reference " + k.referenceKey() + " vanished while it was being created");
          }
        }
      }
      try {
        return storeDelta(k, content, options, zeroDiff, refInfo.get());
      } catch (DeltaStoreException | RuntimeException | Error e) {
        if (created) {
          // Nothing uses the reference this put made: leave the deltaspace as it was.
          try {
            withoutInterrupt(() -> deleteReferenceIfUnused(k));
          } catch (DeltaStoreException cleanup) {
            e.addSuppressed(cleanup);
          }
        }
        throw e;
      }
    } finally {
      lock.unlock();
      if (zeroDiff != null) {
        zeroDiff.close();
      }
    }
  }

  /**
   * Stores the content as a delta: the zero-diff delta when this put created the reference, else
   * a delta encoded against the reference, or the whole object if that delta does not pay off.
   * Caller holds the lock.
   */
  private PutResult storeDelta(ObjectKey k, Spool content, PutOptions options, Encoded zeroDiff, BlobInfo refInfo)
      throws DeltaStoreException {
    if (zeroDiff != null) {
      return writeDelta(k, content, options, true, sha256Of(k, content), zeroDiff);
    }
    try (Reference ref = loadReferenceForPut(k, refInfo); Encoded delta = encode(k, ref, content)) {
      double ratio = content.size == 0 ? 0 : (double) delta.size / content.size;
      if (ratio >= policy.maxDeltaRatio()) {
        LOG.debug("{}: delta is {} of the original (limit {}), storing whole", k, ratio, policy.maxDeltaRatio());
        return storePassthrough(k, content, options);
      }
      return writeDelta(k, content, options, false, ref.sha256, delta);
    }
  }

  /**
   * The reference a put encodes against, verified. Bytes that do not match the metadata headed a
   * moment before may be a reference replaced in between (by another process's delete and put):
   * then the put starts over, and only a reference that stays wrong is an integrity failure.
   */
  private Reference loadReferenceForPut(ObjectKey k, BlobInfo refInfo) throws DeltaStoreException {
    try {
      return loadReference(k.referenceKey(), refInfo, null);
    } catch (IntegrityException | ObjectNotFoundException e) {
      Optional<BlobInfo> now = backend.head(k.referenceKey());
      if (now.isEmpty() || !sameVersion(now.get().metadata(), refInfo.metadata()) || now.get().size() != refInfo.size()) {
        throw new ReferenceLost(k.referenceKey() + " was replaced while it was being read", null);
      }
      throw e;
    }
  }

  /** Writes a delta and its metadata, then checks the reference it depends on is still there. Caller holds the lock. */
  private PutResult writeDelta(ObjectKey k, Spool content, PutOptions options, boolean created, String refSha256,
      Encoded delta) throws DeltaStoreException {
    Map<String, String> meta = baseMetadata(k, content, options, "delta");
    meta.put(StoredMetadata.REF_KEY, k.referenceKey());
    meta.put(StoredMetadata.REF_PATH, ObjectKey.REFERENCE);
    meta.put(StoredMetadata.REF_SHA256, refSha256);
    meta.put(StoredMetadata.DELTA_SIZE, Long.toString(delta.size));
    // Informational, as in the other tools: name what actually made the delta.
    meta.put(StoredMetadata.DELTA_CMD, "deltaglider vcdiff encode -s reference.bin " + k.name + " " + k.name + ".delta");
    backend.put(k.deltaKey(), delta.payload(), meta);
    // A process deleting the deltaspace's last object may have removed the reference after
    // we found it; it looks for new deltas after its delete, we look for the reference after
    // our write, so one of us notices (see deleteReferenceIfUnused). Checked before the old
    // whole copy goes, so a put that gives up has not removed the previous version.
    Optional<BlobInfo> now = backend.head(k.referenceKey());
    String nowSha = now.isEmpty() ? null : StoredMetadata.parse(now.get().metadata()).fileSha256();
    if (now.isEmpty() || (nowSha != null && !nowSha.equals(refSha256))) {
      references.evict(k.referenceKey());
      throw new ReferenceLost(k.referenceKey() + (now.isEmpty() ? " vanished" : " was replaced")
          + " while the delta was written", meta);
    }
    // A previous version stored whole would shadow nothing (deltas are looked up first),
    // but it would waste space and show twice in raw listings.
    backend.deleteIfPresent(k.passthroughKey());
    metrics.deltaPuts.increment();
    metrics.bytesSaved.add(content.size - delta.size);
    return new PutResult(k.key, StoredForm.DELTA, created, content.size, delta.size, sha256Of(k, content));
  }

  /** The content's SHA-256; for a caller's file not read yet, this reads it. */
  private static String sha256Of(ObjectKey k, Spool content) throws DeltaStoreException {
    return io(content::sha256, "reading the content of " + k);
  }

  /** The zero-diff delta of a put that creates its deltaspace's reference: the delta of the content against itself. */
  private Encoded identityDelta(ObjectKey k, Spool content) throws DeltaStoreException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(64);
    try (InputStream in = content.open()) {
      encoder.encodeIdentity(in, out);
    } catch (IOException e) {
      throw mapIo(e, "reading the content of " + k);
    }
    return new Encoded(out.size(), out.toByteArray(), null);
  }

  /** Creates the deltaspace's reference from this content; false if another writer got there first. */
  private boolean createReference(ObjectKey k, Spool content) throws DeltaStoreException {
    Map<String, String> meta = new LinkedHashMap<>();
    meta.put(StoredMetadata.TOOL, TOOL);
    // The proxy's name for a deltaspace's internal reference; its admin migration rewrites any
    // reference named after a user object as if it were a legacy one.
    meta.put(StoredMetadata.ORIGINAL_NAME, StoredMetadata.REFERENCE_NAME);
    meta.put(StoredMetadata.SOURCE_NAME, k.name);
    meta.put(StoredMetadata.FILE_SHA256, sha256Of(k, content));
    meta.put(StoredMetadata.FILE_SIZE, Long.toString(content.size));
    meta.put(StoredMetadata.MD5, io(content::md5, "hashing the content of " + k));
    meta.put(StoredMetadata.CREATED_AT, clock.instant().toString());
    meta.put(StoredMetadata.NOTE, "reference");
    try {
      backend.putIfAbsent(k.referenceKey(), io(content::payload, "reading content"), meta);
    } catch (ObjectExistsException raced) {
      LOG.debug("{}: another writer created {} first", k, k.referenceKey());
      return false;
    }
    metrics.referencesCreated.increment();
    if (content.inMemory()) {
      // A copy: the content may be the caller's array, which the caller is free to reuse once
      // put returns; the cache must keep the bytes that were stored.
      references.put(k.referenceKey(), sha256Of(k, content), content.bytes().clone());
    }
    return true;
  }

  private PutResult storePassthrough(ObjectKey k, Spool content, PutOptions options) throws DeltaStoreException {
    Map<String, String> meta = baseMetadata(k, content, options, "passthrough");
    meta.put(StoredMetadata.COMPRESSION, "none");
    backend.put(k.passthroughKey(), io(content::payload, "reading content"), meta);
    // The delta form is looked up first, so it must go, or it would keep serving the old version.
    // The whole object was written without the lock: if a delta put of the same key ran since,
    // it deleted what we wrote, and its delta is the newer version, which must stay.
    Lock lock = locks.get(k.deltaspace);
    lock.lock();
    try {
      Optional<BlobInfo> ours = backend.head(k.passthroughKey());
      if (ours.isPresent() && sameVersion(ours.get().metadata(), meta) && backend.delete(k.deltaKey())) {
        deleteReferenceIfUnused(k);
      }
    } finally {
      lock.unlock();
    }
    metrics.passthroughPuts.increment();
    return new PutResult(k.key, StoredForm.PASSTHROUGH, false, content.size, content.size, sha256Of(k, content));
  }

  private Map<String, String> baseMetadata(ObjectKey k, Spool content, PutOptions options, String note)
      throws DeltaStoreException {
    Map<String, String> meta = new LinkedHashMap<>();
    meta.put(StoredMetadata.TOOL, TOOL);
    meta.put(StoredMetadata.ORIGINAL_NAME, k.name);
    meta.put(StoredMetadata.FILE_SHA256, sha256Of(k, content));
    meta.put(StoredMetadata.FILE_SIZE, Long.toString(content.size));
    meta.put(StoredMetadata.MD5, io(content::md5, "hashing the content of " + k));
    meta.put(StoredMetadata.CREATED_AT, clock.instant().toString());
    meta.put(StoredMetadata.NOTE, note);
    if (options.contentType() != null) {
      meta.put(StoredMetadata.CONTENT_TYPE, options.contentType());
    }
    options.userMetadata().forEach((n, v) -> meta.put(StoredMetadata.USER_PREFIX + n, v));
    return meta;
  }

  /** A delta in memory or in a temp file. */
  private static final class Encoded implements Closeable {
    final long size;
    final byte[] bytes;
    final Path file;

    Encoded(long size, byte[] bytes, Path file) {
      this.size = size;
      this.bytes = bytes;
      this.file = file;
    }

    Payload payload() throws DeltaStoreException {
      return bytes != null ? Payload.of(bytes) : io(() -> Payload.of(file), "reading the delta");
    }

    @Override
    public void close() {
      if (file != null) {
        TempFiles.delete(file);
      }
    }
  }

  private Encoded encode(ObjectKey k, Reference ref, Spool content) throws DeltaStoreException {
    acquireCodec();
    Path file = null;
    try (SourceData source = ref.source(); InputStream target = content.open()) {
      if (content.inMemory()) {
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(content.size / 4 + 64, 1 << 20));
        encoder.encode(source, target, out);
        return new Encoded(out.size(), out.toByteArray(), null);
      }
      file = TempFiles.create(tempDir);
      long size;
      try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
        size = encoder.encode(source, target, out);
      }
      Encoded e = new Encoded(size, null, file);
      file = null;
      return e;
    } catch (IOException e) {
      throw mapIo(e, "encoding " + k);
    } finally {
      codecPermits.release();
      if (file != null) {
        TempFiles.delete(file);
      }
    }
  }

  private void acquireCodec() throws DeltaStoreException {
    try {
      codecPermits.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DeltaStoreException("interrupted while waiting for a codec slot", new InterruptedIOException());
    }
  }

  // ---------------------------------------------------------------- references

  /** A reference's verified bytes, in the heap (cacheable) or in a temp file. */
  private static final class Reference implements Closeable {
    final String sha256;
    final byte[] bytes;
    final Path file;
    final boolean ownsFile;

    private Reference(String sha256, byte[] bytes, Path file, boolean ownsFile) {
      this.sha256 = sha256;
      this.bytes = bytes;
      this.file = file;
      this.ownsFile = ownsFile;
    }

    SourceData source() throws IOException {
      return bytes != null ? SourceData.of(bytes) : SourceData.open(file);
    }

    @Override
    public void close() {
      if (ownsFile) {
        TempFiles.delete(file);
      }
    }
  }

  /**
   * Loads and verifies a reference: against {@code expectedSha256} (the delta's dg-ref-sha256) when
   * given, else against the reference's own dg-file-sha256.
   */
  private Reference loadReference(String refKey, BlobInfo info, String expectedSha256) throws DeltaStoreException {
    StoredMetadata meta = StoredMetadata.parse(info.metadata());
    String expected = expectedSha256 != null ? expectedSha256 : meta.fileSha256();
    if (expected != null) {
      byte[] cached = references.get(refKey, expected);
      if (cached != null) {
        return new Reference(expected, cached, null, false);
      }
    }
    boolean inMemory = info.size() <= memoryThreshold || (references.admits(info.size()) && info.size() <= MAX_IN_MEMORY);
    Spool spool;
    try (InputStream in = backend.get(refKey)) {
      spool = io(() -> Spool.read(in, refKey, Long.MAX_VALUE, inMemory ? MAX_IN_MEMORY : memoryThreshold, tempDir),
          "reading " + refKey);
    } catch (IOException e) {
      throw mapIo(e, "reading " + refKey);
    }
    if (expected != null && !expected.equals(spool.recordedSha256())) {
      spool.close();
      references.evict(refKey);
      metrics.integrityFailures.increment();
      throw new IntegrityException(refKey, expected, spool.recordedSha256());
    }
    if (spool.inMemory()) {
      references.put(refKey, spool.recordedSha256(), spool.bytes());
      return new Reference(spool.recordedSha256(), spool.bytes(), null, false);
    }
    return new Reference(spool.recordedSha256(), null, spool.file(), true);
  }

  /** Deletes the deltaspace's reference when no delta uses it any more. Caller holds the lock. */
  private void deleteReferenceIfUnused(ObjectKey k) throws DeltaStoreException {
    deleteReferenceIfUnused(k.deltaspace);
  }

  /**
   * Deletes the reference of {@code deltaspace} when no delta uses it any more; true if it did.
   * Caller holds the deltaspace's lock.
   */
  private boolean deleteReferenceIfUnused(String deltaspace) throws DeltaStoreException {
    String refKey = ObjectKey.deltaspacePrefix(deltaspace) + ObjectKey.REFERENCE;
    String k = deltaspace.isEmpty() ? "(root)" : deltaspace;
    if (anyDelta(deltaspace)) {
      return false;
    }
    Optional<BlobInfo> info = backend.head(refKey);
    if (info.isEmpty()) {
      return false;
    }
    // Another process may be putting a delta against this reference right now (our lock does not
    // reach it). Keep the bytes until the deltaspace is seen empty once more after the delete:
    // a delta that shows up then gets its reference back. (That put checks for its reference
    // after writing, so whichever of the two looks second sees the other.)
    Spool kept;
    try {
      kept = readReference(refKey);
    } catch (ObjectNotFoundException gone) {
      return false;
    } catch (DeltaStoreException e) {
      // Without a copy to restore from, deleting is not safe: leave the reference (a later put
      // uses it, a later delete tries again).
      LOG.warn("{}: keeping the unused {}: could not read it first ({})", k, refKey, e.toString());
      return false;
    }
    try (kept) {
      String headed = StoredMetadata.parse(info.get().metadata()).fileSha256();
      if (kept.size != info.get().size() || (headed != null && !headed.equals(kept.recordedSha256()))) {
        return false; // replaced since it was headed: someone else's reference now
      }
      if (!backend.delete(refKey)) {
        return false;
      }
      references.evict(refKey);
      if (anyDelta(deltaspace)) {
        try {
          backend.putIfAbsent(refKey, io(kept::payload, "re-reading the reference"), info.get().metadata());
          LOG.info("{}: restored {}: a delta was written against it while it was being deleted", k, refKey);
        } catch (ObjectExistsException recreated) {
          LOG.debug("{}: {} was recreated meanwhile", k, refKey);
        }
        return false;
      }
    }
    LOG.debug("deleted unused reference {}", refKey);
    return true;
  }

  private Spool readReference(String refKey) throws DeltaStoreException {
    try (InputStream in = backend.get(refKey)) {
      return io(() -> Spool.read(in, refKey, Long.MAX_VALUE, memoryThreshold, tempDir), "reading " + refKey);
    } catch (IOException e) {
      throw mapIo(e, "reading " + refKey);
    }
  }

  /** Whether any delta object is stored in the deltaspace. */
  private boolean anyDelta(String deltaspace) throws DeltaStoreException {
    BlobQuery q = BlobQuery.of(ObjectKey.deltaspacePrefix(deltaspace), "/", null, null, 1000);
    while (true) {
      BlobPage page = backend.list(q);
      for (BlobInfo o : page.objects()) {
        if (o.key().endsWith(ObjectKey.DELTA_SUFFIX)) {
          return true;
        }
      }
      if (!page.isTruncated()) {
        return false;
      }
      q = q.withContinuationToken(page.nextContinuationToken());
    }
  }

  // ---------------------------------------------------------------- get

  /** Where an object's bytes are and what its metadata says. */
  private static final class Located {
    final ObjectKey key;
    final StoredForm form;
    final BlobInfo blob;
    final StoredMetadata meta;
    /** The reference as its delta's decode found it (empty: missing); null until headed. */
    Optional<BlobInfo> referenceSeen;

    Located(ObjectKey key, StoredForm form, BlobInfo blob) {
      this.key = key;
      this.form = form;
      this.blob = blob;
      this.meta = StoredMetadata.parse(blob.metadata());
    }

    String rawKey() {
      return blob.key();
    }
  }

  private Located locate(ObjectKey k) throws DeltaStoreException {
    Optional<BlobInfo> delta = backend.head(k.deltaKey());
    if (delta.isPresent()) {
      return new Located(k, StoredForm.DELTA, delta.get());
    }
    Optional<BlobInfo> whole = backend.head(k.passthroughKey());
    if (whole.isPresent()) {
      return new Located(k, StoredForm.PASSTHROUGH, whole.get());
    }
    // Puts switching the object between its forms write the new one before they delete the old,
    // but a reader's two heads can still fall between two such puts and see neither: before
    // saying "not found", look again while puts in this process are held off.
    Lock lock = locks.get(k.deltaspace);
    lock.lock();
    try {
      delta = backend.head(k.deltaKey());
      if (delta.isPresent()) {
        return new Located(k, StoredForm.DELTA, delta.get());
      }
      whole = backend.head(k.passthroughKey());
      if (whole.isPresent()) {
        return new Located(k, StoredForm.PASSTHROUGH, whole.get());
      }
    } finally {
      lock.unlock();
    }
    throw new ObjectNotFoundException(k.key);
  }

  /**
   * {@link #reconstruct}, read again when it fails because the object changed under it: a
   * concurrent put or delete can replace or remove the delta or the reference between the
   * {@code head} that found it and the reads of its bytes, and the mismatch that follows is not
   * corruption. A delta whose reference is missing or is not the one it was made against may also
   * be a moment inside another process's put or delete (see {@link #deleteReferenceIfUnused}), so
   * that is looked at again a few times. A failure is reported only for bytes that stay wrong
   * while nothing changes; an object deleted meanwhile is not found.
   */
  private Reconstructed readVerified(Located first, Path dir, long inMemoryLimit) throws DeltaStoreException {
    Located loc = first;
    int waits = 0;
    for (int attempt = 1; ; attempt++) {
      // Later attempts hold the deltaspace's lock, so writers in this process cannot starve them.
      Lock lock = attempt > 1 ? locks.get(loc.key.deltaspace) : null;
      if (lock != null) {
        lock.lock();
      }
      Change change;
      DeltaStoreException failure;
      try {
        if (attempt > 1) {
          LOG.debug("{} changed while it was being read, reading it again", loc.key);
          loc = locate(loc.key);
        }
        try {
          return reconstruct(loc, dir, inMemoryLimit);
        } catch (IntegrityException | ObjectNotFoundException e) {
          failure = e;
          change = whatChanged(loc);
        }
      } finally {
        if (lock != null) {
          lock.unlock();
        }
      }
      if (change == Change.NONE || (change == Change.UNSETTLED && waits == UNSETTLED_WAITS_MS.length)) {
        throw failure;
      }
      if (attempt == MAX_READ_ATTEMPTS) {
        throw new BackendException(loc.key.key + " changed while it was being read, " + attempt + " times in a row", failure);
      }
      if (change == Change.UNSETTLED) {
        pause(UNSETTLED_WAITS_MS[waits++], loc.key);
      }
    }
  }

  /** How long a read waits, in turn, for a delta's missing or replaced reference to be put right. */
  private static final int[] UNSETTLED_WAITS_MS = {10, 50, 200, 500};

  private enum Change {
    /** Stored exactly as found: the failure is the bytes'. */
    NONE,
    /** The object or its reference was replaced or removed since it was found. */
    CHANGED,
    /** Nothing changed, but the delta's reference is missing or is another one: maybe a writer's step in between. */
    UNSETTLED
  }

  private Change whatChanged(Located loc) throws DeltaStoreException {
    if (!sameBlob(backend.head(loc.rawKey()), Optional.of(loc.blob))) {
      return Change.CHANGED;
    }
    if (loc.form != StoredForm.DELTA || loc.referenceSeen == null) {
      return Change.NONE;
    }
    Optional<BlobInfo> ref = backend.head(referenceKeyOf(loc));
    if (!sameBlob(ref, loc.referenceSeen)) {
      return Change.CHANGED;
    }
    String wanted = loc.meta.refSha256();
    String has = ref.map(r -> StoredMetadata.parse(r.metadata()).fileSha256()).orElse(null);
    return ref.isEmpty() || (wanted != null && has != null && !wanted.equals(has)) ? Change.UNSETTLED : Change.NONE;
  }

  private static boolean sameBlob(Optional<BlobInfo> a, Optional<BlobInfo> b) {
    if (a.isEmpty() || b.isEmpty()) {
      return a.isEmpty() && b.isEmpty();
    }
    return a.get().size() == b.get().size() && sameVersion(a.get().metadata(), b.get().metadata());
  }

  private static void pause(int millis, ObjectKey k) throws DeltaStoreException {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DeltaStoreException("interrupted while reading " + k, new java.io.InterruptedIOException());
    }
  }

  /**
   * Whether two metadata maps describe the same stored version: same digests, size and creation
   * time. Only these fields are compared, so a backend that adds or rewrites other entries does
   * not make every version look new.
   */
  private static boolean sameVersion(Map<String, String> a, Map<String, String> b) {
    StoredMetadata x = StoredMetadata.parse(a);
    StoredMetadata y = StoredMetadata.parse(b);
    for (String name : new String[] {StoredMetadata.FILE_SHA256, StoredMetadata.FILE_SIZE, StoredMetadata.CREATED_AT,
        StoredMetadata.REF_SHA256}) {
      if (!Objects.equals(x.get(name), y.get(name))) {
        return false;
      }
    }
    return true;
  }

  /** Describes an object from its metadata. */
  public ObjectInfo head(String key) throws DeltaStoreException {
    Located loc = locate(ObjectKey.parse(key));
    long size = loc.meta.fileSize();
    if (size < 0 && loc.form == StoredForm.PASSTHROUGH) {
      size = loc.blob.size();
    }
    return new ObjectInfo(loc.key.key, loc.form, size, loc.blob.size(), loc.meta.fileSha256(), loc.meta.createdAt(),
        loc.meta.contentType(), loc.meta.userMetadata());
  }

  /** True if an object is stored under the key. */
  public boolean exists(String key) throws DeltaStoreException {
    try {
      locate(ObjectKey.parse(key));
      return true;
    } catch (ObjectNotFoundException e) {
      return false;
    }
  }

  /** The whole object, verified. Objects over 2 GiB need {@link #open} or {@link #copyTo}. */
  public byte[] get(String key) throws DeltaStoreException {
    Located loc = locate(ObjectKey.parse(key));
    long size = loc.meta.fileSize();
    if (size > MAX_IN_MEMORY) {
      throw new ObjectTooLargeException(key, size, MAX_IN_MEMORY);
    }
    // In the heap only up to the memory threshold: the declared size is untrusted, and a buffer
    // sized from it could exhaust the heap before anything is verified. Larger objects go to a
    // temp file and are read back at their verified size.
    try (Reconstructed r = readVerified(loc, null, memoryThreshold)) {
      if (r.bytes != null) {
        return r.bytes;
      }
      if (r.size > MAX_IN_MEMORY) {
        throw new ObjectTooLargeException(key, r.size, MAX_IN_MEMORY);
      }
      return io(() -> Files.readAllBytes(r.file), "reading the reconstruction");
    }
  }

  /**
   * The object as a stream, verified before the first byte is returned; large objects come from a
   * temp file deleted when the stream is closed.
   */
  public InputStream open(String key) throws DeltaStoreException {
    Located loc = locate(ObjectKey.parse(key));
    Reconstructed r = readVerified(loc, null, memoryThreshold);
    if (r.bytes != null) {
      return new java.io.ByteArrayInputStream(r.bytes);
    }
    try {
      return new FilterInputStream(Files.newInputStream(r.file)) {
        @Override
        public void close() throws IOException {
          try {
            super.close();
          } finally {
            r.close();
          }
        }
      };
    } catch (IOException e) {
      r.close();
      throw mapIo(e, "opening the reconstruction of " + key);
    }
  }

  /**
   * Writes the object to {@code target}: reconstructed into a temp file beside it, verified, then
   * moved into place, so {@code target} is either untouched or complete.
   */
  public ObjectInfo copyTo(String key, Path target) throws DeltaStoreException {
    Located loc = locate(ObjectKey.parse(key));
    Path dir = target.toAbsolutePath().getParent();
    try (Reconstructed r = readVerified(loc, dir, -1)) {
      io(() -> {
        try {
          return Files.move(r.file, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (java.nio.file.AtomicMoveNotSupportedException e) {
          return Files.move(r.file, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }, "moving the object into " + target);
    }
    return head(key);
  }

  /** A verified reconstruction in memory or in a temp file (deleted on close unless moved). */
  private static final class Reconstructed implements Closeable {
    final long size;
    final String sha256;
    final byte[] bytes;
    final Path file;

    Reconstructed(long size, String sha256, byte[] bytes, Path file) {
      this.size = size;
      this.sha256 = sha256;
      this.bytes = bytes;
      this.file = file;
    }

    @Override
    public void close() {
      if (file != null) {
        TempFiles.delete(file);
      }
    }
  }

  /**
   * Rebuilds and verifies an object. Results up to {@code inMemoryLimit} bytes stay in the heap
   * (-1: always a file), others go to a temp file in {@code dir} (or the store's temp directory).
   */
  private Reconstructed reconstruct(Located loc, Path dir, long inMemoryLimit) throws DeltaStoreException {
    checkBelongsToKey(loc);
    String expected = loc.meta.fileSha256();
    if (expected == null) {
      metrics.integrityFailures.increment();
      throw new IntegrityException(loc.key.key, "its metadata holds no valid dg-file-sha256 to verify against", (Throwable) null);
    }
    long declared = loc.meta.fileSize();
    long maxSize = declared >= 0 ? declared : policy.maxObjectSize();
    boolean toMemory = inMemoryLimit >= 0 && declared >= 0 && declared <= inMemoryLimit;
    if (toMemory && loc.form == StoredForm.DELTA && loc.blob.size() <= memoryThreshold) {
      return reconstructInMemory(loc, expected, (int) declared);
    }
    Path file = null;
    try {
      OutputStream sink;
      ByteArrayOutputStream mem = null;
      if (toMemory) {
        mem = new ByteArrayOutputStream((int) Math.max(32, declared));
        sink = mem;
      } else {
        file = TempFiles.create(dir != null ? dir : tempDir);
        sink = new java.io.BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
      }
      MessageDigest digest = Sha256.newDigest();
      CountingOutputStream counted = new CountingOutputStream(new DigestOutputStream(sink, digest), maxSize, loc.key.key);
      try (sink) {
        if (loc.form == StoredForm.DELTA) {
          decodeDelta(loc, counted, maxSize);
          metrics.deltaGets.increment();
        } else {
          try (InputStream in = backend.get(loc.rawKey())) {
            in.transferTo(counted);
          }
          metrics.passthroughGets.increment();
        }
      }
      String actual = Sha256.hex(digest.digest());
      if (!actual.equals(expected) || (declared >= 0 && counted.count != declared)) {
        metrics.integrityFailures.increment();
        if (loc.form == StoredForm.DELTA) {
          references.evict(referenceKeyOf(loc));
        }
        throw new IntegrityException(loc.key.key, expected, actual);
      }
      Reconstructed r = new Reconstructed(counted.count, actual, mem != null ? mem.toByteArray() : null, file);
      file = null;
      return r;
    } catch (VcdiffException e) {
      throw undecodable(loc, e);
    } catch (IOException e) {
      throw mapIo(e, "reading " + loc.key);
    } finally {
      if (file != null) {
        TempFiles.delete(file);
      }
    }
  }

  /**
   * The metadata must describe this key: a stored file moved or swapped under another name (or
   * into another deltaspace) carries its own metadata with it, which would otherwise verify its
   * bytes perfectly and serve them as the wrong object. The name is compared exactly when it is
   * ASCII; a non-ASCII name is compared unless the stored one shows signs of a transport that
   * could not carry it (S3 user metadata is ASCII: some servers and SDKs turn the rest into
   * {@code ?} or RFC 2047 words).
   */
  private void checkBelongsToKey(Located loc) throws IntegrityException {
    String named = loc.meta.get(StoredMetadata.ORIGINAL_NAME);
    if (named != null && !named.isEmpty() && !named.equals(loc.key.name) && !mangledInTransport(named, loc.key.name)) {
      metrics.integrityFailures.increment();
      throw new IntegrityException(loc.key.key, "its metadata belongs to '" + named
          + "': the stored file was moved or swapped", (Throwable) null);
    }
    String refKey = loc.meta.get(StoredMetadata.REF_KEY);
    String own = loc.key.referenceKey();
    // Other tools write the reference's key from the bucket root; ours are relative to the store's root.
    if (loc.form == StoredForm.DELTA && refKey != null && !refKey.isEmpty() && !refKey.equals(own)
        && !refKey.endsWith("/" + own)) {
      metrics.integrityFailures.increment();
      throw new IntegrityException(loc.key.key, "its metadata names the reference " + refKey
          + " of another deltaspace: the stored file was moved", (Throwable) null);
    }
  }

  private static boolean mangledInTransport(String stored, String name) {
    if (name.chars().allMatch(c -> c < 0x80)) {
      return false; // ASCII travels unchanged everywhere
    }
    return stored.startsWith("=?") || stored.indexOf('?') >= 0 || stored.indexOf('\uFFFD') >= 0;
  }

  /** A delta that does not decode: counted, and its reference (maybe the cause) leaves the cache. */
  private IntegrityException undecodable(Located loc, VcdiffException e) {
    metrics.integrityFailures.increment();
    references.evict(referenceKeyOf(loc));
    return new IntegrityException(loc.key.key, "its delta does not decode: " + e.getMessage(), e);
  }

  /**
   * A delta's reconstruction decoded straight into its result array, hashed on another thread
   * while it decodes. Small objects are hashed on this thread: handing them over costs more than
   * hashing them.
   */
  private Reconstructed reconstructInMemory(Located loc, String expected, int declared) throws DeltaStoreException {
    PipelinedDigests sha = new PipelinedDigests(declared < (1 << 20) ? Runnable::run : hashing);
    byte[] result = null;
    try {
      byte[] delta = readDelta(loc);
      result = decodeDelta(loc, delta, declared, sha);
      metrics.deltaGets.increment();
    } catch (VcdiffException e) {
      throw undecodable(loc, e);
    } catch (IOException e) {
      throw mapIo(e, "reading " + loc.key);
    } finally {
      if (result == null) {
        sha.abandon();
      }
    }
    String actual;
    try {
      actual = sha.finish();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BackendException("interrupted while verifying " + loc.key, e);
    }
    if (!actual.equals(expected) || result.length != declared) {
      metrics.integrityFailures.increment();
      references.evict(referenceKeyOf(loc));
      throw new IntegrityException(loc.key.key, expected, actual);
    }
    return new Reconstructed(result.length, actual, result, null);
  }

  /** A delta small enough for the heap: no larger than the memory threshold, whatever head said. */
  private byte[] readDelta(Located loc) throws IOException {
    try (InputStream in = backend.get(loc.rawKey())) {
      byte[] delta = in.readNBytes((int) Math.min((long) memoryThreshold + 1, MAX_IN_MEMORY));
      if (delta.length > memoryThreshold) {
        throw new IntegrityException(loc.key.key, "its delta is larger than the " + memoryThreshold
            + " bytes its stored size allowed", (Throwable) null);
      }
      return delta;
    }
  }

  private byte[] decodeDelta(Located loc, byte[] delta, int declared, PipelinedDigests sha) throws IOException {
    String refKey = referenceKeyOf(loc);
    loc.referenceSeen = backend.head(refKey);
    BlobInfo refInfo = loc.referenceSeen.orElseThrow(() -> new IntegrityException(loc.key.key,
        "its reference " + refKey + " is missing", (Throwable) null));
    try (Reference ref = loadReference(refKey, refInfo, loc.meta.refSha256())) {
      acquireCodec();
      try (SourceData source = ref.source()) {
        return VcdiffDecoder.builder().maxTargetSize(declared).build().decode(source, delta, sha);
      } finally {
        codecPermits.release();
      }
    }
  }

  private String referenceKeyOf(Located loc) {
    String refKey = loc.meta.get(StoredMetadata.REF_KEY);
    // Only a reference in the object's own deltaspace is followed: metadata must not steer reads elsewhere.
    if (refKey == null || !refKey.equals(loc.key.referenceKey())) {
      refKey = loc.key.referenceKey();
    }
    return refKey;
  }

  private void decodeDelta(Located loc, OutputStream out, long maxSize) throws IOException {
    String refKey = referenceKeyOf(loc);
    loc.referenceSeen = backend.head(refKey);
    BlobInfo refInfo = loc.referenceSeen.orElseThrow(() -> new IntegrityException(loc.key.key,
        "its reference " + refKey + " is missing", (Throwable) null));
    try (Reference ref = loadReference(refKey, refInfo, loc.meta.refSha256())) {
      acquireCodec();
      try (SourceData source = ref.source(); InputStream delta = backend.get(loc.rawKey())) {
        VcdiffDecoder.builder().maxTargetSize(maxSize).build()
            .decode(source, new java.io.BufferedInputStream(delta, 1 << 16), out);
      } finally {
        codecPermits.release();
      }
    }
  }

  /** Counts bytes and refuses more than the object's declared size (a decompression bomb guard). */
  private static final class CountingOutputStream extends java.io.FilterOutputStream {
    long count;
    private final long max;
    private final String key;

    CountingOutputStream(OutputStream out, long max, String key) {
      super(out);
      this.max = max;
      this.key = key;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      count += len;
      if (count > max) {
        throw new IntegrityException(key, "reconstruction exceeds its declared size of " + max + " bytes", (Throwable) null);
      }
      out.write(b, off, len);
    }
  }

  // ---------------------------------------------------------------- delete, copy

  /**
   * Deletes an object; the deltaspace's reference goes with the last delta that uses it.
   *
   * @return false if there was no such object
   */
  public boolean delete(String key) throws DeltaStoreException {
    ObjectKey k = ObjectKey.parse(key);
    Lock lock = locks.get(k.deltaspace);
    lock.lock();
    try {
      boolean deletedDelta = backend.delete(k.deltaKey());
      boolean deletedWhole = backend.delete(k.passthroughKey());
      if (deletedDelta) {
        deleteReferenceIfUnused(k);
      }
      return deletedDelta || deletedWhole;
    } finally {
      lock.unlock();
    }
  }

  /** Copies an object to another key (verified on the way), keeping its content type and metadata. */
  public PutResult copy(String from, String to) throws DeltaStoreException {
    ObjectKey dest = ObjectKey.parse(to);
    Located loc = locate(ObjectKey.parse(from));
    long size = loc.meta.fileSize();
    if (size > policy.maxObjectSize()) {
      throw new ObjectTooLargeException(from, size, policy.maxObjectSize());
    }
    PutOptions options = PutOptions.carriedOver(loc.meta.contentType(), loc.meta.userMetadata());
    try (Reconstructed r = readVerified(loc, null, memoryThreshold);
        Spool spool = Spool.verified(r.size, r.sha256, r.bytes, r.file)) {
      return store(dest, spool, options);
    }
  }

  // ---------------------------------------------------------------- list, stats, verify, migrate

  /**
   * One page of user keys under {@code prefix}, with S3 ListObjectsV2 meaning: sorted keys, common
   * prefixes rolled up at {@code delimiter} (may be null), resumed after {@code startAfter} or from
   * a continuation token returned by the previous page. References are hidden and {@code .delta}
   * stripped; only the part of the store under the prefix is read.
   */
  public ListPage list(String prefix, String delimiter, String startAfterOrToken, int maxKeys)
      throws DeltaStoreException {
    return new UserListing(backend).page(prefix == null ? "" : prefix, delimiter, startAfterOrToken, maxKeys);
  }

  /** Every object under the prefix (all pages). */
  public List<ObjectSummary> listAll(String prefix) throws DeltaStoreException {
    List<ObjectSummary> out = new ArrayList<>();
    String token = null;
    do {
      ListPage page = list(prefix, null, token, 1000);
      out.addAll(page.objects());
      token = page.nextContinuationToken();
    } while (token != null);
    return out;
  }

  /** Original against stored bytes under a prefix, in all and per deltaspace. */
  public StoreStats stats(String prefix) throws DeltaStoreException {
    return new StatsCollector(backend).collect(prefix == null ? "" : prefix);
  }

  /**
   * Reads back every object under the prefix (or the single object, if {@code keyOrPrefix} names
   * one) and checks its SHA-256, without returning data. An object that fails for any reason is
   * reported and the others are still checked. Also reports what the backend holds there that is
   * not an object ({@link StorageBackend#problems}: data with damaged metadata, unreadable
   * entries, leftovers of killed writers) and references no delta uses; the first two make the
   * report fail, leftovers do not ({@link #cleanup} removes them).
   */
  public VerifyReport verify(String keyOrPrefix) throws DeltaStoreException {
    List<String> keys = new ArrayList<>();
    String p = keyOrPrefix == null ? "" : keyOrPrefix;
    ObjectKey single = null;
    try {
      ObjectKey k = ObjectKey.parse(p);
      single = exists(p) ? k : null;
    } catch (InvalidKeyException notAKey) {
      // a prefix such as "releases/"
    }
    if (single != null) {
      keys.add(p);
    } else {
      listAll(p).forEach(s -> keys.add(s.key()));
    }
    List<String> ok = new ArrayList<>();
    Map<String, String> failed = new LinkedHashMap<>();
    for (String key : keys) {
      if (Thread.currentThread().isInterrupted()) {
        throw new DeltaStoreException("interrupted while verifying " + p, new java.io.InterruptedIOException());
      }
      try (Reconstructed r = readVerified(locate(ObjectKey.parse(key)), null, memoryThreshold)) {
        ok.add(key);
      } catch (DeltaStoreException e) {
        failed.put(key, e.getMessage());
      }
    }
    List<StorageProblem> problems = new ArrayList<>();
    for (StorageProblem found : backend.problems(p)) {
      if (single == null || (found.key() != null && p.equals(ObjectKey.userKeyOf(found.key())))) {
        problems.add(found);
      }
    }
    if (single == null) {
      problems.addAll(unusedReferences(p));
    }
    return new VerifyReport(ok, failed, problems);
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
    String p = prefix == null ? "" : prefix;
    List<StorageProblem> removed = new ArrayList<>(backend.removeLeftovers(p));
    for (StorageProblem unused : unusedReferences(p)) {
      String refKey = unused.key();
      int slash = refKey.lastIndexOf('/');
      String deltaspace = slash < 0 ? "" : refKey.substring(0, slash);
      Lock lock = locks.get(deltaspace);
      lock.lock();
      try {
        if (deleteReferenceIfUnused(deltaspace)) {
          removed.add(unused);
        }
      } finally {
        lock.unlock();
      }
    }
    return removed;
  }

  /** References of deltaspaces wholly under the prefix that no delta uses, found in one raw listing. */
  private List<StorageProblem> unusedReferences(String prefix) throws DeltaStoreException {
    Map<String, Boolean> referenceUsed = new LinkedHashMap<>();
    java.util.Set<String> withDeltas = new java.util.HashSet<>();
    BlobQuery q = BlobQuery.under(prefix);
    while (true) {
      BlobPage page = backend.list(q);
      for (BlobInfo o : page.objects()) {
        int slash = o.key().lastIndexOf('/');
        String ds = slash < 0 ? "" : o.key().substring(0, slash);
        String name = o.key().substring(slash + 1);
        if (name.equals(ObjectKey.REFERENCE) && ObjectKey.deltaspacePrefix(ds).startsWith(prefix)) {
          referenceUsed.put(ds, Boolean.FALSE);
        } else if (name.endsWith(ObjectKey.DELTA_SUFFIX)) {
          withDeltas.add(ds);
        }
      }
      if (!page.isTruncated()) {
        break;
      }
      q = q.withContinuationToken(page.nextContinuationToken());
    }
    List<StorageProblem> unused = new ArrayList<>();
    for (String ds : referenceUsed.keySet()) {
      if (!withDeltas.contains(ds)) {
        String refKey = ObjectKey.deltaspacePrefix(ds) + ObjectKey.REFERENCE;
        unused.add(new StorageProblem(StorageProblem.Kind.LEFTOVER, refKey, refKey,
            "a reference no delta uses (left by an interrupted put; cleanup removes it)"));
      }
    }
    return unused;
  }

  /**
   * Rewrites metadata in legacy spellings (bare names, underscores, {@code zero-diff},
   * {@code direct}) to the current ones, in place. Puts through this store wait while an object
   * of their deltaspace is being rewritten; a put from another process at that instant could
   * still get the old version's metadata (the SPI has no conditional metadata update), so migrate
   * while nothing else writes.
   *
   * @return the number of objects rewritten
   */
  public int migrate(String prefix) throws DeltaStoreException {
    int changed = 0;
    BlobQuery q = BlobQuery.under(prefix == null ? "" : prefix);
    while (true) {
      BlobPage page = backend.list(q);
      for (BlobInfo listed : page.objects()) {
        if (migrateOne(listed.key())) {
          changed++;
        }
      }
      if (!page.isTruncated()) {
        return changed;
      }
      q = q.withContinuationToken(page.nextContinuationToken());
    }
  }

  /** Rewrites one raw object's legacy metadata, with puts into its deltaspace held off meanwhile. */
  private boolean migrateOne(String rawKey) throws DeltaStoreException {
    int slash = rawKey.lastIndexOf('/');
    Lock exclusive = migrations.get(slash < 0 ? "" : rawKey.substring(0, slash)).writeLock();
    exclusive.lock();
    try {
      Optional<BlobInfo> info = backend.head(rawKey);
      if (info.isEmpty()) {
        return false;
      }
      StoredMetadata meta = StoredMetadata.parse(info.get().metadata());
      if (!meta.legacy) {
        return false;
      }
      backend.replaceMetadata(rawKey, meta.canonical());
      return true;
    } catch (ObjectNotFoundException deletedMeanwhile) {
      return false;
    } finally {
      exclusive.unlock();
    }
  }

  @Override
  public void close() {
    hashing.shutdown();
    backend.close();
  }

  // ---------------------------------------------------------------- errors

  @FunctionalInterface
  private interface StoreCall {
    void run() throws DeltaStoreException;
  }

  /**
   * Runs a failed put's cleanup with the thread's interrupt flag cleared, and sets it again after:
   * an interrupted put (Ctrl-C, a cancelled task) must still remove what it wrote, and channel I/O
   * refuses to run on an interrupted thread.
   */
  private static void withoutInterrupt(StoreCall cleanup) throws DeltaStoreException {
    boolean interrupted = Thread.interrupted();
    try {
      cleanup.run();
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @FunctionalInterface
  interface IoCall<T> {
    T call() throws IOException;
  }

  static <T> T io(IoCall<T> call, String what) throws DeltaStoreException {
    try {
      return call.call();
    } catch (IOException e) {
      throw mapIo(e, what);
    }
  }

  static DeltaStoreException mapIo(IOException e, String what) {
    if (e instanceof DeltaStoreException) {
      return (DeltaStoreException) e;
    }
    String msg = String.valueOf(e.getMessage());
    if (msg.contains("No space left on device") || msg.contains("Disk quota exceeded")) {
      return new StorageFullException("no space left while " + what, e);
    }
    return new BackendException(what + " failed: " + e, e);
  }

  // ---------------------------------------------------------------- builder

  /** Builds a {@link DeltaStore}. Only the backend is required. */
  public static final class Builder {
    private StorageBackend backend;
    private DeltaPolicy policy = DeltaPolicy.defaults();
    private VcdiffEncoder encoder = VcdiffEncoder.builder().secondary(SecondaryCompression.LZMA).build();
    private long cacheBytes = 128L << 20;
    private int codecConcurrency = Runtime.getRuntime().availableProcessors();
    private Path tempDir;
    private Clock clock = Clock.systemUTC();
    private int memoryThreshold = 32 << 20;

    private Builder() {}

    public Builder backend(StorageBackend backend) {
      this.backend = Objects.requireNonNull(backend, "backend");
      return this;
    }

    public Builder policy(DeltaPolicy policy) {
      this.policy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /** The encoder for new deltas (default: its default level with LZMA secondary compression, as xdelta3). */
    public Builder encoder(VcdiffEncoder encoder) {
      this.encoder = Objects.requireNonNull(encoder, "encoder");
      return this;
    }

    /** Heap budget for verified references kept between operations (default 128 MiB; 0 disables). */
    public Builder referenceCacheBytes(long bytes) {
      if (bytes < 0) {
        throw new IllegalArgumentException("referenceCacheBytes must not be negative");
      }
      this.cacheBytes = bytes;
      return this;
    }

    /** How many encodes/decodes may run at once (default: the number of processors). */
    public Builder codecConcurrency(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("codecConcurrency must be at least 1");
      }
      this.codecConcurrency = n;
      return this;
    }

    /** Where large objects are spooled and reconstructed (default: the system temp directory). */
    public Builder tempDirectory(Path dir) {
      this.tempDir = dir;
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Objects up to this size are handled in the heap, larger ones through temp files (default 32 MiB). */
    public Builder memoryThreshold(int bytes) {
      if (bytes < 0) {
        throw new IllegalArgumentException("memoryThreshold must not be negative");
      }
      this.memoryThreshold = bytes;
      return this;
    }

    public DeltaStore build() {
      if (backend == null) {
        throw new IllegalStateException("a backend is required");
      }
      return new DeltaStore(this);
    }
  }
}
