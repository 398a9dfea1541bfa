package io.deltaglider;

import io.deltaglider.spi.BlobInfo;
import io.deltaglider.spi.BlobPage;
import io.deltaglider.spi.BlobQuery;
import io.deltaglider.spi.StorageBackend;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Adds up original and stored bytes under a prefix, per deltaspace, from the raw listing: stored
 * bytes and counts always come from it alone. Original sizes come from metadata: the listing's,
 * where the backend includes it; otherwise whole objects count their stored size and, quick, a
 * delta's original size stays unknown, or, exact, every object whose listing lacks metadata is
 * headed ({@value MetadataReads#PARALLEL} at a time). Folder markers (raw keys ending in
 * {@code /}) are not counted.
 */
final class StatsCollector {
  private final java.util.concurrent.Executor host;
  private final StorageBackend backend;

  StatsCollector(StorageBackend backend) {
    this(backend, null);
  }

  /** As above, reading metadata on {@code host}'s threads if not null (see {@link MetadataReads}). */
  StatsCollector(StorageBackend backend, java.util.concurrent.Executor host) {
    this.host = host;
    this.backend = backend;
  }

  private static final class Tally {
    long objects;
    long deltas;
    long passthroughs;
    long original;
    long stored;
    long references;
    boolean unknownOriginal;

    StoreStats toStats(Map<String, StoreStats> per) {
      return new StoreStats(objects, deltas, passthroughs, unknownOriginal ? -1 : original, stored, references, per);
    }
  }

  StoreStats collect(String prefix, boolean exact) throws DeltaStoreException {
    Tally total = new Tally();
    Map<String, Tally> per = new TreeMap<>();
    BlobQuery q = BlobQuery.under(prefix);
    while (true) {
      BlobPage page = backend.list(q);
      Map<String, Optional<BlobInfo>> headed = Map.of();
      if (exact) {
        List<String> keys = new ArrayList<>();
        for (BlobInfo o : page.objects()) {
          if (!o.metadataIncluded() && !o.key().endsWith("/") && ObjectKey.userKeyOf(o.key()) != null) {
            keys.add(o.key());
          }
        }
        headed = MetadataReads.headAll(backend, keys, host);
      }
      for (BlobInfo o : page.objects()) {
        if (o.key().endsWith("/")) {
          continue; // a folder marker
        }
        int slash = o.key().lastIndexOf('/');
        String ds = slash < 0 ? "" : o.key().substring(0, slash);
        Tally t = per.computeIfAbsent(ds, x -> new Tally());
        // A foreign file under a layout name counts as the plain file it is where its metadata is known.
        Optional<BlobInfo> h = headed.get(o.key());
        BlobInfo known = o.metadataIncluded() || h == null || h.isEmpty() ? o : h.get();
        String user = OwnObjects.userKeyOf(known, true);
        for (Tally x : new Tally[] {t, total}) {
          x.stored += o.size();
        }
        if (user == null) {
          t.references += o.size();
          total.references += o.size();
          continue;
        }
        boolean delta = !user.equals(o.key());
        long original = original(o, delta, h);
        for (Tally x : new Tally[] {t, total}) {
          x.objects++;
          if (original < 0) {
            x.unknownOriginal = true;
          } else {
            x.original += original;
          }
          if (delta) {
            x.deltas++;
          } else {
            x.passthroughs++;
          }
        }
      }
      if (!page.isTruncated()) {
        break;
      }
      q = q.withContinuationToken(page.nextContinuationToken());
    }
    Map<String, StoreStats> perStats = new TreeMap<>();
    per.forEach((ds, t) -> perStats.put(ds, t.toStats(Map.of())));
    return total.toStats(perStats);
  }

  /**
   * The original size: from metadata where there is some (FORMAT.md section 4.5: a whole object
   * without a size counts its stored size, a delta 0); without metadata a whole object's stored
   * size, and -1 (unknown) for a delta.
   */
  private static long original(BlobInfo listed, boolean delta, Optional<BlobInfo> headed) {
    Map<String, String> metadata = null;
    if (listed.metadataIncluded()) {
      metadata = listed.metadata();
    } else if (headed != null && headed.isPresent()) {
      metadata = headed.get().metadata();
    }
    if (metadata == null) {
      if (!delta) {
        return listed.size();
      }
      return headed != null ? 0 : -1; // headed but gone meanwhile: counted as a delta without a size
    }
    long size = StoredMetadata.parse(metadata).fileSize();
    if (size < 0) {
      return delta ? 0 : listed.size();
    }
    return size;
  }
}
