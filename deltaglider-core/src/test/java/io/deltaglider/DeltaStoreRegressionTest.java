package io.deltaglider;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deltaglider.vcdiff.testing.TestData;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Inputs that showed bugs in the engine, kept so they stay fixed. */
class DeltaStoreRegressionTest {
  static final byte[] V1 = TestData.random(31, 80_000);
  static final byte[] V2 = TestData.edited(V1, 32, 8, 80, true);

  /**
   * The caller's array was cached as the verified reference: a caller reusing its buffer after a
   * put changed the "reference" later deltas were encoded against, so they did not decode
   * against the stored one.
   */
  @Test
  void aCallerReusingItsBufferAfterAPutDoesNotCorruptLaterDeltas() throws Exception {
    InMemoryBackend backend = new InMemoryBackend();
    DeltaStore store = DeltaStore.builder().backend(backend).build();
    byte[] buffer = V1.clone();
    store.put("buf/a.zip", buffer);
    // The caller reuses its buffer for the next version (as a read loop would).
    System.arraycopy(V2, 0, buffer, 0, Math.min(V2.length, buffer.length));
    store.put("buf/b.zip", V2);
    DeltaStore fresh = DeltaStore.builder().backend(backend).build();
    assertArrayEquals(V1, fresh.get("buf/a.zip"));
    assertArrayEquals(V2, fresh.get("buf/b.zip"));
    assertArrayEquals(V2, store.get("buf/b.zip"));
  }

  /** Fails puts of raw keys ending in ".delta" while armed. */
  static final class FailingDeltaPuts extends ForwardingBackend {
    final AtomicInteger failures = new AtomicInteger();

    FailingDeltaPuts(StorageBackend delegate) {
      super(delegate, 0);
    }

    @Override
    public void put(String key, Payload content, Map<String, String> metadata) throws DeltaStoreException {
      if (key.endsWith(".delta") && failures.getAndDecrement() > 0) {
        throw new StorageFullException("disk full (test)", null);
      }
      super.put(key, content, metadata);
    }
  }

  /** A put that created the reference and then failed to store its delta left an orphan reference. */
  @Test
  void aFailedFirstPutLeavesNoOrphanReference() throws Exception {
    InMemoryBackend raw = new InMemoryBackend();
    FailingDeltaPuts failing = new FailingDeltaPuts(raw);
    DeltaStore store = DeltaStore.builder().backend(failing).build();
    failing.failures.set(1);
    assertThrows(StorageFullException.class, () -> store.put("orphan/a.zip", V1));
    assertFalse(raw.head("orphan/reference.bin").isPresent(), "no reference without a delta");
    assertEquals(0, raw.size());
    // The next put starts the deltaspace afresh, with its own content as the reference.
    store.put("orphan/b.zip", V2);
    assertArrayEquals(V2, raw.get("orphan/reference.bin").readAllBytes());
    assertArrayEquals(V2, DeltaStore.builder().backend(raw).build().get("orphan/b.zip"));
    // A failed later put leaves the existing reference and objects alone.
    failing.failures.set(1);
    assertThrows(StorageFullException.class, () -> store.put("orphan/c.zip", V1));
    assertTrue(raw.head("orphan/reference.bin").isPresent());
    assertArrayEquals(V2, store.get("orphan/b.zip"));
    assertFalse(store.exists("orphan/c.zip"));
  }
}
