package io.deltaglider;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.deltaglider.spi.InMemoryBackend;
import io.deltaglider.vcdiff.PreparedSource;
import io.deltaglider.vcdiff.SecondaryCompression;
import io.deltaglider.vcdiff.VcdiffEncoder;
import io.deltaglider.vcdiff.testing.TestData;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/** References indexed once for many puts: the same deltas, never a replaced reference's index. */
class PreparedSourcesTest {
  static final VcdiffEncoder ENCODER = VcdiffEncoder.builder().secondary(SecondaryCompression.LZMA).build();
  static final byte[] A1 = TestData.random(1, 300_000);
  static final byte[] A2 = TestData.edited(A1, 2, 5, 50, false);
  static final byte[] A3 = TestData.edited(A1, 3, 9, 80, false);
  static final byte[] B1 = TestData.random(4, 300_000);
  static final byte[] B2 = TestData.edited(B1, 5, 5, 50, false);

  private static byte[] stored(InMemoryBackend backend, String key) throws Exception {
    try (InputStream in = backend.get(key)) {
      return in.readAllBytes();
    }
  }

  @Test
  void putsAgainstAKeptIndexStoreTheDeltasOfAFreshEncodeAndAReplacedReferenceIsNeverMatchedAgainst() throws Exception {
    InMemoryBackend backend = new InMemoryBackend();
    try (DeltaStore store = DeltaStore.builder().backend(backend).encoder(ENCODER).build()) {
      store.put("a/x-1.zip", A1);
      store.put("a/x-2.zip", A2);
      store.put("a/x-3.zip", A3);
      assertArrayEquals(ENCODER.encode(A1, A2), stored(backend, "a/x-2.zip.delta"));
      assertArrayEquals(ENCODER.encode(A1, A3), stored(backend, "a/x-3.zip.delta"));
      // The deltaspace emptied and started again with other content at the same reference key.
      store.delete("a/x-1.zip");
      store.delete("a/x-2.zip");
      store.delete("a/x-3.zip");
      store.put("a/y-1.zip", B1);
      store.put("a/y-2.zip", B2);
      assertArrayEquals(ENCODER.encode(B1, B2), stored(backend, "a/y-2.zip.delta"));
      assertArrayEquals(B2, store.get("a/y-2.zip"));
    }
  }

  @Test
  void keptByReferenceKeyAndDigestWithinItsBudget() throws Exception {
    PreparedSources kept = new PreparedSources(10 << 20);
    PreparedSource a = kept.get("a/reference.bin", "sha-a", A1, ENCODER);
    assertSame(a, kept.get("a/reference.bin", "sha-a", A1, ENCODER));
    assertNotSame(a, kept.get("a/reference.bin", "sha-b", B1, ENCODER), "another digest is another reference");
    assertNotSame(a, kept.get("a/reference.bin", "sha-a", A1, VcdiffEncoder.builder().level(9).build()),
        "an index for another level is not used");
    PreparedSource b = kept.get("b/reference.bin", "sha-b", B1, ENCODER);
    kept.evict("a/reference.bin");
    assertNotSame(a, kept.get("a/reference.bin", "sha-a", A1, ENCODER), "evicted with its reference");
    assertSame(b, kept.get("b/reference.bin", "sha-b", B1, ENCODER), "another deltaspace's stays");
    kept.clear();
    assertNotSame(b, kept.get("b/reference.bin", "sha-b", B1, ENCODER));

    // Over half the budget (index + reference bytes): made for the put, not kept.
    PreparedSources small = new PreparedSources(600_000);
    assertNotSame(small.get("a/reference.bin", "sha-a", A1, ENCODER), small.get("a/reference.bin", "sha-a", A1, ENCODER));
  }
}
