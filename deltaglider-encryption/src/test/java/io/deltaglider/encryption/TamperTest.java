package io.deltaglider.encryption;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.crypto.tink.KeysetHandle;
import io.deltaglider.DeltaStore;
import io.deltaglider.IntegrityException;
import io.deltaglider.encryption.DecryptionException.Reason;
import io.deltaglider.spi.BlobInfo;
import io.deltaglider.spi.InMemoryBackend;
import io.deltaglider.spi.Payload;
import io.deltaglider.spi.StorageBackend;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Whatever is done to the stored ciphertext or its metadata, a read fails with a
 * {@link DecryptionException} (which the store reports as an {@link IntegrityException}), and no
 * byte of an unauthenticated segment is returned.
 */
class TamperTest {
  private InMemoryBackend inner;
  private KeysetHandle keys;
  private EncryptingBackend backend;

  @BeforeEach
  void setUp() throws Exception {
    inner = new InMemoryBackend();
    keys = Keys.fresh(Keys.SEG_4KB);
    backend = EncryptingBackend.wrap(inner, keys);
  }

  private static byte[] raw(StorageBackend b, String key) throws Exception {
    try (InputStream in = b.get(key)) {
      return in.readAllBytes();
    }
  }

  private DecryptionException failsToRead(String key) {
    return assertThrows(DecryptionException.class, () -> raw(backend, key));
  }

  /** Reads until the failure and returns what came before it. */
  private static byte[] readUntilFailure(StorageBackend b, String key) throws Exception {
    ByteArrayOutputStream got = new ByteArrayOutputStream();
    try (InputStream in = b.get(key)) {
      byte[] buf = new byte[1000];
      for (int n; (n = in.read(buf)) >= 0; ) {
        got.write(buf, 0, n);
      }
    } catch (DecryptionException expected) {
      return got.toByteArray();
    }
    throw new AssertionError("read " + got.size() + " bytes without a failure");
  }

  @Test
  void alteredCiphertextFailsAtItsSegmentAndNothingOfItIsReturned() throws Exception {
    byte[] plain = Fixtures.random(50_000, 1);
    backend.put("t/a.bin", Payload.of(plain), Map.of());
    inner.corrupt("t/a.bin", 3 * 4096 + 100, (byte) 1); // inside segment 3
    byte[] before = readUntilFailure(backend, "t/a.bin");
    assertTrue(before.length <= (4096 - 56) + 2 * (4096 - 16), "at most segments 0 to 2: " + before.length);
    assertArrayEquals(Arrays.copyOf(plain, before.length), before, "what came before is the plaintext");
    assertEquals(Reason.AUTHENTICATION_FAILED, failsToRead("t/a.bin").reason());
    assertThrows(DecryptionException.class, () -> backend.get("t/a.bin", 3L * 4080, 10).readAllBytes());
    assertArrayEquals(Arrays.copyOfRange(plain, 10, 20), backend.get("t/a.bin", 10, 10).readAllBytes(),
        "segments that authenticate are still readable one by one");
  }

  @Test
  void alteredHeaderFailsBeforeAnyByte() throws Exception {
    backend.put("t/h.bin", Payload.of(Fixtures.random(100, 2)), Map.of());
    inner.corrupt("t/h.bin", 5, (byte) 0x80); // the salt
    assertEquals(0, readUntilFailure(backend, "t/h.bin").length);
  }

  @Test
  void aKeyTheKeySetDoesNotHoldIsNamed() throws Exception {
    backend.put("t/k.bin", Payload.of(new byte[10]), Map.of());
    EncryptingBackend other = EncryptingBackend.wrap(inner, Keys.fresh(Keys.SEG_4KB));
    DecryptionException e = assertThrows(DecryptionException.class, () -> raw(other, "t/k.bin"));
    assertEquals(Reason.UNKNOWN_KEY, e.reason());
    assertTrue(e.getMessage().contains(Integer.toUnsignedString(backend.primaryKeyId())), e.getMessage());
  }

  @Test
  void anotherKeyUnderTheSameIdDoesNotAuthenticate() throws Exception {
    backend.put("t/w.bin", Payload.of(Fixtures.random(9000, 3)), Map.of());
    KeysetHandle impostor = Keys.builder(null)
        .addEntry(KeysetHandle.generateEntryFromParameters(Keys.SEG_4KB).withFixedId(backend.primaryKeyId()).makePrimary())
        .build();
    EncryptingBackend wrong = EncryptingBackend.wrap(inner, impostor);
    DecryptionException e = assertThrows(DecryptionException.class, () -> raw(wrong, "t/w.bin"));
    assertEquals(Reason.AUTHENTICATION_FAILED, e.reason());
  }

  private void copyRaw(String from, String to) throws Exception {
    BlobInfo info = inner.head(from).orElseThrow();
    inner.put(to, Payload.of(raw(inner, from)), info.metadata());
  }

  @Test
  void aBlobMovedToAnotherKeyIsDetectedWhereTheStoreAloneWouldServeIt() throws Exception {
    // Same name in two deltaspaces: the store's own belonging check (dg-original-name) passes.
    for (boolean encrypted : new boolean[] {false, true}) {
      inner = new InMemoryBackend();
      StorageBackend b = encrypted ? EncryptingBackend.wrap(inner, keys) : inner;
      try (DeltaStore store = DeltaStore.builder().backend(b).closeBackendOnClose(false).build()) {
        store.put("p/app.bin", Fixtures.random(5000, 4));
        store.put("q/app.bin", Fixtures.random(5000, 5));
        copyRaw("p/app.bin", "q/app.bin");
        if (encrypted) {
          IntegrityException e = assertThrows(IntegrityException.class, () -> store.get("q/app.bin"));
          assertTrue(e instanceof DecryptionException, e.toString());
          assertEquals(Reason.AUTHENTICATION_FAILED, ((DecryptionException) e).reason());
        } else {
          assertArrayEquals(Fixtures.random(5000, 4), store.get("q/app.bin"), "without encryption the swap goes unseen");
        }
      }
    }
  }

  @Test
  void ciphertextSwappedUnderAnotherObjectsMetadataIsDetected() throws Exception {
    backend.put("s/a.bin", Payload.of(Fixtures.random(3000, 6)), Map.of("dg-note", "passthrough"));
    backend.put("s/b.bin", Payload.of(Fixtures.random(3000, 7)), Map.of("dg-note", "passthrough"));
    inner.put("s/b.bin", Payload.of(raw(inner, "s/a.bin")), inner.head("s/b.bin").orElseThrow().metadata());
    assertEquals(Reason.AUTHENTICATION_FAILED, failsToRead("s/b.bin").reason());
  }

  @Test
  void editedMetadataIsDetectedWhereTheStoreAloneWouldServeIt() throws Exception {
    try (DeltaStore store = DeltaStore.builder().backend(backend).closeBackendOnClose(false).build()) {
      store.put("m/app.bin", Fixtures.random(2000, 8), io.deltaglider.PutOptions.none().withUserMetadata("owner", "ci"));
      Map<String, String> edited = new HashMap<>(inner.head("m/app.bin").orElseThrow().metadata());
      edited.put("dg-user-owner", "mallory");
      inner.replaceMetadata("m/app.bin", edited);
      IntegrityException e = assertThrows(IntegrityException.class, () -> store.get("m/app.bin"));
      assertEquals(Reason.AUTHENTICATION_FAILED, ((DecryptionException) e).reason());
      assertFalse(store.verify("m/").ok());
    }
  }

  @Test
  void removedOrAddedMetadataIsDetected() throws Exception {
    backend.put("m/x", Payload.of(new byte[5]), Map.of("dg-note", "passthrough"));
    Map<String, String> stored = inner.head("m/x").orElseThrow().metadata();
    Map<String, String> removed = new HashMap<>(stored);
    removed.remove("dg-note");
    inner.replaceMetadata("m/x", removed);
    assertEquals(Reason.AUTHENTICATION_FAILED, failsToRead("m/x").reason());
    Map<String, String> added = new HashMap<>(stored);
    added.put("dg-extra", "1");
    inner.replaceMetadata("m/x", added);
    assertEquals(Reason.AUTHENTICATION_FAILED, failsToRead("m/x").reason());
  }

  @Test
  void truncatedAndExtendedBlobsFail() throws Exception {
    byte[] plain = Fixtures.random(20_000, 9);
    backend.put("c/t.bin", Payload.of(plain), Map.of());
    byte[] cipher = raw(inner, "c/t.bin");
    Map<String, String> meta = inner.head("c/t.bin").orElseThrow().metadata();
    inner.put("c/t.bin", Payload.of(Arrays.copyOf(cipher, cipher.length - 1)), meta);
    assertEquals(Reason.SIZE_MISMATCH, failsToRead("c/t.bin").reason());
    inner.put("c/t.bin", Payload.of(Arrays.copyOf(cipher, cipher.length + 1)), meta);
    assertEquals(Reason.SIZE_MISMATCH, failsToRead("c/t.bin").reason());

    // Cut at a segment boundary with the size in the metadata made to match: still refused.
    byte[] cut = Arrays.copyOf(cipher, 3 * 4096);
    Map<String, String> lying = new HashMap<>(meta);
    lying.put(EncryptionMetadata.PLAIN_SIZE, Long.toString((4096 - 56) + 2 * (4096 - 16)));
    inner.put("c/t.bin", Payload.of(cut), lying);
    assertEquals(Reason.AUTHENTICATION_FAILED, failsToRead("c/t.bin").reason());
    assertThrows(DecryptionException.class, () -> backend.get("c/t.bin", 4096, 10).readAllBytes());
  }

  @Test
  void objectsNotWrittenThroughTheDecoratorAreNotServed() throws Exception {
    inner.put("n/plain.bin", Payload.of(new byte[] {1, 2, 3}), Map.of("dg-note", "passthrough"));
    assertEquals(Reason.NOT_ENCRYPTED, failsToRead("n/plain.bin").reason());
    Map<String, String> meta = new HashMap<>(Map.of(EncryptionMetadata.SCHEME, "rot13/1"));
    inner.put("n/odd.bin", Payload.of(new byte[3]), meta);
    assertEquals(Reason.MALFORMED_METADATA, failsToRead("n/odd.bin").reason());
  }

  @Test
  void reservedMetadataNamesAreRefused() {
    assertThrows(IllegalArgumentException.class,
        () -> backend.put("r/x", Payload.of(new byte[1]), Map.of(EncryptionMetadata.KEY_ID, "1")));
    assertThrows(IllegalArgumentException.class,
        () -> backend.put("r/x", Payload.of(new byte[1]), Map.of("dg-enc-anything", "1")));
  }

  @Test
  void failuresOfTheInnerBackendStayWhatTheyAre() throws Exception {
    backend.put("f/x.bin", Payload.of(Fixtures.random(20_000, 10)), Map.of());
    IOException broken = new IOException("connection reset");
    StorageBackend failing = new io.deltaglider.spi.ForwardingBackend(inner) {
      @Override
      public InputStream get(String key) throws io.deltaglider.DeltaStoreException {
        InputStream in = super.get(key);
        return new java.io.FilterInputStream(in) {
          private int reads;

          @Override
          public int read(byte[] b, int off, int len) throws IOException {
            if (++reads > 2) {
              throw broken;
            }
            return super.read(b, off, Math.min(len, 4096));
          }
        };
      }
    };
    EncryptingBackend b = EncryptingBackend.wrap(failing, keys);
    IOException e = assertThrows(IOException.class, () -> raw(b, "f/x.bin"));
    assertFalse(e instanceof DecryptionException, "an I/O failure is not a failed authentication: " + e);
  }

  @Test
  void theStoreCountsAFailedDecryptionAsAnIntegrityFailure() throws Exception {
    try (DeltaStore store = DeltaStore.builder().backend(backend).build()) {
      byte[] v1 = Fixtures.random(200_000, 7);
      byte[] v2 = v1.clone();
      v2[1000] ^= 1;
      store.put("rel/notes.txt", Fixtures.random(30_000, 8)); // stored whole
      store.put("rel/app-1.zip", v1); // the reference
      store.put("rel/app-2.zip", v2); // a delta against it
      assertEquals(0, store.metrics().integrityFailures());
      inner.corrupt("rel/notes.txt", 5000, (byte) 1);
      assertThrows(IntegrityException.class, () -> store.get("rel/notes.txt"));
      long afterWhole = store.metrics().integrityFailures();
      assertTrue(afterWhole >= 1, "a whole object that does not decrypt is counted: " + store.metrics());
      inner.corrupt("rel/app-2.zip.delta", 80, (byte) 1); // its last segment
      assertThrows(IntegrityException.class, () -> store.get("rel/app-2.zip"));
      assertTrue(store.metrics().integrityFailures() > afterWhole, "so is a delta: " + store.metrics());
    }
  }
}
