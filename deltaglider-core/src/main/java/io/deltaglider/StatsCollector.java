package io.deltaglider;

import io.deltaglider.spi.BlobInfo;
import io.deltaglider.spi.BlobPage;
import io.deltaglider.spi.BlobQuery;
import io.deltaglider.spi.StorageBackend;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Adds up original and stored bytes under a prefix, per deltaspace. */
final class StatsCollector {
  private final StorageBackend backend;

  StatsCollector(StorageBackend backend) {
    this.backend = backend;
  }

  private static final class Tally {
    long objects;
    long deltas;
    long passthroughs;
    long original;
    long stored;
    long references;

    StoreStats toStats(Map<String, StoreStats> per) {
      return new StoreStats(objects, deltas, passthroughs, original, stored, references, per);
    }
  }

  StoreStats collect(String prefix) throws DeltaStoreException {
    Tally total = new Tally();
    Map<String, Tally> per = new TreeMap<>();
    BlobQuery q = BlobQuery.under(prefix);
    while (true) {
      BlobPage page = backend.list(q);
      for (BlobInfo o : page.objects()) {
        int slash = o.key().lastIndexOf('/');
        String ds = slash < 0 ? "" : o.key().substring(0, slash);
        Tally t = per.computeIfAbsent(ds, x -> new Tally());
        String user = ObjectKey.userKeyOf(o.key());
        for (Tally x : new Tally[] {t, total}) {
          x.stored += o.size();
        }
        if (user == null) {
          t.references += o.size();
          total.references += o.size();
          continue;
        }
        boolean delta = o.key().endsWith(ObjectKey.DELTA_SUFFIX);
        long original = StoredMetadata.parse(o.metadata()).fileSize();
        if (original < 0) {
          Optional<BlobInfo> head = backend.head(o.key());
          original = head.map(h -> StoredMetadata.parse(h.metadata()).fileSize()).orElse(-1L);
          if (original < 0) {
            original = delta ? 0 : o.size();
          }
        }
        for (Tally x : new Tally[] {t, total}) {
          x.objects++;
          x.original += original;
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
}
