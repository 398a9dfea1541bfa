package io.deltaglider;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deltaglider.spi.BlobInfo;
import io.deltaglider.spi.BlobPage;
import io.deltaglider.spi.BlobQuery;
import io.deltaglider.spi.InMemoryBackend;
import io.deltaglider.spi.Payload;
import io.deltaglider.spi.StorageBackend;
import io.deltaglider.vcdiff.testing.TestData;
import java.io.InputStream;
import java.nio.channels.ClosedByInterruptException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A put interrupted (Ctrl-C, a cancelled task) after it created its deltaspace's reference
 * (issue 15, item 2): its cleanup used to run on the interrupted thread, where channel I/O refuses
 * to run, so the reference stayed with no object using it. Cleanup now runs with the flag cleared,
 * and the flag is set again for the caller.
 */
class InterruptedPutTest {
  static final byte[] V1 = TestData.random(101, 80_000);

  /** Refuses every call on an interrupted thread, as FileChannel does; interrupts the thread at the delta's write. */
  static final class InterruptibleIo extends PausingBackend {
    InterruptibleIo(StorageBackend delegate) {
      super(delegate, 0);
    }

    private static void check(String key) throws DeltaStoreException {
      if (Thread.currentThread().isInterrupted()) {
        throw new BackendException("i/o on " + key + " failed", new ClosedByInterruptException());
      }
    }

    @Override
    public void put(String key, Payload content, Map<String, String> metadata) throws DeltaStoreException {
      if (key.endsWith(".delta")) {
        Thread.currentThread().interrupt(); // the signal arrives while the delta is written
      }
      check(key);
      super.put(key, content, metadata);
    }

    @Override
    public Optional<BlobInfo> head(String key) throws DeltaStoreException {
      check(key);
      return super.head(key);
    }

    @Override
    public InputStream get(String key) throws DeltaStoreException {
      check(key);
      return super.get(key);
    }

    @Override
    public boolean delete(String key) throws DeltaStoreException {
      check(key);
      return super.delete(key);
    }

    @Override
    public BlobPage list(BlobQuery query) throws DeltaStoreException {
      check(query.prefix());
      return super.list(query);
    }
  }

  @Test
  void anInterruptedFirstPutRemovesTheReferenceItCreatedAndKeepsTheInterrupt() throws Exception {
    InMemoryBackend raw = new InMemoryBackend();
    DeltaStore store = DeltaStore.builder().backend(new InterruptibleIo(raw)).build();
    try {
      assertThrows(DeltaStoreException.class, () -> store.put("ds/a.zip", V1));
      assertTrue(Thread.currentThread().isInterrupted(), "the caller still sees the interrupt");
    } finally {
      Thread.interrupted();
    }
    List<BlobInfo> left = raw.list(BlobQuery.under("")).objects();
    assertTrue(left.isEmpty(), "nothing left behind: " + left);
    DeltaStore again = DeltaStore.builder().backend(raw).build();
    again.put("ds/a.zip", V1);
    assertArrayEquals(V1, again.get("ds/a.zip"));
  }
}
