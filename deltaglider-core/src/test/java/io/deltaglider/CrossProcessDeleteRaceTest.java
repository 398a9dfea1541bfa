package io.deltaglider;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deltaglider.spi.InMemoryBackend;
import io.deltaglider.spi.Payload;
import io.deltaglider.spi.StorageBackend;
import io.deltaglider.vcdiff.testing.TestData;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Two processes (two stores on one backend, so no shared lock): one deletes the last object of a
 * deltaspace, which removes the reference, while the other puts a delta against that reference.
 * Whichever order their steps interleave in, the new object must stay readable.
 */
class CrossProcessDeleteRaceTest {
  static final byte[] V1 = TestData.random(41, 120_000);
  static final byte[] V2 = TestData.edited(V1, 42, 10, 100, false);

  /** A backend view that can hold one call of its process until the test releases it. */
  static final class Gate extends PausingBackend {
    private final String op;
    private final String key;
    final CountDownLatch reached = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);

    Gate(StorageBackend shared, String op, String key) {
      super(shared, 0);
      this.op = op;
      this.key = key;
    }

    private void maybeHold(String calledOp, String calledKey) {
      if (calledOp.equals(op) && calledKey.equals(key) && reached.getCount() > 0) {
        reached.countDown();
        try {
          assertTrue(release.await(10, TimeUnit.SECONDS), "released");
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }

    @Override
    public void put(String k, Payload content, Map<String, String> metadata) throws DeltaStoreException {
      maybeHold("put", k);
      super.put(k, content, metadata);
    }

    @Override
    public boolean delete(String k) throws DeltaStoreException {
      maybeHold("delete", k);
      return super.delete(k);
    }

    @Override
    public java.io.InputStream get(String k) throws DeltaStoreException {
      maybeHold("get", k);
      return super.get(k);
    }
  }

  static <T> CompletableFuture<T> async(java.util.concurrent.Callable<T> call) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        return call.call();
      } catch (Exception e) {
        throw new RuntimeException(e);
      }
    });
  }

  @Test
  void aPutWhoseReferenceWasDeletedUnderItStoresItselfAgain() throws Exception {
    InMemoryBackend shared = new InMemoryBackend();
    DeltaStore deleter = DeltaStore.builder().backend(shared).build();
    deleter.put("x/a.zip", V1);
    // The putter has found and loaded the reference; its delta write waits until the deleter
    // has removed x/a.zip and, the deltaspace now being empty, the reference.
    Gate gate = new Gate(shared, "put", "x/b.zip.delta");
    DeltaStore putter = DeltaStore.builder().backend(gate).build();
    CompletableFuture<PutResult> put = async(() -> putter.put("x/b.zip", V2));
    assertTrue(gate.reached.await(10, TimeUnit.SECONDS));
    assertTrue(deleter.delete("x/a.zip"));
    assertTrue(shared.head("x/reference.bin").isEmpty(), "the deleter saw an empty deltaspace");
    gate.release.countDown();

    PutResult r = put.get(10, TimeUnit.SECONDS);
    assertTrue(r.createdReference(), "stored again, as the first object of the deltaspace");
    assertArrayEquals(V2, putter.get("x/b.zip"));
    assertArrayEquals(V2, DeltaStore.builder().backend(shared).build().get("x/b.zip"));
    assertFalse(deleter.exists("x/a.zip"));
  }

  @Test
  void aDeleterThatFindsANewDeltaAfterRemovingTheReferencePutsItBack() throws Exception {
    InMemoryBackend shared = new InMemoryBackend();
    DeltaStore putter = DeltaStore.builder().backend(shared).build();
    putter.put("y/a.zip", V1);
    // The deleter has seen no other delta and is about to delete the reference; meanwhile the
    // putter writes its delta and finds the reference still there.
    Gate gate = new Gate(shared, "delete", "y/reference.bin");
    DeltaStore deleter = DeltaStore.builder().backend(gate).build();
    CompletableFuture<Boolean> delete = async(() -> deleter.delete("y/a.zip"));
    assertTrue(gate.reached.await(10, TimeUnit.SECONDS));
    PutResult r = putter.put("y/b.zip", V2);
    assertFalse(r.createdReference());
    gate.release.countDown();

    assertTrue(delete.get(10, TimeUnit.SECONDS));
    assertTrue(shared.head("y/reference.bin").isPresent(), "the reference was put back");
    assertArrayEquals(V2, DeltaStore.builder().backend(shared).build().get("y/b.zip"));
    assertFalse(putter.exists("y/a.zip"));
    assertEquals(1, DeltaStore.builder().backend(shared).build().listAll("y/").size());
  }

  @Test
  void aDeleterNeverRestoresAReferenceThatWasReplacedWhileItLooked() throws Exception {
    InMemoryBackend shared = new InMemoryBackend();
    DeltaStore first = DeltaStore.builder().backend(shared).build();
    first.put("z/a.zip", V1);
    first.put("z/b.zip", V2);
    assertTrue(first.delete("z/a.zip"));
    // This deleter removes the deltaspace's last object and is held as it reads the reference
    // (R1) it is about to delete; meanwhile another process deletes R1 and a third puts c, which
    // becomes the new reference R2.
    Gate gate = new Gate(shared, "get", "z/reference.bin");
    DeltaStore deleter = DeltaStore.builder().backend(gate).build();
    CompletableFuture<Boolean> delete = async(() -> deleter.delete("z/b.zip"));
    assertTrue(gate.reached.await(10, TimeUnit.SECONDS));
    assertTrue(shared.delete("z/reference.bin"));
    byte[] c = TestData.random(43, 90_000);
    DeltaStore third = DeltaStore.builder().backend(shared).build();
    assertTrue(third.put("z/c.zip", c).createdReference());
    gate.release.countDown();
    assertTrue(delete.get(10, TimeUnit.SECONDS));

    // R2 is c's reference, with c's digest: later puts into the deltaspace still work.
    assertArrayEquals(c, third.get("z/c.zip"));
    byte[] ref = shared.get("z/reference.bin").readAllBytes();
    assertEquals(Sha256.of(ref, 0, ref.length), shared.head("z/reference.bin").orElseThrow().metadata().get("dg-file-sha256"));
    DeltaStore later = DeltaStore.builder().backend(shared).build();
    byte[] d = TestData.edited(c, 44, 5, 50, false);
    later.put("z/d.zip", d);
    assertArrayEquals(d, later.get("z/d.zip"));
  }
}
