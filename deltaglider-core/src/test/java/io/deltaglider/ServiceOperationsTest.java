package io.deltaglider;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deltaglider.spi.BlobInfo;
import io.deltaglider.spi.BlobQuery;
import io.deltaglider.spi.ForwardingBackend;
import io.deltaglider.spi.InMemoryBackend;
import io.deltaglider.spi.Payload;
import io.deltaglider.spi.StorageBackend;
import io.deltaglider.vcdiff.testing.TestData;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What a service in front of the store needs (issue 17 item 5): ETags, create-only puts, if-match and batch deletes. */
class ServiceOperationsTest {
  static final byte[] V1 = TestData.random(5, 50_000);
  static final byte[] V2 = TestData.edited(V1, 6, 3, 40, false);

  InMemoryBackend backend;
  DeltaStore store;

  @BeforeEach
  void setUp() {
    backend = new InMemoryBackend();
    store = DeltaStore.builder().backend(backend).build();
  }

  private static String md5(byte[] b) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(b));
  }

  private List<String> rawKeys() throws Exception {
    return backend.list(BlobQuery.under("")).objects().stream().map(BlobInfo::key).toList();
  }

  @Test
  void theEtagIsTheOriginalsMd5InEveryForm() throws Exception {
    PutResult first = store.put("e/app-1.zip", V1);
    PutResult delta = store.put("e/app-2.zip", V2);
    PutResult whole = store.put("e/notes.txt", "notes".getBytes());
    assertEquals(StoredForm.DELTA, delta.form());
    assertEquals(StoredForm.PASSTHROUGH, whole.form());
    assertEquals(md5(V1), first.etag());
    assertEquals(md5(V2), delta.etag());
    assertEquals(md5("notes".getBytes()), whole.etag());
    assertEquals(delta.etag(), store.head("e/app-2.zip").etag());
    assertEquals(StoredForm.DELTA, store.head("e/app-2.zip").form());
    assertEquals(whole.etag(), store.head("e/notes.txt").etag());
    assertEquals(delta.etag(), store.list("e/", null, null, null, 10).objects().get(1).etag());
  }

  @Test
  void aPlainObjectsEtagIsTheBackends() throws Exception {
    InMemoryBackend raw = new InMemoryBackend();
    StorageBackend withEtags = new ForwardingBackend(raw) {
      @Override
      public Optional<BlobInfo> head(String key) throws DeltaStoreException {
        return super.head(key).map(h -> new BlobInfo(h.key(), h.size(), h.metadata(), h.lastModified(), "\"abc123\""));
      }
    };
    raw.put("p/foreign.bin", Payload.of(new byte[] {1}), Map.of());
    assertEquals("abc123", Etags.of(StoredForm.PLAIN, withEtags.head("p/foreign.bin").orElseThrow().metadata(),
        withEtags.head("p/foreign.bin").orElseThrow().etag()));
    assertNull(Etags.of(StoredForm.PASSTHROUGH, Map.of(), "abc123"), "a store object without dg-md5 has none");
    assertEquals(md5(V1), Etags.of(StoredForm.DELTA, Map.of("dg-md5", md5(V1).toUpperCase()), "other"));
  }

  @Test
  void aCreateOnlyPutRefusesAnExistingObjectInEitherForm() throws Exception {
    store.put("c/app-1.zip", V1);
    store.put("c/notes.txt", "old".getBytes());
    ObjectExistsException e = assertThrows(ObjectExistsException.class,
        () -> store.put("c/app-1.zip", V2, PutOptions.createOnly()));
    assertTrue(e.getMessage().endsWith("c/app-1.zip"), e.getMessage());
    assertThrows(ObjectExistsException.class, () -> store.put("c/notes.txt", "new".getBytes(), PutOptions.createOnly()));
    assertArrayEquals(V1, store.get("c/app-1.zip"));
    assertArrayEquals("old".getBytes(), store.get("c/notes.txt"));
    // The whole form blocks a delta-eligible create too (a .zip stored whole).
    backend.put("c/app-9.zip", Payload.of("whole".getBytes()), Map.of());
    assertThrows(ObjectExistsException.class, () -> store.put("c/app-9.zip", V2, PutOptions.createOnly()));
    // Absent: created, in either form.
    assertEquals(StoredForm.DELTA, store.put("c/app-2.zip", V2, PutOptions.createOnly()).form());
    assertEquals(StoredForm.PASSTHROUGH, store.put("c/new.txt", "n".getBytes(), PutOptions.createOnly()).form());
    assertTrue(PutOptions.createOnly().withContentType("text/plain").isCreateOnly());
    assertFalse(PutOptions.none().isCreateOnly());
  }

  @Test
  void concurrentCreateOnlyPutsOfOneKeyHaveOneWinner() throws Exception {
    store.put("r/base.zip", V1);
    DeltaStore other = DeltaStore.builder().backend(backend).build();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      for (int round = 0; round < 10; round++) {
        String key = "r/v" + round + ".zip";
        CountDownLatch go = new CountDownLatch(1);
        AtomicInteger won = new AtomicInteger();
        List<Future<?>> all = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
          byte[] mine = TestData.edited(V1, round * 10 + t, 3, 40, false);
          DeltaStore s = t % 2 == 0 ? store : other;
          all.add(pool.submit(() -> {
            go.await();
            try {
              s.put(key, mine, PutOptions.createOnly());
              won.incrementAndGet();
            } catch (ObjectExistsException lost) {
              // another writer created it
            }
            return null;
          }));
        }
        go.countDown();
        for (Future<?> f : all) {
          f.get();
        }
        assertEquals(1, won.get(), key);
        store.get(key); // verified
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void anIfMatchDeleteChecksTheEtagFirst() throws Exception {
    PutResult put = store.put("d/app-1.zip", V1);
    store.put("d/app-2.zip", V2);
    PreconditionFailedException e = assertThrows(PreconditionFailedException.class,
        () -> store.delete("d/app-2.zip", put.etag()));
    assertEquals(md5(V2), e.actualEtag());
    assertTrue(e.getMessage().contains("nothing was deleted"), e.getMessage());
    assertArrayEquals(V2, store.get("d/app-2.zip"));
    store.delete("d/app-2.zip", "\"" + md5(V2).toUpperCase() + "\"");
    assertFalse(store.exists("d/app-2.zip"));
    assertThrows(ObjectNotFoundException.class, () -> store.delete("d/app-2.zip", md5(V2)));
    store.delete("d/app-1.zip", put.etag());
    assertEquals(List.of(), rawKeys(), "the reference went with the last delta");
  }

  @Test
  void aBatchDeleteRemovesBothFormsAndUnusedReferencesInOneBackendCall() throws Exception {
    AtomicInteger batches = new AtomicInteger();
    AtomicInteger singles = new AtomicInteger();
    StorageBackend counting = new ForwardingBackend(backend) {
      @Override
      public void deleteAll(Collection<String> keys) throws DeltaStoreException {
        batches.incrementAndGet();
        super.deleteAll(keys);
      }

      @Override
      public boolean delete(String key) throws DeltaStoreException {
        singles.incrementAndGet();
        return super.delete(key);
      }
    };
    DeltaStore s = DeltaStore.builder().backend(counting).build();
    s.put("a/app-1.zip", V1);
    s.put("a/app-2.zip", V2);
    s.put("b/app-1.zip", V1);
    s.put("b/app-2.zip", V2);
    s.put("b/readme.txt", "r".getBytes());
    s.put("a/app-3.zip", TestData.edited(V1, 9, 3, 40, false));
    backend.put("a/app-3.zip", Payload.of("leftover".getBytes()), Map.of()); // both forms, as a crash leaves them
    s.deleteAll(List.of("a/app-1.zip", "a/app-2.zip", "a/app-3.zip", "b/app-2.zip", "b/readme.txt", "z/never-there"));
    assertEquals(1, batches.get());
    assertEquals(List.of("b/app-1.zip.delta", "b/reference.bin"), rawKeys(), "a's reference went, b's stays");
    assertArrayEquals(V1, s.get("b/app-1.zip"));
    assertThrows(InvalidKeyException.class, () -> s.deleteAll(List.of("b/app-1.zip", "bad//key")));
    assertTrue(s.exists("b/app-1.zip"), "nothing is deleted when a key is invalid");
  }

  @Test
  void keysTheBackendCouldNotDeleteAreNamedByUserKey() throws Exception {
    StorageBackend refusing = new ForwardingBackend(backend) {
      @Override
      public void deleteAll(Collection<String> keys) throws DeltaStoreException {
        Map<String, String> failures = new LinkedHashMap<>();
        List<String> rest = new ArrayList<>();
        for (String k : keys) {
          if (k.startsWith("x/locked")) {
            failures.put(k, "AccessDenied");
          } else {
            rest.add(k);
          }
        }
        super.deleteAll(rest);
        if (!failures.isEmpty()) {
          throw new BatchDeleteException("test", failures);
        }
      }
    };
    DeltaStore s = DeltaStore.builder().backend(refusing).build();
    s.put("x/locked.txt", "l".getBytes());
    s.put("x/free.txt", "f".getBytes());
    BatchDeleteException e = assertThrows(BatchDeleteException.class,
        () -> s.deleteAll(List.of("x/free.txt", "x/locked.txt")));
    assertEquals(Map.of("x/locked.txt", "AccessDenied"), e.failures());
    assertFalse(s.exists("x/free.txt"));
    assertTrue(s.exists("x/locked.txt"));
  }
}
