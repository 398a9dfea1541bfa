package io.deltaglider;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deltaglider.spi.BlobInfo;
import io.deltaglider.spi.ForwardingBackend;
import io.deltaglider.spi.InMemoryBackend;
import io.deltaglider.spi.Payload;
import io.deltaglider.spi.StorageBackend;
import io.deltaglider.vcdiff.testing.TestData;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Objects the store did not write, as any existing bucket holds (issue 17, item 2): they used to
 * fail every get with IntegrityException and verify flagged them. Now they are served as they
 * are, reported as not verifiable, and migrate brings them under delta storage.
 */
class ForeignObjectsTest {
  static final byte[] A = TestData.random(121, 80_000);
  static final byte[] B = TestData.edited(A, 122, 5, 50, false);

  /** Heads carry the MD5 ETag of a single-part upload, as S3 answers. */
  static class WithMd5Etags extends ForwardingBackend {
    WithMd5Etags(StorageBackend delegate) {
      super(delegate);
    }

    @Override
    public Optional<BlobInfo> head(String key) throws DeltaStoreException {
      Optional<BlobInfo> b = super.head(key);
      if (b.isEmpty()) {
        return b;
      }
      try (var in = super.get(key)) {
        String md5 = Sha256.hex(Digests.newMd5().digest(in.readAllBytes()));
        return Optional.of(new BlobInfo(key, b.get().size(), b.get().metadata(), b.get().lastModified(), md5));
      } catch (java.io.IOException e) {
        throw new BackendException(e.toString(), e);
      }
    }
  }

  @Test
  void aPlainObjectIsServedAsItIsAndReportedAsNotVerifiable() throws Exception {
    InMemoryBackend raw = new InMemoryBackend();
    raw.put("old/app-1.0.zip", Payload.of(A), Map.of());
    raw.put("old/readme.txt", Payload.of(B), Map.of("content-owner", "ops")); // another tool's metadata
    DeltaStore store = DeltaStore.builder().backend(new WithMd5Etags(raw)).build();
    assertArrayEquals(A, store.get("old/app-1.0.zip"));
    assertArrayEquals(B, store.get("old/readme.txt"));
    ObjectInfo info = store.head("old/app-1.0.zip");
    assertEquals(StoredForm.PLAIN, info.form());
    assertEquals(A.length, info.size());
    assertNull(info.sha256());
    assertEquals(raw.head("old/app-1.0.zip").get().lastModified(), info.createdAt(), "when the backend says it was stored");
    VerifyReport report = store.verify("old/");
    assertTrue(report.ok(), report.toString());
    assertEquals(List.of("old/app-1.0.zip", "old/readme.txt"), report.unverifiable());
    assertEquals(2, store.metrics().plainGets() - 2, "two gets, two verify reads");
  }

  @Test
  void aPlainObjectWhoseBytesContradictItsMd5EtagIsAnIntegrityFailure() throws Exception {
    InMemoryBackend raw = new InMemoryBackend();
    raw.put("old/app.zip", Payload.of(A), Map.of());
    StorageBackend lying = new WithMd5Etags(raw) {
      @Override
      public Optional<BlobInfo> head(String key) throws DeltaStoreException {
        return super.head(key).map(b -> new BlobInfo(key, b.size(), b.metadata(), b.lastModified(), "0".repeat(32)));
      }
    };
    DeltaStore store = DeltaStore.builder().backend(lying).build();
    assertThrows(IntegrityException.class, () -> store.get("old/app.zip"));
    assertTrue(!store.verify("old/").ok());
  }

  @Test
  void damagedDeltaGliderMetadataIsStillAFailureNotAPlainObject() throws Exception {
    InMemoryBackend raw = new InMemoryBackend();
    raw.put("d/app.zip", Payload.of(A), Map.of("dg-note", "passthrough", "dg-file-size", "" + A.length));
    DeltaStore store = DeltaStore.builder().backend(raw).build();
    assertThrows(IntegrityException.class, () -> store.get("d/app.zip"));
  }

  @Test
  void migrateBringsPlainObjectsUnderDeltaStorageInPlaceAndResumes() throws Exception {
    InMemoryBackend raw = new InMemoryBackend();
    raw.put("rel/app-1.0.zip", Payload.of(A), Map.of());
    raw.put("rel/app-1.1.zip", Payload.of(B), Map.of());
    raw.put("rel/notes.txt", Payload.of(B), Map.of());
    DeltaStore store = DeltaStore.builder().backend(raw).build();
    List<String> all = List.of("rel/app-1.0.zip", "rel/app-1.1.zip", "rel/notes.txt");
    assertEquals(all, store.migrate("rel/", true));
    assertEquals(StoredForm.PLAIN, store.head("rel/app-1.1.zip").form(), "a dry run changes nothing");
    assertEquals(all, store.migrate("rel/", false));
    assertEquals(StoredForm.DELTA, store.head("rel/app-1.1.zip").form());
    assertEquals(StoredForm.PASSTHROUGH, store.head("rel/notes.txt").form());
    assertTrue(raw.head("rel/app-1.1.zip").isEmpty(), "the plain copy is gone");
    assertArrayEquals(B, store.get("rel/app-1.1.zip"));
    assertArrayEquals(A, store.get("rel/app-1.0.zip"));
    assertArrayEquals(B, store.get("rel/notes.txt"));
    assertEquals(List.of(), store.migrate("rel/", false), "resumable: nothing left");
    assertTrue(store.verify("rel/").ok());
    assertTrue(store.verify("rel/").unverifiable().isEmpty());
  }

  @Test
  void aPlainObjectCopiesIntoTheStore() throws Exception {
    InMemoryBackend raw = new InMemoryBackend();
    raw.put("old/app.zip", Payload.of(A), Map.of());
    DeltaStore store = DeltaStore.builder().backend(raw).build();
    store.copy("old/app.zip", "new/app.zip");
    assertEquals(StoredForm.DELTA, store.head("new/app.zip").form());
    assertArrayEquals(A, store.get("new/app.zip"));
  }
}
