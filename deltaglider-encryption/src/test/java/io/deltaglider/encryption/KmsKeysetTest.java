package io.deltaglider.encryption;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig2026;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import com.google.crypto.tink.streamingaead.StreamingAeadConfig2026;
import io.deltaglider.DeltaStore;
import io.deltaglider.spi.InMemoryBackend;
import java.security.GeneralSecurityException;
import org.junit.jupiter.api.Test;

/**
 * The README's KMS flow: the streaming key set is kept encrypted under a key-encryption key (here
 * a local AEAD standing in for {@code KmsClient.getAead(uri)}) and opened with it at start.
 */
class KmsKeysetTest {
  @Test
  void aKeysetStoredEncryptedUnderAKmsKeyOpensAndReadsTheStore() throws Exception {
    Aead kek = KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM, AeadConfig2026.get())
        .getPrimitive(AeadConfig2026.get(), Aead.class);
    KeysetHandle keys = Keys.fresh(Keys.SEG_1MB);
    String saved = TinkJsonProtoKeysetFormat.serializeEncryptedKeyset(keys, kek, new byte[0], StreamingAeadConfig2026.get());
    String material = java.util.Base64.getEncoder().encodeToString(
        ((com.google.crypto.tink.streamingaead.AesGcmHkdfStreamingKey) keys.getPrimary().getKey())
            .getInitialKeyMaterial().toByteArray(com.google.crypto.tink.InsecureSecretKeyAccess.get()));
    assertTrue(TinkJsonProtoKeysetFormat.serializeKeyset(keys, StreamingAeadConfig2026.get(),
        com.google.crypto.tink.InsecureSecretKeyAccess.get())
        .length() > 0);
    assertFalse(saved.contains(material.substring(0, 20)), "no key material in the clear");

    InMemoryBackend inner = new InMemoryBackend();
    byte[] content = Fixtures.random(100_000, 1);
    try (DeltaStore store = DeltaStore.builder().backend(EncryptingBackend.wrap(inner, keys)).build()) {
      store.put("k/app-1.zip", content);
    }
    KeysetHandle reopened = TinkJsonProtoKeysetFormat.parseEncryptedKeyset(saved, kek, new byte[0], StreamingAeadConfig2026.get());
    try (DeltaStore store = DeltaStore.builder().backend(EncryptingBackend.wrap(inner, reopened)).build()) {
      assertArrayEquals(content, store.get("k/app-1.zip"));
    }
    Aead otherKek = KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM, AeadConfig2026.get())
        .getPrimitive(AeadConfig2026.get(), Aead.class);
    assertThrows(GeneralSecurityException.class,
        () -> TinkJsonProtoKeysetFormat.parseEncryptedKeyset(saved, otherKek, new byte[0], StreamingAeadConfig2026.get()));
  }
}
