package io.deltaglider.encryption;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.crypto.tink.KeysetHandle;
import io.deltaglider.DeltaStore;
import io.deltaglider.PutResult;
import io.deltaglider.StoredForm;
import io.deltaglider.VerifyReport;
import io.deltaglider.spi.BlobInfo;
import io.deltaglider.spi.BlobQuery;
import io.deltaglider.spi.InMemoryBackend;
import io.deltaglider.spi.StorageBackend;
import io.deltaglider.storage.fs.FileSystemBackend;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Deltas compose with encryption: the store puts a reference and a delta version of every size
 * class through the decorator, gets both back and verifies the store, while the inner backend
 * holds only ciphertext of the announced length under the primary key.
 */
class StoreRoundTripTest {
  @TempDir Path tmp;

  /** Plaintext sizes around the 4 KiB template's segment boundaries, and a few MiB. */
  static Stream<Arguments> sizes() {
    int first = 4096 - 56;
    int full = 4096 - 16;
    return Stream.of(0, 1, first - 1, first, first + 1, first + full, first + full + 1, (3 << 20) + 17)
        .map(Arguments::of);
  }

  @ParameterizedTest(name = "{0} bytes")
  @MethodSource("sizes")
  void referenceAndDeltaRoundTripInMemory(int size) throws Exception {
    InMemoryBackend inner = new InMemoryBackend();
    roundTrip(inner, EncryptingBackend.wrap(inner, Keys.fresh(Keys.SEG_4KB)), size);
  }

  @Test
  void referenceAndDeltaRoundTripOnTheFilesystem() throws Exception {
    StorageBackend inner = FileSystemBackend.builder(tmp.resolve("store")).fsync(false).build();
    roundTrip(inner, EncryptingBackend.wrap(inner, Keys.fresh(Keys.SEG_1MB)), (6 << 20) + 3);
    roundTrip(inner, EncryptingBackend.wrap(inner, Keys.fresh(Keys.SEG_1MB)), (1 << 20) - 56);
  }

  private void roundTrip(StorageBackend inner, EncryptingBackend encrypted, int size) throws Exception {
    byte[] v1 = Fixtures.random(size, size);
    byte[] v2 = Fixtures.nextVersion(v1, size + 1);
    String ds = "rel" + size;
    try (DeltaStore store = DeltaStore.builder().backend(encrypted).closeBackendOnClose(false).build()) {
      store.put(ds + "/app-1.zip", v1);
      PutResult second = store.put(ds + "/app-2.zip", v2);
      if (size > 10_000) {
        assertEquals(StoredForm.DELTA, second.form(), "the delta is computed on plaintext");
        assertTrue(second.storedSize() < size / 10, "and stays small: " + second.storedSize());
      }
      assertArrayEquals(v1, store.get(ds + "/app-1.zip"));
      assertArrayEquals(v2, store.get(ds + "/app-2.zip"));
      try (InputStream in = store.open(ds + "/app-2.zip")) {
        assertArrayEquals(v2, in.readAllBytes());
      }
      assertEquals(v2.length, store.head(ds + "/app-2.zip").size());
      VerifyReport report = store.verify(ds + "/");
      assertTrue(report.ok(), report.toString());
      assertEquals(2, report.verified().size(), report.toString());
    }
    // What the inner backend holds: ciphertext only, each of the length its plaintext size announces.
    int objects = 0;
    for (BlobInfo raw : inner.list(BlobQuery.under(ds + "/")).objects()) {
      BlobInfo meta = inner.head(raw.key()).orElseThrow();
      assertEquals(Integer.toUnsignedString(encrypted.primaryKeyId()), meta.metadata().get(EncryptionMetadata.KEY_ID));
      assertEquals(EncryptionMetadata.SCHEME_V1, meta.metadata().get(EncryptionMetadata.SCHEME));
      long plain = Long.parseLong(meta.metadata().get(EncryptionMetadata.PLAIN_SIZE));
      assertEquals(encrypted.head(raw.key()).orElseThrow().size(), plain);
      assertTrue(meta.size() > plain, "a ciphertext is longer than its plaintext");
      byte[] stored;
      try (InputStream in = inner.get(raw.key())) {
        stored = in.readAllBytes();
      }
      if (size >= 64) {
        assertFalse(contains(stored, Arrays.copyOf(v1, 64)), raw.key() + " holds plaintext");
        assertFalse(contains(stored, Arrays.copyOfRange(v2, v2.length - 64, v2.length)), raw.key() + " holds plaintext");
      }
      objects++;
    }
    assertTrue(objects >= 2, "objects under " + ds);
  }

  private static boolean contains(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
