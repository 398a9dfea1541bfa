package io.deltaglider.encryption;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.crypto.tink.KeysetHandle;
import io.deltaglider.DeltaStoreException;
import io.deltaglider.spi.BlobInfo;
import io.deltaglider.spi.ForwardingBackend;
import io.deltaglider.spi.InMemoryBackend;
import io.deltaglider.spi.Payload;
import io.deltaglider.spi.StorageBackend;
import java.io.InputStream;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Objects that change while the decorator reads or rewrites them. */
class ConcurrencyTest {
  private static byte[] read(StorageBackend b, String key) throws Exception {
    try (InputStream in = b.get(key)) {
      return in.readAllBytes();
    }
  }

  @Test
  void aGetWhoseHeadWasStaleStartsOverInsteadOfFailing() throws Exception {
    InMemoryBackend inner = new InMemoryBackend();
    AtomicReference<BlobInfo> stale = new AtomicReference<>();
    StorageBackend staleOnce = new ForwardingBackend(inner) {
      @Override
      public Optional<BlobInfo> head(String key) throws DeltaStoreException {
        BlobInfo s = stale.getAndSet(null);
        return s != null ? Optional.of(s) : super.head(key);
      }
    };
    EncryptingBackend b = EncryptingBackend.wrap(staleOnce, Keys.fresh(Keys.SEG_4KB));
    b.put("x", Payload.of(Fixtures.random(10_000, 1)), Map.of("dg-created-at", "1"));
    BlobInfo old = inner.head("x").orElseThrow();
    byte[] second = Fixtures.random(10_000, 2);
    b.put("x", Payload.of(second), Map.of("dg-created-at", "2"));
    stale.set(old); // the get's head sees the first version, its bytes are the second's
    assertArrayEquals(second, read(b, "x"));
    assertEquals(null, stale.get(), "the stale head was used");
  }

  @Test
  void aPutWaitsForTheRewriteOfItsKeyAndIsNotLost() throws Exception {
    InMemoryBackend inner = new InMemoryBackend();
    AtomicBoolean blockNext = new AtomicBoolean();
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    StorageBackend pausing = new ForwardingBackend(inner) {
      @Override
      public void put(String key, Payload content, Map<String, String> metadata) throws DeltaStoreException {
        if (blockNext.compareAndSet(true, false)) {
          entered.countDown();
          try {
            release.await(30, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
        super.put(key, content, metadata);
      }
    };
    KeysetHandle k1 = Keys.fresh(Keys.SEG_4KB);
    EncryptingBackend.wrap(pausing, k1).put("x", Payload.of(Fixtures.random(5000, 3)), Map.of());
    EncryptingBackend rotated = EncryptingBackend.wrap(pausing, Keys.rotated(k1));
    blockNext.set(true);
    CompletableFuture<ReencryptReport> rewrite = CompletableFuture.supplyAsync(() -> {
      try {
        return rotated.reencrypt("");
      } catch (DeltaStoreException e) {
        throw new IllegalStateException(e);
      }
    });
    assertTrue(entered.await(30, TimeUnit.SECONDS));
    byte[] newer = Fixtures.random(5000, 4);
    CompletableFuture<Void> put = CompletableFuture.runAsync(() -> {
      try {
        rotated.put("x", Payload.of(newer), Map.of());
      } catch (DeltaStoreException e) {
        throw new IllegalStateException(e);
      }
    });
    Thread.sleep(200);
    assertFalse(put.isDone(), "the put waits for the rewrite of its key");
    release.countDown();
    assertEquals(1, rewrite.get(30, TimeUnit.SECONDS).reencrypted());
    put.get(30, TimeUnit.SECONDS);
    assertArrayEquals(newer, read(rotated, "x"), "the rewrite did not overwrite the newer put");
  }
}
