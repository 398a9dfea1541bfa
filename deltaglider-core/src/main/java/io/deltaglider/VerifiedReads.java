package io.deltaglider;

import io.deltaglider.spi.BlobInfo;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.locks.Lock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds objects and reads them verified, telling corruption from concurrency: a put or delete
 * (in this process or another) can replace or remove a delta or its reference between the look
 * that found it and the reads of its bytes, and the mismatch that follows is not corruption. A
 * failure is reported only for bytes that stay wrong while nothing changes; an object deleted
 * meanwhile is not found.
 */
final class VerifiedReads {
  private static final Logger LOG = LoggerFactory.getLogger(VerifiedReads.class);
  /** How often a read starts over when the object keeps changing under it. */
  private static final int MAX_ATTEMPTS = 10;
  /**
   * How long a read waits, in turn, for a delta's missing or replaced reference to be put right
   * by the writer whose step it may have fallen between (References, rules 2 and 3).
   */
  private static final int[] UNSETTLED_WAITS_MS = {10, 50, 200, 500};

  private final StoreContext ctx;
  private final Reconstructor reconstructor;

  VerifiedReads(StoreContext ctx, References references) {
    this.ctx = ctx;
    this.reconstructor = new Reconstructor(ctx, references);
  }

  /** Where the object is stored: its delta if there is one (deltas are looked up first), else its whole copy. */
  Located locate(ObjectKey k) throws DeltaStoreException {
    Located found = lookUp(k);
    if (found != null) {
      return found;
    }
    // Puts switching the object between its forms write the new one before they delete the old,
    // but a reader's two heads can still fall between two such puts and see neither: before
    // saying "not found", look again while puts in this process are held off.
    Lock lock = ctx.locks.writer(k.deltaspace);
    lock.lock();
    try {
      found = lookUp(k);
    } finally {
      lock.unlock();
    }
    if (found == null) {
      throw new ObjectNotFoundException(k.key);
    }
    return found;
  }

  private Located lookUp(ObjectKey k) throws DeltaStoreException {
    if (k.reserved != null) {
      return foreignUnderReservedName(k);
    }
    Optional<BlobInfo> delta = ctx.backend.head(k.deltaKey());
    // A foreign file named k.delta (someone's own patch) is no delta of k: k is then looked up whole.
    if (delta.isPresent() && OwnObjects.isOurs(delta.get().metadata())) {
      return new Located(k, StoredForm.DELTA, delta.get());
    }
    Optional<BlobInfo> whole = ctx.backend.head(k.passthroughKey());
    if (whole.isEmpty()) {
      return null;
    }
    // Whole and without DeltaGlider's metadata: a file some other tool put there, served as is.
    StoredForm form = StoredMetadata.parse(whole.get().metadata()).isDeltaGlider() ? StoredForm.PASSTHROUGH
        : StoredForm.PLAIN;
    return new Located(k, form, whole.get());
  }

  /**
   * A reserved name is readable only while a file another tool put there holds it (FORMAT.md
   * section 2.7); the store's own delta or reference, or nothing, leaves the key refused.
   */
  private Located foreignUnderReservedName(ObjectKey k) throws DeltaStoreException {
    Optional<BlobInfo> found = ctx.backend.head(k.key);
    if (found.isEmpty() || OwnObjects.isOurs(found.get().metadata())) {
      throw k.refusal();
    }
    return new Located(k, StoredForm.PLAIN, found.get());
  }

  /** The object rebuilt and verified, read again while it changes under the read (see the class comment). */
  Reconstructed read(Located first, Path dir, long inMemoryLimit) throws DeltaStoreException {
    Located loc = first;
    int waits = 0;
    for (int attempt = 1; ; attempt++) {
      // Later attempts hold the deltaspace's lock, so writers in this process cannot starve them.
      Lock lock = attempt > 1 ? ctx.locks.writer(loc.key.deltaspace) : null;
      if (lock != null) {
        lock.lock();
      }
      Change change;
      DeltaStoreException failure;
      try {
        if (attempt > 1) {
          LOG.debug("{} changed while it was being read, reading it again", loc.key);
          boolean bypass = loc.bypassCache;
          loc = locate(loc.key);
          loc.bypassCache = bypass;
        }
        try {
          return reconstructor.reconstruct(loc, dir, inMemoryLimit);
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
      if (attempt == MAX_ATTEMPTS) {
        throw new BackendException(loc.key.key + " changed while it was being read, " + attempt + " times in a row", failure);
      }
      if (change == Change.UNSETTLED) {
        pause(UNSETTLED_WAITS_MS[waits++], loc.key);
      }
    }
  }

  private enum Change {
    /** Stored exactly as found: the failure is the bytes'. */
    NONE,
    /** The object or its reference was replaced or removed since it was found. */
    CHANGED,
    /** Nothing changed, but the delta's reference is missing or another one: maybe a writer's step in between. */
    UNSETTLED
  }

  private Change whatChanged(Located loc) throws DeltaStoreException {
    if (!sameBlob(ctx.backend.head(loc.rawKey()), Optional.of(loc.blob))) {
      return Change.CHANGED;
    }
    if (loc.form != StoredForm.DELTA || loc.referenceSeen == null) {
      return Change.NONE;
    }
    Optional<BlobInfo> ref = ctx.backend.head(loc.referenceKey());
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
    return a.get().size() == b.get().size() && StoredMetadata.sameVersion(a.get().metadata(), b.get().metadata());
  }

  private static void pause(int millis, ObjectKey k) throws DeltaStoreException {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DeltaStoreException("interrupted while reading " + k, new InterruptedIOException());
    }
  }
}
