package io.deltaglider;

import io.deltaglider.spi.BlobInfo;
import io.deltaglider.spi.BlobPage;
import io.deltaglider.spi.BlobQuery;
import io.deltaglider.spi.MetadataNames;
import io.deltaglider.spi.StorageProblem;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The deltaspaces' references, and the protocol that makes every store and every process agree
 * on one per deltaspace, whatever order their steps interleave in. Locks order the writers of one
 * store ({@link DeltaspaceLocks}); across processes only these rules hold:
 *
 * <ol>
 *   <li>A reference is only ever created with the backend's create-if-absent ({@link #create}): of
 *       writers that all find none, one creates it and the others use that one.
 *   <li>A delta is acknowledged only once the reference it was made against is seen after the
 *       delta's write, with the digest it was made against ({@link #confirmAfterWrite}); a writer
 *       that finds it gone or replaced redoes its put ({@link Lost}).
 *   <li>A reference is deleted only when no delta is listed in its deltaspace, and its bytes are
 *       kept until the deltaspace has been listed once more after the delete: a delta that
 *       appeared meanwhile gets the reference restored ({@link #deleteIfUnused}). With rule 2,
 *       whichever of a deleting and a putting process looks second sees the other.
 *   <li>Bytes are used only after their SHA-256 matches what the reader expects (the delta's
 *       {@code dg-ref-sha256}, else the reference's own digest); the cache holds only verified
 *       bytes, keyed by that digest ({@link #load}).
 *   <li>A reference whose bytes do not match the metadata headed a moment before may have been
 *       replaced in between: a put starts over ({@link #loadForPut}), a get reads again
 *       ({@link VerifiedReads}); only bytes that stay wrong are an integrity failure.
 * </ol>
 */
final class References {
  private static final Logger LOG = LoggerFactory.getLogger(References.class);

  private final StoreContext ctx;

  References(StoreContext ctx) {
    this.ctx = ctx;
  }

  /**
   * The reference a put relied on was deleted or replaced by another writer, found after the put
   * wrote its delta (rule 2) or while it read the reference (rule 5): the put is redone.
   */
  static final class Lost extends DeltaStoreException {
    private static final long serialVersionUID = 1L;
    /** The metadata of the delta that was written, to recognise it when cleaning up; null if none was. */
    final transient Map<String, String> written;

    Lost(String message, Map<String, String> written) {
      super(message);
      this.written = written;
    }
  }

  /** Creates the deltaspace's reference from this content; false if another writer got there first (rule 1). */
  boolean create(ObjectKey k, Spool content) throws DeltaStoreException {
    Map<String, String> meta = new LinkedHashMap<>();
    meta.put(MetadataNames.TOOL, StoreContext.TOOL);
    // The proxy's name for a deltaspace's internal reference; its admin migration rewrites any
    // reference named after a user object as if it were a legacy one.
    meta.put(MetadataNames.ORIGINAL_NAME, MetadataNames.REFERENCE_NAME);
    meta.put(MetadataNames.SOURCE_NAME, k.name);
    meta.put(MetadataNames.FILE_SHA256, content.sha256Of(k));
    meta.put(MetadataNames.FILE_SIZE, Long.toString(content.size));
    meta.put(MetadataNames.MD5, content.md5Of(k));
    meta.put(MetadataNames.CREATED_AT, ctx.clock.instant().toString());
    meta.put(MetadataNames.NOTE, "reference");
    try {
      ctx.backend.putIfAbsent(k.referenceKey(), IoErrors.io(content::payload, "reading content"), meta);
    } catch (ObjectExistsException raced) {
      LOG.debug("{}: another writer created {} first", k, k.referenceKey());
      return false;
    }
    ctx.metrics.referencesCreated.increment();
    if (content.inMemory()) {
      // A copy: the content may be the caller's array, which the caller is free to reuse once
      // put returns; the cache must keep the bytes that were stored.
      ctx.cache.put(k.referenceKey(), content.sha256Of(k), content.bytes().clone());
    }
    return true;
  }

  /**
   * Loads and verifies a reference (rule 4): against {@code expectedSha256} (the delta's
   * {@code dg-ref-sha256}) when given, else against the reference's own {@code dg-file-sha256}.
   */
  Reference load(String refKey, BlobInfo info, String expectedSha256) throws DeltaStoreException {
    return load(refKey, info, expectedSha256, true);
  }

  /** As {@link #load(String, BlobInfo, String)}; {@code useCache} false reads the backend's bytes whatever the cache holds. */
  Reference load(String refKey, BlobInfo info, String expectedSha256, boolean useCache) throws DeltaStoreException {
    StoredMetadata meta = StoredMetadata.parse(info.metadata());
    String expected = expectedSha256 != null ? expectedSha256 : meta.fileSha256();
    if (expected != null && useCache) {
      byte[] cached = ctx.cache.get(refKey, expected);
      if (cached != null) {
        return new Reference(expected, cached, null, false);
      }
    }
    boolean inMemory = info.size() <= ctx.memoryThreshold
        || (ctx.cache.admits(info.size()) && info.size() <= StoreContext.MAX_IN_MEMORY);
    Spool spool;
    try (InputStream in = CountedReads.get(ctx, refKey)) {
      spool = IoErrors.io(() -> Spool.read(in, refKey, Long.MAX_VALUE,
          inMemory ? StoreContext.MAX_IN_MEMORY : ctx.memoryThreshold, ctx.tempDir), "reading " + refKey);
    } catch (IOException e) {
      throw IoErrors.mapIo(e, "reading " + refKey);
    }
    String actual = spool.recordedSha256();
    if (expected != null && !expected.equals(actual)) {
      spool.close();
      ctx.cache.evict(refKey);
      ctx.metrics.integrityFailures.increment();
      throw new IntegrityException(refKey, expected, actual);
    }
    if (spool.inMemory()) {
      ctx.cache.put(refKey, actual, spool.bytes());
      return new Reference(actual, spool.bytes(), null, false);
    }
    return new Reference(actual, null, spool.file(), true);
  }

  /** The reference a put encodes against, verified; {@link Lost} if it was replaced since {@code headed} (rule 5). */
  Reference loadForPut(ObjectKey k, BlobInfo headed) throws DeltaStoreException {
    try {
      return load(k.referenceKey(), headed, null);
    } catch (IntegrityException | ObjectNotFoundException e) {
      Optional<BlobInfo> now = ctx.backend.head(k.referenceKey());
      if (now.isEmpty() || now.get().size() != headed.size()
          || !StoredMetadata.sameVersion(now.get().metadata(), headed.metadata())) {
        throw new Lost(k.referenceKey() + " was replaced while it was being read", null);
      }
      throw e;
    }
  }

  /**
   * After a delta made against {@code refSha256} was written with {@code written}: the reference
   * must still be there with that digest (rule 2), or the put is {@link Lost}. Checked before the
   * put removes the key's previous whole copy, so a put that gives up has removed nothing.
   */
  void confirmAfterWrite(ObjectKey k, String refSha256, Map<String, String> written) throws DeltaStoreException {
    Optional<BlobInfo> now = ctx.backend.head(k.referenceKey());
    String nowSha = now.isEmpty() ? null : StoredMetadata.parse(now.get().metadata()).fileSha256();
    if (now.isEmpty() || (nowSha != null && !nowSha.equals(refSha256))) {
      ctx.cache.evict(k.referenceKey());
      throw new Lost(k.referenceKey() + (now.isEmpty() ? " vanished" : " was replaced") + " while the delta was written",
          written);
    }
  }

  /**
   * Deletes the reference of {@code deltaspace} when no delta uses it any more (rule 3); true if
   * it did. The caller holds the deltaspace's writer lock.
   */
  boolean deleteIfUnused(String deltaspace) throws DeltaStoreException {
    String refKey = ObjectKey.deltaspacePrefix(deltaspace) + ObjectKey.REFERENCE;
    if (anyDelta(deltaspace)) {
      return false;
    }
    Optional<BlobInfo> info = ctx.backend.head(refKey);
    if (info.isEmpty() || !OwnObjects.isOurs(info.get().metadata())) {
      return false; // none, or a file another tool put under the name: not ours to delete
    }
    // Another process may be putting a delta against this reference right now (our lock does not
    // reach it). Keep the bytes until the deltaspace is seen empty once more after the delete:
    // a delta that shows up then gets its reference back.
    Spool kept;
    try {
      kept = readCopy(refKey);
    } catch (ObjectNotFoundException gone) {
      return false;
    } catch (DeltaStoreException e) {
      // Without a copy to restore from, deleting is not safe: leave the reference (a later put
      // uses it, a later delete tries again).
      LOG.warn("keeping the unused {}: could not read it first ({})", refKey, e.toString());
      return false;
    }
    // Its expansion map (FORMAT.md section 9.9) goes with it, kept the same way.
    String mapKey = ExpansionMap.keyOf(deltaspace);
    Optional<BlobInfo> mapInfo = ctx.backend.head(mapKey);
    Spool keptMap = null;
    try (kept) {
      String headed = StoredMetadata.parse(info.get().metadata()).fileSha256();
      if (kept.size != info.get().size() || (headed != null && !headed.equals(kept.recordedSha256()))) {
        return false; // replaced since it was headed: someone else's reference now
      }
      if (mapInfo.isPresent()) {
        try {
          keptMap = readCopy(mapKey);
        } catch (DeltaStoreException e) {
          LOG.warn("keeping the unused {}: could not read {} first ({})", refKey, mapKey, e.toString());
          return false;
        }
      }
      if (!ctx.backend.delete(refKey)) {
        return false;
      }
      ctx.cache.evict(refKey);
      if (keptMap != null) {
        // After the reference: a delete cut short leaves a map without reference, which the next
        // put of the deltaspace or a cleanup removes, never a reference without the map of its deltas.
        ctx.backend.delete(mapKey);
      }
      if (anyDelta(deltaspace)) {
        if (keptMap != null) {
          try {
            ctx.backend.putIfAbsent(mapKey, IoErrors.io(keptMap::payload, "re-reading the expansion map"),
                mapInfo.get().metadata());
          } catch (ObjectExistsException recreated) {
            LOG.debug("{} was recreated meanwhile", mapKey);
          }
        }
        try {
          ctx.backend.putIfAbsent(refKey, IoErrors.io(kept::payload, "re-reading the reference"), info.get().metadata());
          LOG.info("restored {}: a delta was written against it while it was being deleted", refKey);
        } catch (ObjectExistsException recreated) {
          LOG.debug("{} was recreated meanwhile", refKey);
        }
        return false;
      }
    } finally {
      if (keptMap != null) {
        keptMap.close();
      }
    }
    LOG.debug("deleted unused reference {}", refKey);
    return true;
  }

  private Spool readCopy(String refKey) throws DeltaStoreException {
    try (InputStream in = CountedReads.get(ctx, refKey)) {
      return IoErrors.io(() -> Spool.read(in, refKey, Long.MAX_VALUE, ctx.memoryThreshold, ctx.tempDir),
          "reading " + refKey);
    } catch (IOException e) {
      throw IoErrors.mapIo(e, "reading " + refKey);
    }
  }

  /**
   * Whether any delta is stored in the deltaspace, counting deltas the backend cannot list
   * because they are damaged or unreadable: their reference may be what repairs them.
   */
  private boolean anyDelta(String deltaspace) throws DeltaStoreException {
    if (anyListedDelta(deltaspace)) {
      return true;
    }
    String prefix = ObjectKey.deltaspacePrefix(deltaspace);
    for (StorageProblem p : ctx.backend.problems(prefix)) {
      String key = p.key();
      if (p.kind() != StorageProblem.Kind.LEFTOVER && key != null && isDelta(key)
          && key.startsWith(prefix) && key.indexOf('/', prefix.length()) < 0) {
        return true;
      }
    }
    return false;
  }

  private boolean anyListedDelta(String deltaspace) throws DeltaStoreException {
    BlobQuery q = BlobQuery.of(ObjectKey.deltaspacePrefix(deltaspace), "/", null, null, 1000);
    while (true) {
      BlobPage page = ctx.backend.list(q);
      for (BlobInfo o : page.objects()) {
        if (isDelta(o.key())) {
          return true;
        }
      }
      if (!page.isTruncated()) {
        return false;
      }
      q = q.withContinuationToken(page.nextContinuationToken());
    }
  }

  /** Whether a raw key is a delta: it ends in {@code .delta} and is not a deltaspace's expansion map. */
  static boolean isDelta(String rawKey) {
    return rawKey.endsWith(ObjectKey.DELTA_SUFFIX) && !ExpansionMap.isMapKey(rawKey);
  }
}
