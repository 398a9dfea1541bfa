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
 * A put of an object that {@code migrate} is rewriting: without the migration lock the put lands
 * between migrate's read and write of the metadata, and the new bytes end up described by the old
 * version's digest (every later get fails its integrity check).
 */
class MigrateRaceTest {
  static final byte[] OLD = TestData.text(31, 10_000);
  static final byte[] NEW = TestData.text(32, 12_000);

  @Test
  void aPutDuringMigrationKeepsItsOwnMetadata() throws Exception {
    InMemoryBackend raw = new InMemoryBackend();
    // As the first DeltaGlider releases wrote a passthrough object: bare names, note "direct".
    raw.put("m/notes.txt", Payload.of(OLD), Map.of("file_sha256", Sha256.of(OLD, 0, OLD.length),
        "file_size", "" + OLD.length, "note", "direct", "compression", "none", "original_name", "notes.txt"));
    CountDownLatch migrating = new CountDownLatch(1);
    CountDownLatch proceed = new CountDownLatch(1);
    StorageBackend pausing = new PausingBackend(raw, 0) {
      @Override
      public void replaceMetadata(String key, Map<String, String> metadata) throws DeltaStoreException {
        migrating.countDown();
        try {
          proceed.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        super.replaceMetadata(key, metadata);
      }
    };
    DeltaStore store = DeltaStore.builder().backend(pausing).build();

    CompletableFuture<Integer> migration = CompletableFuture.supplyAsync(() -> {
      try {
        return store.upgradeMetadata("m/");
      } catch (DeltaStoreException e) {
        throw new RuntimeException(e);
      }
    });
    assertTrue(migrating.await(10, TimeUnit.SECONDS), "migrate reached the rewrite");
    CompletableFuture<PutResult> put = CompletableFuture.supplyAsync(() -> {
      try {
        return store.put("m/notes.txt", NEW);
      } catch (DeltaStoreException e) {
        throw new RuntimeException(e);
      }
    });
    Thread.sleep(300);
    assertFalse(put.isDone(), "the put waits for the object's migration");
    proceed.countDown();

    assertEquals(1, migration.get(10, TimeUnit.SECONDS));
    assertEquals(StoredForm.PASSTHROUGH, put.get(10, TimeUnit.SECONDS).form());
    assertArrayEquals(NEW, store.get("m/notes.txt"));
  }
}
