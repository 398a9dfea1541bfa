package io.deltaglider;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deltaglider.spi.BlobQuery;
import io.deltaglider.spi.ForwardingBackend;
import io.deltaglider.spi.InMemoryBackend;
import io.deltaglider.spi.Payload;
import io.deltaglider.spi.StorageBackend;
import io.deltaglider.vcdiff.testing.TestData;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * A backend whose create-if-absent is not atomic across processes, as on S3-compatible servers that
 * accept {@code If-None-Match: *} without enforcing it (issue 17): two writers could each create a
 * deltaspace's reference and the objects made against the overwritten one were lost. Such a store
 * creates no reference unless declared the only writer, and verify reads what the backend holds.
 */
class NonAtomicBackendTest {
  static final byte[] V1 = TestData.random(111, 60_000);

  /** Create-if-absent that, like an unenforcing server, overwrites whatever is there. */
  static final class Unenforcing extends ForwardingBackend {
    Unenforcing(StorageBackend delegate) {
      super(delegate);
    }

    @Override
    public boolean supportsAtomicPutIfAbsent() {
      return false;
    }

    @Override
    public void putIfAbsent(String key, Payload content, Map<String, String> metadata) throws DeltaStoreException {
      super.put(key, content, metadata);
    }
  }

  @Test
  void manyWritersInTwoStoresLoseNothingAndCreateNoReference() throws Exception {
    InMemoryBackend raw = new InMemoryBackend();
    List<DeltaStore> stores = List.of(DeltaStore.builder().backend(new PausingBackend(new Unenforcing(raw), 200_000)).build(),
        DeltaStore.builder().backend(new PausingBackend(new Unenforcing(raw), 200_000)).build());
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Future<?>> done = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      int thread = t;
      done.add(pool.submit(() -> {
        for (int ds = 0; ds < 10; ds++) {
          byte[] mine = TestData.edited(V1, thread * 100 + ds, 3, 40, false);
          stores.get(thread % 2).put("ds" + ds + "/t" + thread + ".zip", mine);
        }
        return null;
      }));
    }
    for (Future<?> f : done) {
      f.get();
    }
    pool.shutdown();
    for (int t = 0; t < 8; t++) {
      for (int ds = 0; ds < 10; ds++) {
        assertArrayEquals(TestData.edited(V1, t * 100 + ds, 3, 40, false), stores.get((t + 1) % 2).get("ds" + ds + "/t" + t + ".zip"));
      }
    }
    assertTrue(raw.list(BlobQuery.under("")).objects().stream().noneMatch(o -> o.key().endsWith("reference.bin")));
    assertTrue(stores.get(0).verify("").ok());
  }

  @Test
  void aSingleWriterStoreStillMakesDeltas() throws Exception {
    DeltaStore store = DeltaStore.builder().backend(new Unenforcing(new InMemoryBackend())).singleWriter(true).build();
    assertTrue(store.put("a/one.zip", V1).createdReference());
    assertEquals(StoredForm.DELTA, store.put("a/two.zip", TestData.edited(V1, 5, 3, 40, false)).form());
  }

  @Test
  void existingReferencesAreStillUsedForDeltas() throws Exception {
    InMemoryBackend raw = new InMemoryBackend();
    DeltaStore.builder().backend(raw).build().put("a/one.zip", V1);
    DeltaStore store = DeltaStore.builder().backend(new Unenforcing(raw)).build();
    assertEquals(StoredForm.DELTA, store.put("a/two.zip", TestData.edited(V1, 5, 3, 40, false)).form());
    assertEquals(StoredForm.PASSTHROUGH, store.put("b/one.zip", V1).form(), "no reference is created");
  }

  /** The losing writer of the issue served its object from its cache, and its verify said OK. */
  @Test
  void verifyReadsTheReferenceTheBackendHoldsNotTheCachedOne() throws Exception {
    InMemoryBackend raw = new InMemoryBackend();
    DeltaStore store = DeltaStore.builder().backend(raw).build();
    store.put("a/one.zip", V1);
    store.put("a/two.zip", TestData.edited(V1, 5, 3, 40, false));
    // Another writer's reference lands over ours, with its own (valid) digest in its metadata.
    byte[] other = TestData.random(7, 60_000);
    raw.put("a/reference.bin", Payload.of(other), Map.of("dg-file-sha256", Sha256.of(other, 0, other.length),
        "dg-file-size", "" + other.length, "dg-note", "reference"));
    assertFalse(store.verify("a/").ok());
  }
}
