package io.deltaglider;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deltaglider.spi.InMemoryBackend;
import io.deltaglider.vcdiff.testing.TestData;
import org.junit.jupiter.api.Test;

/** The reference cache as a host sees it: size, hit ratio, invalidating one deltaspace, clearing. */
class ReferenceCacheViewTest {
  static final byte[] A1 = TestData.random(1, 100_000);
  static final byte[] A2 = TestData.edited(A1, 2, 5, 50, false);
  static final byte[] B1 = TestData.random(3, 150_000);
  static final byte[] B2 = TestData.edited(B1, 4, 5, 50, false);

  @Test
  void sizeHitsInvalidationAndClear() throws Exception {
    InMemoryBackend backend = new InMemoryBackend();
    try (DeltaStore store = DeltaStore.builder().backend(backend).referenceCacheBytes(10 << 20).build()) {
      store.put("a/x-1.zip", A1);
      store.put("a/x-2.zip", A2);
      store.put("b/y-1.zip", B1);
      store.put("b/y-2.zip", B2);
      ReferenceCacheView cache = store.referenceCache();
      cache.clear();
      assertEquals(0, cache.entries());
      assertEquals(0, cache.bytes());
      long misses = cache.misses();
      store.get("a/x-2.zip");
      store.get("b/y-2.zip");
      assertEquals(misses + 2, cache.misses());
      assertEquals(2, cache.entries());
      assertTrue(cache.bytes() >= A1.length + B1.length, "weighed by bytes: " + cache.bytes());
      assertEquals(10 << 20, cache.maxBytes());
      long hits = cache.hits();
      store.get("a/x-2.zip");
      assertEquals(hits + 1, cache.hits());
      assertTrue(cache.hitRatio() > 0 && cache.hitRatio() < 1, "between: " + cache.hitRatio());

      cache.invalidate("a/");
      assertEquals(1, cache.entries(), "only a's reference went");
      assertArrayEquals(A2, store.get("a/x-2.zip"), "read and verified again from the backend");
      assertEquals(misses + 3, cache.misses());
      cache.invalidate("b");
      cache.invalidate("a");
      assertEquals(0, cache.entries());
      store.get("b/y-2.zip");
      cache.clear();
      assertEquals(0, cache.entries());
      assertEquals(0, cache.bytes());
    }
  }
}
