package io.deltaglider;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deltaglider.StoreObserver.Operation;
import io.deltaglider.StoreObserver.Outcome;
import io.deltaglider.spi.InMemoryBackend;
import io.deltaglider.vcdiff.testing.TestData;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a store reports to its observer (issue 20, item 3: the events the Micrometer binder counts). */
class StoreObserverTest {
  @TempDir Path tmp;

  static final byte[] V1 = TestData.random(1, 200_000);
  static final byte[] V2 = TestData.edited(V1, 2, 10, 100, false);

  static final class Recorder implements StoreObserver {
    final List<String> calls = new CopyOnWriteArrayList<>();
    final List<String> stored = new CopyOnWriteArrayList<>();
    final List<long[]> encodes = new CopyOnWriteArrayList<>();
    final List<long[]> decodes = new CopyOnWriteArrayList<>();

    @Override
    public void operation(Operation operation, Outcome outcome, long nanos) {
      assertTrue(nanos >= 0);
      calls.add(operation + " " + outcome);
    }

    @Override
    public void stored(StoredForm form, long originalBytes, long storedBytes) {
      stored.add(form + " " + originalBytes + " " + storedBytes);
    }

    @Override
    public void encoded(long targetBytes, long deltaBytes, long nanos) {
      encodes.add(new long[] {targetBytes, deltaBytes, nanos});
    }

    @Override
    public void decoded(long targetBytes, long nanos) {
      decodes.add(new long[] {targetBytes, nanos});
    }
  }

  @Test
  void everyCallIsReportedOnceWithItsOutcome() throws Exception {
    Recorder r = new Recorder();
    InMemoryBackend backend = new InMemoryBackend();
    try (DeltaStore store = DeltaStore.builder().backend(backend).observer(r).build()) {
      store.put("d/app-1.zip", V1);
      PutResult p2 = store.put("d/app-2.zip", V2);
      assertEquals(StoredForm.DELTA, p2.form());
      store.put("d/notes.txt", V1);
      assertArrayEquals(V2, store.get("d/app-2.zip"));
      store.copyTo("d/app-2.zip", tmp.resolve("out"));
      assertThrows(ObjectNotFoundException.class, () -> store.get("d/missing.zip"));
      assertThrows(InvalidKeyException.class, () -> store.head("../x"));
      assertThrows(OperationCancelledException.class,
          () -> store.get("d/app-2.zip", CallOptions.none().withTimeout(java.time.Duration.ZERO)));
      backend.corrupt("d/app-2.zip.delta", 40, (byte) 1);
      assertThrows(IntegrityException.class, () -> store.get("d/app-2.zip"));
      store.list("d/", null, null, null, 10);
      store.stats("d/");
      store.delete("d/notes.txt");
      store.verify("d/");

      assertEquals(List.of("PUT SUCCESS", "PUT SUCCESS", "PUT SUCCESS", "GET SUCCESS", "GET SUCCESS", "GET NOT_FOUND",
          "HEAD REJECTED", "GET CANCELLED", "GET INTEGRITY_FAILURE", "LIST SUCCESS", "STATS SUCCESS", "DELETE SUCCESS",
          "MAINTENANCE SUCCESS"), r.calls);
      assertEquals(List.of("DELTA " + V1.length + " " + store.backend().head("d/app-1.zip.delta").get().size(),
          "DELTA " + V2.length + " " + p2.storedSize(), "PASSTHROUGH " + V1.length + " " + V1.length), r.stored);
      assertEquals(1, r.encodes.size(), "one encode against a reference (the zero-diff delta needs none)");
      assertEquals(V2.length, r.encodes.get(0)[0]);
      assertEquals(p2.storedSize(), r.encodes.get(0)[1]);
      assertTrue(r.decodes.size() >= 2, "the get and the copy decoded");
      assertEquals(V2.length, r.decodes.get(0)[0]);
    }
  }

  @Test
  void anObserverThatThrowsNeverFailsTheStore() throws Exception {
    StoreObserver broken = new StoreObserver() {
      @Override
      public void operation(Operation operation, Outcome outcome, long nanos) {
        throw new IllegalStateException("observer bug");
      }

      @Override
      public void stored(StoredForm form, long originalBytes, long storedBytes) {
        throw new IllegalStateException("observer bug");
      }
    };
    try (DeltaStore store = DeltaStore.builder().backend(new InMemoryBackend()).observer(broken).build()) {
      store.put("d/app-1.zip", V1);
      assertArrayEquals(V1, store.get("d/app-1.zip"));
      assertThrows(ObjectNotFoundException.class, () -> store.get("d/none.zip"), "the store's own exception, not the observer's");
    }
  }
}
