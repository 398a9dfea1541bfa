package io.deltaglider;

import io.deltaglider.spi.BlobInfo;
import io.deltaglider.spi.MetadataNames;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * Range reads, verified by what each stored form allows (FORMAT.md section 4.7):
 *
 * <ul>
 *   <li>a whole object with chunk digests: the chunks covering the range are read with a ranged
 *       backend read and checked against their digests ({@link ChunkVerifiedRanges});
 *   <li>a delta, or a whole object without usable chunk digests (older, or written by other
 *       tools): the object is reconstructed and verified whole against {@code dg-file-sha256}
 *       once, and that copy serves this range and the ones that follow ({@link VerifiedCopyCache});
 *   <li>a file the store did not write ({@link StoredForm#PLAIN}): nothing to verify against, so the
 *       range is served by a ranged backend read as it is stored.
 * </ul>
 *
 * A chunk that fails its digest while the object is still the one found is an integrity failure;
 * if the object was replaced meanwhile, the read starts over on the new version.
 */
final class RangeReads implements Closeable {
  /** How often a range read starts over when the object keeps being replaced under it. */
  private static final int MAX_ATTEMPTS = 5;

  private final StoreContext ctx;
  private final VerifiedReads reads;
  private final ChunkVerifiedRanges chunked;
  private final VerifiedCopyCache copies;

  RangeReads(StoreContext ctx, VerifiedReads reads, long cacheBytes) {
    this.ctx = ctx;
    this.reads = reads;
    this.chunked = new ChunkVerifiedRanges(ctx);
    this.copies = new VerifiedCopyCache(cacheBytes, ctx.metrics);
  }

  RangeStream open(ObjectKey k, ByteRange range) throws DeltaStoreException {
    DeltaStoreException changed = null;
    for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      Located loc = reads.locate(k);
      try {
        return read(loc, range);
      } catch (ReplacedMeanwhile e) {
        changed = (DeltaStoreException) e.getCause();
      }
    }
    throw new BackendException(k.key + " was replaced while a range of it was being read, " + MAX_ATTEMPTS
        + " times in a row", changed);
  }

  /** A chunk failed, but the object is no longer the one found: read the new one. */
  static final class ReplacedMeanwhile extends Exception {
    private static final long serialVersionUID = 1L;

    ReplacedMeanwhile(DeltaStoreException cause) {
      super(cause);
    }
  }

  /** One attempt on the object as {@code loc} found it. */
  RangeStream read(Located loc, ByteRange range) throws DeltaStoreException, ReplacedMeanwhile {
    if (loc.form == StoredForm.PLAIN) {
      return asStored(loc, range);
    }
    ChunkDigests chunks = loc.form == StoredForm.PASSTHROUGH ? ChunkDigests.declaredBy(loc.meta, loc.blob.size()) : null;
    if (chunks == null) {
      return fromVerifiedCopy(loc, range);
    }
    checkVerifiable(loc);
    range.checkSatisfiable(loc.key.key, chunks.size);
    long offset = range.offsetIn(chunks.size);
    long length = range.lengthIn(chunks.size);
    if (length == 0) {
      return new RangeStream(InputStream.nullInputStream(), offset, 0, chunks.size, true, null);
    }
    try {
      return chunked.read(loc, chunks, offset, length);
    } catch (IntegrityException | ObjectNotFoundException e) {
      if (changedSince(loc)) {
        throw new ReplacedMeanwhile(e);
      }
      if (e instanceof IntegrityException) {
        ctx.metrics.integrityFailures.increment();
      }
      throw e;
    }
  }

  /** What a read refuses before reading (FORMAT.md section 4.2): metadata of another key, or no digest. */
  private void checkVerifiable(Located loc) throws IntegrityException {
    try {
      loc.checkBelongsToKey();
      loc.checkKnownForm();
      if (loc.meta.fileSha256() == null) {
        throw new IntegrityException(loc.key.key, "its metadata holds no valid dg-file-sha256 to verify against",
            (Throwable) null);
      }
    } catch (IntegrityException e) {
      ctx.metrics.integrityFailures.increment();
      throw e;
    }
  }

  /**
   * The range from the object's verified copy, made now (once, whoever else asks meanwhile) or
   * kept from an earlier read of the same version. A range past the declared end fails first,
   * without reconstructing anything.
   */
  private RangeStream fromVerifiedCopy(Located loc, ByteRange range) throws DeltaStoreException {
    long declared = loc.meta.fileSize();
    if (declared >= 0) {
      range.checkSatisfiable(loc.key.key, declared);
    }
    VerifiedCopyCache.Version version = new VerifiedCopyCache.Version(loc.rawKey(), loc.meta.fileSha256(),
        loc.meta.get(MetadataNames.CREATED_AT));
    VerifiedCopyCache.Copy copy = copies.acquire(version, () -> reads.read(loc, null, ctx.memoryThreshold));
    try {
      long size = copy.size();
      range.checkSatisfiable(loc.key.key, size);
      long offset = range.offsetIn(size);
      long length = range.lengthIn(size);
      return new RangeStream(copy.open(offset, length), offset, length, size, true, copy::release);
    } catch (IOException e) {
      copy.release();
      throw IoErrors.mapIo(e, "reading the verified copy of " + loc.key);
    } catch (RuntimeException e) {
      copy.release();
      throw e;
    }
  }

  /** A file the store did not write: served as stored, by a ranged read; there is no digest to check. */
  private RangeStream asStored(Located loc, ByteRange range) throws DeltaStoreException {
    long size = loc.blob.size();
    range.checkSatisfiable(loc.key.key, size);
    long offset = range.offsetIn(size);
    long length = range.lengthIn(size);
    InputStream in = length == 0 ? InputStream.nullInputStream() : ctx.backend.get(loc.rawKey(), offset, length);
    return new RangeStream(in, offset, length, size, false, null);
  }

  /** Whether the stored object is no longer the one {@code loc} found (replaced or gone). */
  private boolean changedSince(Located loc) throws DeltaStoreException {
    Optional<BlobInfo> now = ctx.backend.head(loc.rawKey());
    return now.isEmpty() || now.get().size() != loc.blob.size()
        || !StoredMetadata.sameVersion(now.get().metadata(), loc.blob.metadata());
  }

  /** Deletes the verified copies no stream reads; the others go when their streams close. */
  @Override
  public void close() {
    copies.close();
  }
}
