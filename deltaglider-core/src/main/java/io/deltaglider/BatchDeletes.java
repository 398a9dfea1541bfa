package io.deltaglider;

import io.deltaglider.spi.BlobInfo;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.locks.Lock;

/**
 * {@link DeltaStore#deleteAll}: both raw forms of every key in the backend's batch delete (S3
 * DeleteObjects: 1,000 raw keys a request), then, per deltaspace touched, its reference if no
 * delta uses it any more, by the same protocol as a single delete ({@link References#deleteIfUnused}).
 */
final class BatchDeletes {
  private final StoreContext ctx;
  private final References references;

  BatchDeletes(StoreContext ctx, References references) {
    this.ctx = ctx;
    this.references = references;
  }

  void deleteAll(Collection<String> keys) throws DeltaStoreException {
    List<ObjectKey> parsed = new ArrayList<>(keys.size());
    for (String key : keys) {
      ObjectKey k = ObjectKey.forRead(key); // every key checked before anything is deleted
      if (k.reserved != null) {
        refuseUnlessForeign(k);
      }
      parsed.add(k);
    }
    if (parsed.isEmpty()) {
      return;
    }
    List<String> raw = new ArrayList<>(2 * parsed.size());
    Map<String, String> userKeyOf = new LinkedHashMap<>();
    TreeSet<String> deltaspaces = new TreeSet<>();
    for (ObjectKey k : parsed) {
      if (k.reserved != null) {
        raw.add(k.key);
        userKeyOf.put(k.key, k.key);
        continue;
      }
      raw.add(k.deltaKey());
      raw.add(k.passthroughKey());
      userKeyOf.put(k.deltaKey(), k.key);
      userKeyOf.put(k.passthroughKey(), k.key);
      deltaspaces.add(k.deltaspace);
    }
    Map<String, String> failures = new LinkedHashMap<>();
    BatchDeleteException failed = null;
    try {
      ctx.backend.deleteAll(raw);
    } catch (BatchDeleteException e) {
      failed = e;
      e.failures().forEach((rawKey, why) -> failures.putIfAbsent(userKeyOf.getOrDefault(rawKey, rawKey), why));
    }
    // Whatever went, a reference no delta uses any more goes too (the others are kept).
    for (String ds : deltaspaces) {
      Lock lock = ctx.locks.writer(ds);
      lock.lock();
      try {
        references.deleteIfUnused(ds);
      } finally {
        lock.unlock();
      }
    }
    if (failed != null) {
      BatchDeleteException e = new BatchDeleteException("delete " + parsed.size() + " object(s) from "
          + ctx.backend.describe(), failures.isEmpty() ? Map.of("?", failed.getMessage()) : failures);
      e.initCause(failed);
      throw e;
    }
  }

  /**
   * A reserved name is deleted only while a foreign file holds it (FORMAT.md section 2.7): one
   * head per such key, none for user keys. The batch deletes user keys' {@code .delta} names
   * without a head, so a foreign file there goes with them (DeltaStore#deleteAll says so).
   */
  private void refuseUnlessForeign(ObjectKey k) throws DeltaStoreException {
    Optional<BlobInfo> found = ctx.backend.head(k.key);
    if (found.isEmpty() || OwnObjects.isOurs(found.get().metadata())) {
      throw k.refusal();
    }
  }
}
