package io.deltaglider;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deltaglider.spi.BlobInfo;
import io.deltaglider.spi.BlobQuery;
import io.deltaglider.spi.InMemoryBackend;
import io.deltaglider.spi.Payload;
import io.deltaglider.spi.StorageBackend;
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
  static final class FailingDeltaPuts extends PausingBackend {
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

  /** Adds an entry of its own to every head, different each time (as some stores add an etag or access time). */
  static final class AnnotatingBackend extends PausingBackend {
    final AtomicInteger calls = new AtomicInteger();

    AnnotatingBackend(StorageBackend delegate) {
      super(delegate, 0);
    }

    @Override
    public java.util.Optional<BlobInfo> head(String key) throws DeltaStoreException {
      return super.head(key).map(b -> {
        Map<String, String> m = new java.util.HashMap<>(b.metadata());
        m.put("backend-etag", "e" + calls.incrementAndGet());
        return new BlobInfo(b.key(), b.size(), m, b.lastModified());
      });
    }
  }

  /**
   * The race guards compared whole metadata maps: over a backend that adds entries of its own, a
   * put switching an object from delta to whole never deleted the delta, which kept serving the
   * old version.
   */
  @Test
  void aBackendAddingMetadataOfItsOwnDoesNotKeepStaleDeltas() throws Exception {
    InMemoryBackend raw = new InMemoryBackend();
    DeltaStore store = DeltaStore.builder().backend(new AnnotatingBackend(raw)).build();
    store.put("ann/a.zip", V1);
    store.put("ann/b.zip", V2);
    byte[] unrelated = TestData.random(33, 50_000);
    assertEquals(StoredForm.PASSTHROUGH, store.put("ann/b.zip", unrelated).form());
    assertFalse(raw.head("ann/b.zip.delta").isPresent(), "the old delta is gone");
    assertArrayEquals(unrelated, store.get("ann/b.zip"));
    assertTrue(store.delete("ann/a.zip"));
    assertEquals(1, raw.size(), "only ann/b.zip is left, whole: " + raw.list(BlobQuery.under("")).objects());
    // Corruption is still reported as such, not retried forever as a change.
    store.put("ann/c.txt", V1);
    raw.corrupt("ann/c.txt", 10, (byte) 1);
    assertThrows(IntegrityException.class, () -> store.get("ann/c.txt"));
  }
}
