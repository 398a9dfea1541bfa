package io.deltaglider;

import io.deltaglider.spi.BlobInfo;
import io.deltaglider.spi.MetadataNames;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.Lock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a put decides and stores an object's form, and deletes: whole when the policy says the key
 * is not delta-eligible or the delta does not pay off, else as a delta against its deltaspace's
 * reference, which the deltaspace's first put creates ({@link References} keeps that safe across
 * processes). Every put writes the new form before it removes the old one, so the key never
 * shows no object, and writes data and metadata in one atomic backend call.
 */
final class Puts {
  private static final Logger LOG = LoggerFactory.getLogger(Puts.class);
  /** Puts redone because another process deleted or replaced the reference under them. */
  private static final int MAX_ATTEMPTS = 5;

  private final StoreContext ctx;
  private final References references;
  private final Encoding encoding;
  private final ArchiveDeltas archiveDeltas;

  Puts(StoreContext ctx, References references) {
    this.ctx = ctx;
    this.references = references;
    this.encoding = new Encoding(ctx);
    this.archiveDeltas = new ArchiveDeltas(ctx);
  }

  PutResult store(ObjectKey k, Spool content, PutOptions options) throws DeltaStoreException {
    Lock noMigration = ctx.locks.migration(k.deltaspace).readLock();
    noMigration.lock();
    try {
      if (options.isCreateOnly()) {
        refuseIfExists(k);
      }
      if (!ctx.isDeltaEligible(k.key, content.size)) {
        return storeWhole(k, content, options);
      }
      return storeEligible(k, content, options);
    } catch (ObjectExistsException e) {
      // Only a create-only put writes objects with create-if-absent: name the user's key.
      throw options.isCreateOnly() ? new ObjectExistsException(k.key) : e;
    } catch (DeltaStoreException e) {
      // Backends wrap what their payload stream threw; say plainly what happened.
      ContentChangedException changed = IoErrors.causeOf(e, ContentChangedException.class);
      if (changed != null && changed != e) {
        throw new ContentChangedException(k.key + ": " + changed.getMessage() + "; nothing was stored", e);
      }
      throw e;
    } finally {
      noMigration.unlock();
    }
  }

  /** A create-only put's first look: the key must hold no object in either form (PutOptions#withCreateOnly). */
  private void refuseIfExists(ObjectKey k) throws DeltaStoreException {
    if (ctx.backend.head(k.deltaKey()).isPresent() || ctx.backend.head(k.passthroughKey()).isPresent()) {
      throw new ObjectExistsException(k.key);
    }
  }

  /** A delta-eligible put, redone while another process pulls its reference from under it. */
  private PutResult storeEligible(ObjectKey k, Spool content, PutOptions options) throws DeltaStoreException {
    References.Lost lost = null;
    for (int attempt = 1; ; attempt++) {
      try {
        return storeEligibleOnce(k, content, options);
      } catch (References.Lost e) {
        if (lost != null) {
          e.addSuppressed(lost);
        }
        lost = e;
        if (attempt == MAX_ATTEMPTS) {
          removeStaleDelta(k, lost);
          throw new BackendException(k.key + ": the reference of its deltaspace was deleted or replaced by another writer "
              + attempt + " times while the object was being stored", lost);
        }
        if (options.isCreateOnly()) {
          // The redo creates the delta again: the stale one must not look like someone else's.
          removeStaleDelta(k, lost);
        }
        LOG.debug("{}: {}, storing it again", k, lost.getMessage());
      } catch (DeltaStoreException | RuntimeException | Error e) {
        if (lost != null) {
          // The redo failed: the delta written against the lost reference must not stay visible.
          try {
            References.Lost stale = lost;
            IoErrors.withoutInterrupt(() -> removeStaleDelta(k, stale));
          } catch (DeltaStoreException cleanup) {
            e.addSuppressed(cleanup);
          }
        }
        throw e;
      }
    }
  }

  /** Deletes the delta a lost put wrote, unless another put has replaced it since. */
  private void removeStaleDelta(ObjectKey k, References.Lost lost) throws DeltaStoreException {
    if (lost.written == null) {
      return; // lost before anything was written
    }
    Optional<BlobInfo> d = ctx.backend.head(k.deltaKey());
    if (d.isPresent() && StoredMetadata.sameVersion(d.get().metadata(), lost.written)) {
      ctx.backend.deleteIfPresent(k.deltaKey());
    }
  }

  private PutResult storeEligibleOnce(ObjectKey k, Spool content, PutOptions options) throws DeltaStoreException {
    Lock lock = ctx.locks.writer(k.deltaspace);
    lock.lock();
    Encoded zeroDiff = null;
    try {
      Optional<BlobInfo> refInfo = ctx.backend.head(k.referenceKey());
      if (refInfo.isPresent() && !OwnObjects.isOurs(refInfo.get().metadata())) {
        // Someone else's file named reference.bin: no delta against it, and it is not replaced.
        LOG.debug("{}: {} is not DeltaGlider's, storing whole", k, k.referenceKey());
        return storeWhole(k, content, options);
      }
      if (refInfo.isEmpty() && !ctx.mayCreateReferences()) {
        // Two writers could each "create" the reference and one would lose what it made against
        // its own (FORMAT.md section 2.6): without an atomic create, store whole.
        LOG.debug("{}: no reference, and this store may not create one: storing whole", k);
        return storeWhole(k, content, options);
      }
      if (refInfo.isEmpty()) {
        // The first read of the content makes its zero-diff delta and records its digests; the
        // reference upload that follows is checked against them.
        zeroDiff = encoding.identity(k, content);
        CallScope.current().check(); // the last moment a cancelled put leaves no trace
        if (!references.create(k, content)) {
          zeroDiff.close();
          zeroDiff = null;
          refInfo = ctx.backend.head(k.referenceKey());
          if (refInfo.isEmpty()) {
            throw new BackendException("reference " + k.referenceKey() + " vanished while it was being created");
          }
        }
      }
      if (zeroDiff == null) {
        return storeDelta(k, content, options, refInfo.get());
      }
      try {
        return writeDelta(k, content, options, true, content.sha256Of(k), zeroDiff, false);
      } catch (DeltaStoreException | RuntimeException | Error e) {
        // Nothing uses the reference this put made: leave the deltaspace as it was.
        try {
          IoErrors.withoutInterrupt(() -> references.deleteIfUnused(k.deltaspace));
        } catch (DeltaStoreException cleanup) {
          e.addSuppressed(cleanup);
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
   * Encodes against the existing reference, also archive-aware where that applies, and keeps the
   * smaller delta; stores whole if that does not pay off either. Caller holds the lock.
   */
  private PutResult storeDelta(ObjectKey k, Spool content, PutOptions options, BlobInfo refInfo)
      throws DeltaStoreException {
    try (Reference ref = references.loadForPut(k, refInfo)) {
      Encoded[] both = ctx.isArchiveEligible(k.key, content.size) ? archiveDeltas.encodeWithPlain(k, ref, content, encoding)
          : new Encoded[] {encoding.against(k, ref, content), null};
      try (Encoded plain = both[0]; Encoded archive = both[1]) {
        return storeDelta(k, content, options, ref, plain, archive);
      }
    }
  }

  /** Keeps the archive-aware delta if there is one (it is the smaller), else the plain one, or stores whole. */
  private PutResult storeDelta(ObjectKey k, Spool content, PutOptions options, Reference ref, Encoded plain,
      Encoded archive) throws DeltaStoreException {
    Encoded delta = archive != null ? archive : plain;
    double ratio = content.size == 0 ? 0 : (double) delta.size / content.size;
    double limit = ctx.policy.maxDeltaRatio(k.key);
    if (ratio >= limit) {
      LOG.debug("{}: delta is {} of the original (limit {}), storing whole", k, ratio, limit);
      return storeWhole(k, content, options);
    }
    return writeDelta(k, content, options, false, ref.sha256, delta, archive != null);
  }

  /** Writes a delta (plain or archive-aware) and its metadata, then confirms its reference. Caller holds the lock. */
  private PutResult writeDelta(ObjectKey k, Spool content, PutOptions options, boolean created, String refSha256,
      Encoded delta, boolean archiveDelta) throws DeltaStoreException {
    CallScope.current().check(); // before the commit point: a cancelled put changes nothing
    Map<String, String> meta = baseMetadata(k, content, options, "delta");
    meta.put(MetadataNames.REF_KEY, k.referenceKey());
    meta.put(MetadataNames.REF_PATH, ObjectKey.REFERENCE);
    meta.put(MetadataNames.REF_SHA256, refSha256);
    meta.put(MetadataNames.DELTA_SIZE, Long.toString(delta.size));
    // Informational, as in the other tools: name what actually made the delta.
    meta.put(MetadataNames.DELTA_CMD, "deltaglider " + (archiveDelta ? "archive" : "vcdiff") + " encode -s reference.bin "
        + k.name + " " + k.name + ".delta");
    if (archiveDelta) {
      // What makes readers that know the form decode it, and every other reader refuse it.
      meta.put(MetadataNames.FORM, MetadataNames.FORM_ARCHIVE_DELTA);
    }
    if (options.isCreateOnly()) {
      ctx.backend.putIfAbsent(k.deltaKey(), delta.payload(), meta);
    } else {
      ctx.backend.put(k.deltaKey(), delta.payload(), meta);
    }
    references.confirmAfterWrite(k, refSha256, meta);
    if (delta.mapSha256 != null) {
      archiveDeltas.confirmMap(k, delta.mapSha256, meta);
    }
    // A previous version stored whole would shadow nothing (deltas are looked up first),
    // but it would waste space and show twice in raw listings. (A create-only put found none.)
    if (!options.isCreateOnly()) {
      ctx.backend.deleteIfPresent(k.passthroughKey());
    }
    ctx.metrics.deltaPuts.increment();
    ctx.metrics.bytesSaved.add(content.size - delta.size);
    return new PutResult(k.key, StoredForm.DELTA, created, content.size, delta.size, content.sha256Of(k),
        content.md5Of(k), archiveDelta);
  }

  private PutResult storeWhole(ObjectKey k, Spool content, PutOptions options) throws DeltaStoreException {
    CallScope.current().check(); // before the commit point: a cancelled put changes nothing
    Map<String, String> meta = baseMetadata(k, content, options, "passthrough");
    meta.put(MetadataNames.COMPRESSION, "none");
    // Lets a range read verify the chunks it covers without reading the whole object.
    ChunkDigests chunks = content.chunkDigestsOf(k);
    if (chunks != null && !chunks.addIfFits(meta)) {
      LOG.debug("{}: no chunk digests, the metadata would not fit in S3's 2 KB", k);
    }
    if (options.isCreateOnly()) {
      ctx.backend.putIfAbsent(k.passthroughKey(), IoErrors.io(content::payload, "reading content"), meta);
      ctx.metrics.passthroughPuts.increment();
      // No delta to remove: there was none when the put began; one that appeared since is another
      // writer's, and stays.
      return new PutResult(k.key, StoredForm.PASSTHROUGH, false, content.size, content.size, content.sha256Of(k),
          content.md5Of(k), false);
    }
    ctx.backend.put(k.passthroughKey(), IoErrors.io(content::payload, "reading content"), meta);
    // The delta form is looked up first, so it must go, or it would keep serving the old version.
    // The whole object was written without the lock: if a delta put of the same key ran since,
    // it deleted what we wrote, and its delta is the newer version, which must stay.
    Lock lock = ctx.locks.writer(k.deltaspace);
    lock.lock();
    try {
      Optional<BlobInfo> ours = ctx.backend.head(k.passthroughKey());
      if (ours.isPresent() && StoredMetadata.sameVersion(ours.get().metadata(), meta) && deleteOwnDelta(k)) {
        references.deleteIfUnused(k.deltaspace);
      }
    } finally {
      lock.unlock();
    }
    ctx.metrics.passthroughPuts.increment();
    return new PutResult(k.key, StoredForm.PASSTHROUGH, false, content.size, content.size, content.sha256Of(k),
        content.md5Of(k), false);
  }

  private Map<String, String> baseMetadata(ObjectKey k, Spool content, PutOptions options, String note)
      throws DeltaStoreException {
    Map<String, String> meta = new LinkedHashMap<>();
    meta.put(MetadataNames.TOOL, StoreContext.TOOL);
    meta.put(MetadataNames.ORIGINAL_NAME, k.name);
    meta.put(MetadataNames.FILE_SHA256, content.sha256Of(k));
    meta.put(MetadataNames.FILE_SIZE, Long.toString(content.size));
    meta.put(MetadataNames.MD5, content.md5Of(k));
    meta.put(MetadataNames.CREATED_AT, ctx.clock.instant().toString());
    meta.put(MetadataNames.NOTE, note);
    if (options.contentType() != null) {
      meta.put(MetadataNames.CONTENT_TYPE, options.contentType());
    }
    options.userMetadata().forEach((n, v) -> meta.put(MetadataNames.USER_PREFIX + n, v));
    return meta;
  }

  /**
   * Deletes k's delta if there is one and it is DeltaGlider's: a file another tool put under the
   * name (someone's own patch) is not k's and stays (FORMAT.md section 2.7). A head where a bare
   * delete was: the same one request when there is none. Caller holds the lock.
   */
  private boolean deleteOwnDelta(ObjectKey k) throws DeltaStoreException {
    Optional<BlobInfo> delta = ctx.backend.head(k.deltaKey());
    return delta.isPresent() && OwnObjects.isOurs(delta.get().metadata()) && ctx.backend.delete(k.deltaKey());
  }

  /**
   * Deletes an object; its deltaspace's reference goes with the last delta that uses it. A
   * reserved name deletes the foreign file under it, never the store's own delta or reference.
   */
  boolean delete(ObjectKey k) throws DeltaStoreException {
    Lock lock = ctx.locks.writer(k.deltaspace);
    lock.lock();
    try {
      if (k.reserved != null) {
        return deleteForeign(k);
      }
      boolean deletedDelta = deleteOwnDelta(k);
      boolean deletedWhole = ctx.backend.delete(k.passthroughKey());
      if (deletedDelta) {
        references.deleteIfUnused(k.deltaspace);
      }
      return deletedDelta || deletedWhole;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Deletes the foreign file under a reserved name, after a head saw it is not the store's own.
   * Puts of this process wait (the caller holds the lock); another process could only make the
   * name DeltaGlider's in between by putting k itself over the foreign file.
   */
  private boolean deleteForeign(ObjectKey k) throws DeltaStoreException {
    Optional<BlobInfo> found = ctx.backend.head(k.key);
    if (found.isEmpty() || OwnObjects.isOurs(found.get().metadata())) {
      throw k.refusal();
    }
    return ctx.backend.delete(k.key);
  }
}
