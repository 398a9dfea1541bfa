package io.deltaglider.encryption;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.crypto.tink.KeysetHandle;
import io.deltaglider.DeltaStore;
import io.deltaglider.StoredForm;
import io.deltaglider.VerifyReport;
import io.deltaglider.encryption.DecryptionException.Reason;
import io.deltaglider.spi.BlobInfo;
import io.deltaglider.spi.BlobQuery;
import io.deltaglider.spi.InMemoryBackend;
import io.deltaglider.spi.Payload;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Key rotation: objects under the old key stay readable, new writes use the new primary,
 * {@code reencrypt} moves the old ones over (each by one atomic put), and then the old key can go.
 */
class RotationTest {
  private final InMemoryBackend inner = new InMemoryBackend();

  private Map<String, String> keyIds() throws Exception {
    Map<String, String> ids = new HashMap<>();
    for (BlobInfo o : inner.list(BlobQuery.under("")).objects()) {
      ids.put(o.key(), o.metadata().get(EncryptionMetadata.KEY_ID));
    }
    return ids;
  }

  private static DeltaStore store(EncryptingBackend b) {
    return DeltaStore.builder().backend(b).closeBackendOnClose(false).build();
  }

  @Test
  void rotateReencryptAndDropTheOldKey() throws Exception {
    byte[] v1 = Fixtures.random(200_000, 1);
    byte[] v2 = Fixtures.nextVersion(v1, 2);
    byte[] notes = Fixtures.random(30_000, 3);
    KeysetHandle k1 = Keys.fresh(Keys.SEG_4KB);
    EncryptingBackend first = EncryptingBackend.wrap(inner, k1);
    String oldId = Integer.toUnsignedString(first.primaryKeyId());
    try (DeltaStore store = store(first)) {
      store.put("rel/app-1.zip", v1);
      assertEquals(StoredForm.DELTA, store.put("rel/app-2.zip", v2).form());
      store.put("rel/notes.txt", notes);
    }
    Map<String, String> callerMetaBefore = first.head("rel/app-2.zip.delta").orElseThrow().metadata();

    KeysetHandle k2 = Keys.rotated(k1);
    EncryptingBackend rotated = EncryptingBackend.wrap(inner, k2);
    String newId = Integer.toUnsignedString(rotated.primaryKeyId());
    assertNotEquals(oldId, newId);
    byte[] v3 = Fixtures.nextVersion(v2, 4);
    try (DeltaStore store = store(rotated)) {
      assertArrayEquals(v2, store.get("rel/app-2.zip"), "old objects read under the rotated key set");
      store.put("rel/app-3.zip", v3);
    }
    assertEquals(newId, keyIds().get("rel/app-3.zip.delta"), "new writes use the primary");
    assertEquals(oldId, keyIds().get("rel/reference.bin"));

    // Dropping the old key now would strand the old objects.
    EncryptingBackend tooEarly = EncryptingBackend.wrap(inner, Keys.without(k2, first.primaryKeyId()));
    assertEquals(Reason.UNKNOWN_KEY,
        assertThrows(DecryptionException.class, () -> tooEarly.get("rel/reference.bin").readAllBytes()).reason());

    int objects = inner.size();
    ReencryptReport report = rotated.reencrypt("rel/");
    assertEquals(objects, report.examined(), report.toString());
    assertEquals(objects - 1, report.reencrypted(), report.toString());
    assertEquals(1, report.current(), report.toString());
    assertTrue(report.complete(), report.toString());
    keyIds().values().forEach(id -> assertEquals(newId, id));
    assertEquals(callerMetaBefore, rotated.head("rel/app-2.zip.delta").orElseThrow().metadata(), "metadata kept");
    assertEquals(0, rotated.reencrypt("rel/").reencrypted(), "a second run has nothing to do");

    EncryptingBackend onlyNew = EncryptingBackend.wrap(inner, Keys.without(k2, first.primaryKeyId()));
    try (DeltaStore store = store(onlyNew)) {
      assertArrayEquals(v1, store.get("rel/app-1.zip"));
      assertArrayEquals(v2, store.get("rel/app-2.zip"));
      assertArrayEquals(v3, store.get("rel/app-3.zip"));
      assertArrayEquals(notes, store.get("rel/notes.txt"));
      VerifyReport verify = store.verify("rel/");
      assertTrue(verify.ok(), verify.toString());
      assertEquals(4, verify.verified().size(), verify.toString());
    }
  }

  @Test
  void anObjectThatCannotBeReencryptedIsReportedAndLeftAsItWas() throws Exception {
    KeysetHandle k1 = Keys.fresh(Keys.SEG_4KB);
    EncryptingBackend first = EncryptingBackend.wrap(inner, k1);
    first.put("d/good.bin", Payload.of(Fixtures.random(20_000, 5)), Map.of());
    first.put("d/bad.bin", Payload.of(Fixtures.random(20_000, 6)), Map.of());
    inner.put("d/other-tool.bin", Payload.of(new byte[3]), Map.of());
    inner.corrupt("d/bad.bin", 15_000, (byte) 4); // in its fourth segment: the rewrite fails midway
    byte[] badBefore = inner.get("d/bad.bin").readAllBytes();

    EncryptingBackend rotated = EncryptingBackend.wrap(inner, Keys.rotated(k1));
    ReencryptReport report = rotated.reencrypt("d/");
    assertEquals(3, report.examined());
    assertEquals(1, report.reencrypted());
    assertEquals(1, report.notEncrypted());
    assertEquals(java.util.Set.of("d/bad.bin"), report.failures().keySet(), report.toString());
    assertFalse(report.complete());
    assertArrayEquals(badBefore, inner.get("d/bad.bin").readAllBytes(), "the failed rewrite left the old bytes");
    assertEquals(Integer.toUnsignedString(first.primaryKeyId()), keyIds().get("d/bad.bin"));
    assertEquals(Integer.toUnsignedString(rotated.primaryKeyId()), keyIds().get("d/good.bin"));
  }

  @Test
  void replacingMetadataReencryptsUnderThePrimaryAndAuthenticatesTheNewMetadata() throws Exception {
    KeysetHandle k1 = Keys.fresh(Keys.SEG_4KB);
    EncryptingBackend first = EncryptingBackend.wrap(inner, k1);
    byte[] plain = Fixtures.random(10_000, 7);
    first.put("m/x.bin", Payload.of(plain), Map.of("dg_note", "direct"));
    EncryptingBackend rotated = EncryptingBackend.wrap(inner, Keys.rotated(k1));
    rotated.replaceMetadata("m/x.bin", Map.of("dg-note", "passthrough"));
    assertEquals(Map.of("dg-note", "passthrough"), rotated.head("m/x.bin").orElseThrow().metadata());
    assertArrayEquals(plain, rotated.get("m/x.bin").readAllBytes());
    assertEquals(Integer.toUnsignedString(rotated.primaryKeyId()), keyIds().get("m/x.bin"));
  }
}
