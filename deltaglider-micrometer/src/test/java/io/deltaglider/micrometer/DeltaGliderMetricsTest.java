package io.deltaglider.micrometer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deltaglider.BackendException;
import io.deltaglider.DeltaStore;
import io.deltaglider.DeltaStoreException;
import io.deltaglider.IntegrityException;
import io.deltaglider.InvalidKeyException;
import io.deltaglider.ObjectNotFoundException;
import io.deltaglider.PutResult;
import io.deltaglider.StoreMetrics;
import io.deltaglider.StoredForm;
import io.deltaglider.spi.ForwardingBackend;
import io.deltaglider.spi.InMemoryBackend;
import io.deltaglider.vcdiff.testing.TestData;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The meters a store's calls produce, read from a {@link SimpleMeterRegistry} after real calls. */
class DeltaGliderMetricsTest {
  static final byte[] V1 = TestData.random(1, 200_000);
  static final byte[] V2 = TestData.edited(V1, 2, 10, 100, false);
  static final byte[] NOTES = TestData.text(3, 5_000);
  static final Tags STORE = Tags.of("store", "releases");

  /** An in-memory backend whose reads fail while {@link #failing} is set. */
  static final class FlakyBackend extends ForwardingBackend {
    volatile boolean failing;

    FlakyBackend() {
      super(new InMemoryBackend());
    }

    InMemoryBackend memory() {
      return (InMemoryBackend) delegate();
    }

    @Override
    public InputStream get(String key) throws DeltaStoreException {
      if (failing) {
        throw new BackendException("injected: backend down");
      }
      return super.get(key);
    }
  }

  @Test
  void callsPutsCodecAndFailuresBecomeMeters() throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    DeltaGliderMetrics metrics = new DeltaGliderMetrics(registry, STORE);
    FlakyBackend backend = new FlakyBackend();
    try (DeltaStore store = DeltaStore.builder().backend(backend).observer(metrics).referenceCacheBytes(8 << 20).build()) {
      metrics.bindTo(store);
      PutResult p1 = store.put("releases/app/app-1.zip", V1);
      PutResult p2 = store.put("releases/app/app-2.zip", V2);
      PutResult notes = store.put("releases/app/notes.txt", NOTES);
      assertEquals(StoredForm.DELTA, p2.form());
      assertEquals(StoredForm.PASSTHROUGH, notes.form());
      assertArrayEquals(V2, store.get("releases/app/app-2.zip"));
      assertArrayEquals(V1, store.get("releases/app/app-1.zip"));
      assertThrows(ObjectNotFoundException.class, () -> store.get("releases/app/missing.zip"));

      // The reference cache: filled when the reference was created, hit by the second put and the gets.
      assertEquals(1, gauge(registry, DeltaStoreMeterBinder.CACHE_SIZE));
      assertTrue(gauge(registry, DeltaStoreMeterBinder.CACHE_BYTES) >= V1.length);
      assertEquals(8 << 20, gauge(registry, DeltaStoreMeterBinder.CACHE_MAX_BYTES));
      double hits = fn(registry, DeltaStoreMeterBinder.CACHE_GETS, "result", "hit");
      double misses = fn(registry, DeltaStoreMeterBinder.CACHE_GETS, "result", "miss");
      assertEquals(store.referenceCache().hits(), hits);
      assertEquals(store.referenceCache().misses(), misses);
      assertTrue(hits >= 3, hits + " hits");
      assertEquals(hits / (hits + misses), gauge(registry, DeltaStoreMeterBinder.CACHE_HIT_RATIO), 1e-9);
      store.referenceCache().clear();
      assertEquals(0, gauge(registry, DeltaStoreMeterBinder.CACHE_SIZE), "a gauge reads the cache now, not a copy");
      assertArrayEquals(V2, store.get("releases/app/app-2.zip"));
      assertEquals(misses + 1, fn(registry, DeltaStoreMeterBinder.CACHE_GETS, "result", "miss"));
      assertEquals(1, gauge(registry, DeltaStoreMeterBinder.CACHE_SIZE));
      assertThrows(InvalidKeyException.class, () -> store.head("releases/../x"));
      backend.failing = true;
      assertThrows(BackendException.class, () -> store.get("releases/app/notes.txt"));
      backend.failing = false;
      backend.memory().corrupt("releases/app/app-2.zip.delta", 40, (byte) 1);
      assertThrows(IntegrityException.class, () -> store.get("releases/app/app-2.zip"));

      assertEquals(3, ops(registry, "put", "success").count());
      assertEquals(3, ops(registry, "get", "success").count());
      assertEquals(1, ops(registry, "get", "not_found").count());
      assertEquals(1, ops(registry, "head", "rejected").count());
      assertEquals(1, ops(registry, "get", "backend_error").count());
      assertEquals(1, ops(registry, "get", "integrity_failure").count());
      assertTrue(ops(registry, "put", "success").totalTime(java.util.concurrent.TimeUnit.NANOSECONDS) > 0);
      assertNull(registry.find(DeltaGliderMetrics.OPERATIONS).tags("outcome", "error").timer(), "no meter for what never happened");
      assertEquals(1, counter(registry, DeltaGliderMetrics.INTEGRITY_FAILURES));
      assertEquals(1, counter(registry, DeltaGliderMetrics.BACKEND_ERRORS));

      assertEquals(V1.length + V2.length, putBytes(registry, "original", "delta"));
      assertEquals(p1.storedSize() + p2.storedSize(), putBytes(registry, "stored", "delta"));
      assertEquals(NOTES.length, putBytes(registry, "original", "passthrough"));
      assertEquals(NOTES.length, putBytes(registry, "stored", "passthrough"));

      Timer encode = registry.get(DeltaGliderMetrics.CODEC).tags(STORE).tag("direction", "encode").timer();
      assertEquals(1, encode.count(), "one encode against the reference; the first object's zero-diff delta costs none");
      assertEquals(V2.length, codecBytes(registry, "encode", "target"));
      assertEquals(p2.storedSize(), codecBytes(registry, "encode", "delta"));
      Timer decode = registry.get(DeltaGliderMetrics.CODEC).tags(STORE).tag("direction", "decode").timer();
      // The corrupt delta decodes too (a get checks no window checksum) and is refused by its digest.
      assertEquals(4, decode.count(), "the three good gets and the corrupt delta");
      assertEquals(V2.length + V1.length + V2.length + V2.length, codecBytes(registry, "decode", "target"));

      // The store's own counters, read through the binder.
      StoreMetrics m = store.metrics();
      assertEquals(2, fn(registry, DeltaStoreMeterBinder.PUTS, "form", "delta"));
      assertEquals(1, fn(registry, DeltaStoreMeterBinder.PUTS, "form", "passthrough"));
      assertEquals(1, fn(registry, DeltaStoreMeterBinder.REFERENCES_CREATED));
      assertEquals(m.bytesSaved(), fn(registry, DeltaStoreMeterBinder.BYTES_SAVED));
      assertEquals(V1.length + V2.length - p1.storedSize() - p2.storedSize(), m.bytesSaved());
      assertEquals(4, fn(registry, DeltaStoreMeterBinder.READS, "form", "delta"),
          "counted before the digest is checked: the corrupt delta too");
      assertEquals(0, fn(registry, DeltaStoreMeterBinder.READS, "form", "passthrough"), "the failed read never got there");
      assertEquals(1, fn(registry, DeltaStoreMeterBinder.INTEGRITY_FAILURES));

      assertEquals(0, gauge(registry, DeltaStoreMeterBinder.CACHE_SIZE), "the reference of a delta that failed left the cache");
      assertEquals(0, gauge(registry, DeltaStoreMeterBinder.CACHE_BYTES));
    }
  }

  @Test
  void gaugesKeepReadingAfterCollectionAndCloseRemovesThem() throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    DeltaGliderMetrics metrics = new DeltaGliderMetrics(registry, STORE);
    try (DeltaStore store = DeltaStore.builder().backend(new InMemoryBackend()).observer(metrics).build()) {
      DeltaStoreMeterBinder binder = metrics.bindTo(store);
      store.put("releases/app/app-1.zip", V1);
      store.put("releases/app/app-2.zip", V2);
      for (int i = 0; i < 3; i++) {
        System.gc();
      }
      assertEquals(1, gauge(registry, DeltaStoreMeterBinder.CACHE_SIZE), "the meters must not hold a throwaway view weakly");
      assertEquals(2, fn(registry, DeltaStoreMeterBinder.PUTS, "form", "delta"));
      binder.close();
      assertNull(registry.find(DeltaStoreMeterBinder.CACHE_SIZE).gauge());
      assertNull(registry.find(DeltaStoreMeterBinder.PUTS).functionCounter());
      assertEquals(2, ops(registry, "put", "success").count(), "the observer's meters stay");
    }
  }

  @Test
  void twoStoresOnOneRegistryAreToldApartByTheirTags() throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    DeltaGliderMetrics a = new DeltaGliderMetrics(registry, Tags.of("store", "a"));
    DeltaGliderMetrics b = new DeltaGliderMetrics(registry, Tags.of("store", "b"));
    try (DeltaStore sa = DeltaStore.builder().backend(new InMemoryBackend()).observer(a).build();
        DeltaStore sb = DeltaStore.builder().backend(new InMemoryBackend()).observer(b).build()) {
      a.bindTo(sa);
      b.bindTo(sb);
      sa.put("x/app-1.zip", V1);
      sa.put("x/app-2.zip", V2);
      sb.put("x/app-1.zip", V1);
      assertEquals(2, registry.get(DeltaGliderMetrics.OPERATIONS).tags("store", "a", "operation", "put").timer().count());
      assertEquals(1, registry.get(DeltaGliderMetrics.OPERATIONS).tags("store", "b", "operation", "put").timer().count());
      assertEquals(2, registry.get(DeltaStoreMeterBinder.PUTS).tags("store", "a", "form", "delta").functionCounter().count());
      assertEquals(1, registry.get(DeltaStoreMeterBinder.PUTS).tags("store", "b", "form", "delta").functionCounter().count());
    }
  }

  @Test
  void concurrentCallsAreAllCounted() throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    DeltaGliderMetrics metrics = new DeltaGliderMetrics(registry);
    int threads = 4;
    int perThread = 10;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try (DeltaStore store = DeltaStore.builder().backend(new InMemoryBackend()).observer(metrics).build()) {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        done.add(pool.submit(() -> {
          for (int i = 0; i < perThread; i++) {
            byte[] content = TestData.text(thread * 100L + i, 2_000);
            String key = "t" + thread + "/f" + i + ".txt";
            store.put(key, content);
            assertArrayEquals(content, store.get(key));
            assertThrows(ObjectNotFoundException.class, () -> store.get(key + ".missing"));
          }
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    int n = threads * perThread;
    assertEquals(n, registry.get(DeltaGliderMetrics.OPERATIONS).tags("operation", "put", "outcome", "success").timer().count());
    assertEquals(n, registry.get(DeltaGliderMetrics.OPERATIONS).tags("operation", "get", "outcome", "success").timer().count());
    assertEquals(n, registry.get(DeltaGliderMetrics.OPERATIONS).tags("operation", "get", "outcome", "not_found").timer().count());
    assertEquals(n * 2_000.0, registry.get(DeltaGliderMetrics.PUT_BYTES).tags("kind", "original", "form", "passthrough")
        .counter().count());
  }

  static Timer ops(MeterRegistry r, String operation, String outcome) {
    return r.get(DeltaGliderMetrics.OPERATIONS).tags(STORE).tag("operation", operation).tag("outcome", outcome).timer();
  }

  static double counter(MeterRegistry r, String name) {
    return r.get(name).tags(STORE).counter().count();
  }

  static double putBytes(MeterRegistry r, String kind, String form) {
    return r.get(DeltaGliderMetrics.PUT_BYTES).tags(STORE).tag("kind", kind).tag("form", form).counter().count();
  }

  static double codecBytes(MeterRegistry r, String direction, String kind) {
    return r.get(DeltaGliderMetrics.CODEC_BYTES).tags(STORE).tag("direction", direction).tag("kind", kind).counter().count();
  }

  static double fn(MeterRegistry r, String name, String... tags) {
    FunctionCounter c = r.get(name).tags(STORE).tags(tags).functionCounter();
    return c.count();
  }

  static double gauge(MeterRegistry r, String name) {
    Gauge g = r.get(name).tags(STORE).gauge();
    return g.value();
  }
}
