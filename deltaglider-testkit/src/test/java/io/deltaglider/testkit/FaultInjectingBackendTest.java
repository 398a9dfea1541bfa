package io.deltaglider.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deltaglider.BackendException;
import io.deltaglider.DeltaStore;
import io.deltaglider.StorageFullException;
import io.deltaglider.spi.BlobQuery;
import io.deltaglider.spi.InMemoryBackend;
import io.deltaglider.spi.Payload;
import io.deltaglider.testkit.FaultInjectingBackend.Op;
import io.deltaglider.vcdiff.testing.TestData;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Faults before a call (nothing happens) and after it (it happens, the answer is lost), and a store over them. */
class FaultInjectingBackendTest {
  static final byte[] V1 = TestData.random(1, 50_000);
  static final byte[] V2 = TestData.edited(V1, 2, 5, 50, false);

  @Test
  void aFaultBeforeStopsTheCallAndAFaultAfterLetsItHappen() throws Exception {
    InMemoryBackend raw = new InMemoryBackend();
    FaultInjectingBackend b = new FaultInjectingBackend(raw)
        .failBefore(Op.PUT, k -> k.startsWith("a/"), 1, () -> new StorageFullException("full", null))
        .failAfter(Op.PUT, k -> k.startsWith("b/"), 1, () -> new BackendException("connection reset"));
    assertThrows(StorageFullException.class, () -> b.put("a/x", Payload.of(V1), Map.of()));
    assertTrue(raw.head("a/x").isEmpty(), "nothing happened");
    assertThrows(BackendException.class, () -> b.put("b/x", Payload.of(V1), Map.of()));
    assertTrue(raw.head("b/x").isPresent(), "it happened");
    b.put("a/x", Payload.of(V1), Map.of()); // each fault was used up
    b.put("c/x", Payload.of(V1), Map.of()); // and matches only its keys
    assertEquals(4, b.calls(Op.PUT));
  }

  @Test
  void aFaultWithNegativeTimesFailsEveryMatchingCallUntilCleared() throws Exception {
    FaultInjectingBackend b = new FaultInjectingBackend(new InMemoryBackend())
        .failBefore(Op.LIST, p -> true, -1, () -> new BackendException("down"));
    for (int i = 0; i < 3; i++) {
      assertThrows(BackendException.class, () -> b.list(BlobQuery.under("")));
    }
    b.clearFaults();
    assertTrue(b.list(BlobQuery.under("")).objects().isEmpty());
  }

  @Test
  void aStoreWhoseDeltaWriteFailsLeavesNothingBehind() throws Exception {
    InMemoryBackend raw = new InMemoryBackend();
    FaultInjectingBackend faulty = new FaultInjectingBackend(raw)
        .failBefore(Op.PUT, k -> k.endsWith(".delta"), 1, () -> new StorageFullException("disk full", null));
    DeltaStore store = DeltaStore.builder().backend(faulty).build();
    assertThrows(StorageFullException.class, () -> store.put("r/a.zip", V1));
    assertTrue(raw.list(BlobQuery.under("")).objects().isEmpty(), "the reference it made is gone too");
    store.put("r/a.zip", V1);
    assertArrayEquals(V1, store.get("r/a.zip"));
  }

  /** A reference created but reported failed: the put fails, and cleanup finds the reference no object uses. */
  @Test
  void aLostAnswerAfterCreatingTheReferenceIsCleanedUp() throws Exception {
    InMemoryBackend raw = new InMemoryBackend();
    FaultInjectingBackend faulty = new FaultInjectingBackend(raw)
        .failAfter(Op.PUT_IF_ABSENT, k -> true, 1, () -> new BackendException("connection reset"));
    DeltaStore store = DeltaStore.builder().backend(faulty).build();
    assertThrows(BackendException.class, () -> store.put("r/a.zip", V1));
    assertTrue(raw.head("r/reference.bin").isPresent());
    assertEquals(1, store.verify("").problems().size());
    assertEquals("r/reference.bin", store.cleanup("").get(0).key());
    store.put("r/a.zip", V1);
    store.put("r/b.zip", V2);
    assertArrayEquals(V2, store.get("r/b.zip"));
    assertTrue(store.verify("").ok());
  }
}
