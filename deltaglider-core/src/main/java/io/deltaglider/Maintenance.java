package io.deltaglider;

import io.deltaglider.spi.BlobInfo;
import io.deltaglider.spi.BlobListings;
import io.deltaglider.spi.BlobPage;
import io.deltaglider.spi.BlobQuery;
import io.deltaglider.spi.KeyRules;
import io.deltaglider.spi.StorageProblem;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.Lock;

/** Whole-store work: verify every object, clean up what interrupted writers left, migrate legacy metadata. */
final class Maintenance {
  private final StoreContext ctx;
  private final References references;
  private final VerifiedReads reads;

  Maintenance(StoreContext ctx, References references, VerifiedReads reads) {
    this.ctx = ctx;
    this.references = references;
    this.reads = reads;
  }

  /** See {@link DeltaStore#verify}. */
  VerifyReport verify(String p) throws DeltaStoreException {
    ObjectKey single = null;
    try {
      ObjectKey k = ObjectKey.forRead(p);
      single = exists(k) ? k : null;
    } catch (InvalidKeyException notAKey) {
      // a prefix such as "releases/"
    }
    List<String> keys = new ArrayList<>();
    if (single != null) {
      keys.add(p);
    } else {
      for (String token = null; ; ) {
        // Classified: a foreign file named x.delta is verified as itself, not looked for as x.
        ListPage page = new UserListing(ctx.backend, ctx.codecs.hostExecutor()).page(p, null, null, token, 1000, false,
            true);
        page.objects().forEach(o -> keys.add(o.key()));
        token = page.nextContinuationToken();
        if (token == null) {
          break;
        }
      }
    }
    return verify(p, single, keys);
  }

  private boolean exists(ObjectKey k) throws DeltaStoreException {
    try {
      reads.locate(k);
      return true;
    } catch (ObjectNotFoundException e) {
      return false;
    }
  }

  private VerifyReport verify(String p, ObjectKey single, List<String> keys) throws DeltaStoreException {
    List<String> ok = new ArrayList<>();
    List<String> plain = new ArrayList<>();
    Map<String, String> failed = new LinkedHashMap<>();
    for (String key : keys) {
      if (Thread.currentThread().isInterrupted()) {
        throw new DeltaStoreException("interrupted while verifying " + p, new InterruptedIOException());
      }
      // Every object is checked whatever happened to another (unreadable, damaged, backend errors).
      try {
        // What the backend holds, not what this store cached: a reference another writer replaced
        // must fail here even if this store still has the bytes its deltas were made against.
        Located loc = reads.locate(ObjectKey.forRead(key));
        loc.bypassCache = true;
        reads.read(loc, null, ctx.memoryThreshold).close();
        (loc.form == StoredForm.PLAIN ? plain : ok).add(key);
      } catch (DeltaStoreException e) {
        failed.put(key, e.getMessage());
      }
    }
    List<StorageProblem> problems = new ArrayList<>();
    for (StorageProblem found : ctx.backend.problems(p)) {
      if (single == null || (found.key() != null && p.equals(ObjectKey.userKeyOf(found.key())))) {
        problems.add(found);
      }
    }
    if (single == null) {
      for (StorageProblem unused : unusedReferences(p)) {
        if (!isForeign(unused.key())) {
          problems.add(unused);
        } else if (!plain.contains(unused.key())) {
          plain.add(unused.key()); // hidden from a listing without metadata: still not verifiable
          plain.sort(BlobListings.UTF8_ORDER);
        }
      }
    }
    return new VerifyReport(ok, plain, failed, problems);
  }

  /** Whether a raw key holds a file another tool put there (a head: only for the few unused references). */
  private boolean isForeign(String rawKey) throws DeltaStoreException {
    Optional<BlobInfo> found = ctx.backend.head(rawKey);
    return found.isPresent() && !OwnObjects.isOurs(found.get().metadata());
  }

  /** See {@link DeltaStore#cleanup}. */
  List<StorageProblem> cleanup(String prefix) throws DeltaStoreException {
    List<StorageProblem> removed = new ArrayList<>(ctx.backend.removeLeftovers(prefix));
    for (StorageProblem unused : unusedReferences(prefix)) {
      String key = unused.key();
      int slash = key.lastIndexOf('/');
      String deltaspace = slash < 0 ? "" : key.substring(0, slash);
      Lock lock = ctx.locks.writer(deltaspace);
      lock.lock();
      try {
        if (ExpansionMap.isMapKey(key)) {
          // A map whose reference is gone (a delete cut short): no delta can use it.
          String refKey = ObjectKey.deltaspacePrefix(deltaspace) + ObjectKey.REFERENCE;
          if (ctx.backend.head(refKey).isEmpty() && ctx.backend.delete(key)) {
            removed.add(unused);
          }
        } else if (references.deleteIfUnused(deltaspace)) {
          removed.add(unused);
        }
      } finally {
        lock.unlock();
      }
    }
    return removed;
  }

  /**
   * References of deltaspaces wholly under the prefix that no delta uses, and expansion maps
   * without their reference, found in one raw listing; a file another tool named reference.bin is
   * one by name (verify tells it apart, cleanup's delete protocol leaves it).
   */
  private List<StorageProblem> unusedReferences(String prefix) throws DeltaStoreException {
    Set<String> withReference = new java.util.TreeSet<>();
    Set<String> withMap = new java.util.TreeSet<>();
    Set<String> withDeltas = new HashSet<>();
    BlobQuery q = BlobQuery.under(prefix);
    while (true) {
      BlobPage page = ctx.backend.list(q);
      for (BlobInfo o : page.objects()) {
        int slash = o.key().lastIndexOf('/');
        String ds = slash < 0 ? "" : o.key().substring(0, slash);
        String name = o.key().substring(slash + 1);
        if (name.equals(ObjectKey.REFERENCE) && ObjectKey.deltaspacePrefix(ds).startsWith(prefix)) {
          withReference.add(ds);
        } else if (name.equals(ExpansionMap.KEY_NAME)) {
          if (ObjectKey.deltaspacePrefix(ds).startsWith(prefix)) {
            withMap.add(ds);
          }
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
    for (String ds : withReference) {
      if (!withDeltas.contains(ds)) {
        String refKey = ObjectKey.deltaspacePrefix(ds) + ObjectKey.REFERENCE;
        unused.add(new StorageProblem(StorageProblem.Kind.LEFTOVER, refKey, refKey,
            "a reference no delta uses (left by an interrupted put; cleanup removes it)"));
      }
    }
    for (String ds : withMap) {
      if (!withReference.contains(ds)) {
        String mapKey = ExpansionMap.keyOf(ds);
        unused.add(new StorageProblem(StorageProblem.Kind.LEFTOVER, mapKey, mapKey,
            "an expansion map without its reference (left by an interrupted delete; cleanup removes it)"));
      }
    }
    return unused;
  }

  /** See {@link DeltaStore#migrate}. */
  List<String> migrate(String prefix, boolean dryRun, Puts puts) throws DeltaStoreException {
    List<String> converted = new ArrayList<>();
    BlobQuery q = BlobQuery.under(prefix);
    while (true) {
      BlobPage page = ctx.backend.list(q);
      for (BlobInfo listed : page.objects()) {
        String key = listed.key();
        if (key.endsWith("/") || !key.equals(ObjectKey.userKeyOf(key)) || KeyRules.userKeyProblem(key) != null) {
          continue; // folder markers, references and deltas, names the store cannot serve
        }
        Located loc;
        try {
          loc = reads.locate(ObjectKey.parse(key));
        } catch (ObjectNotFoundException deletedMeanwhile) {
          continue;
        }
        if (loc.form != StoredForm.PLAIN) {
          continue;
        }
        if (!dryRun) {
          try (Reconstructed r = reads.read(loc, null, ctx.memoryThreshold);
              Spool spool = Spool.verified(r.size, r.sha256, r.bytes, r.file)) {
            puts.store(loc.key, spool, PutOptions.none());
          }
        }
        converted.add(key);
      }
      if (!page.isTruncated()) {
        return converted;
      }
      q = q.withContinuationToken(page.nextContinuationToken());
    }
  }

  /** See {@link DeltaStore#upgradeMetadata}. */
  int upgradeMetadata(String prefix) throws DeltaStoreException {
    int changed = 0;
    BlobQuery q = BlobQuery.under(prefix);
    while (true) {
      BlobPage page = ctx.backend.list(q);
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
    Lock exclusive = ctx.locks.migration(slash < 0 ? "" : rawKey.substring(0, slash)).writeLock();
    exclusive.lock();
    try {
      Optional<BlobInfo> info = ctx.backend.head(rawKey);
      if (info.isEmpty()) {
        return false;
      }
      StoredMetadata meta = StoredMetadata.parse(info.get().metadata());
      if (!meta.legacy) {
        return false;
      }
      ctx.backend.replaceMetadata(rawKey, meta.canonical());
      return true;
    } catch (ObjectNotFoundException deletedMeanwhile) {
      return false;
    } finally {
      exclusive.unlock();
    }
  }
}
