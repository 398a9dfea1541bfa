package io.deltaglider.encryption;

import com.google.crypto.tink.KeyStatus;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.StreamingAead;
import com.google.crypto.tink.streamingaead.AesGcmHkdfStreamingKey;
import com.google.crypto.tink.streamingaead.StreamingAeadConfig2026;
import java.security.GeneralSecurityException;
import java.util.HashMap;
import java.util.Map;

/**
 * The host's key set, one streaming AEAD per enabled key. Tink's streaming ciphertexts name no key,
 * so a key set's own primitive would try each key in turn; the decorator records the key id in the
 * object's metadata instead and decrypts with that key alone, which also tells "key not held" from
 * "does not authenticate". Primitives come from Tink's fixed streaming AEAD configuration, not its
 * global registry, so nothing needs registering.
 */
final class Keyring {
  /** One enabled key: its id, its primitive and its ciphertext layout. */
  static final class Key {
    final int id;
    final StreamingAead aead;
    final SegmentLayout layout;

    Key(int id, StreamingAead aead, SegmentLayout layout) {
      this.id = id;
      this.aead = aead;
      this.layout = layout;
    }
  }

  private final Map<Integer, Key> keys = new HashMap<>();
  final Key primary;
  /** The layout every key shares, or null if they differ (listings then cannot derive sizes arithmetically). */
  final SegmentLayout commonLayout;

  Keyring(KeysetHandle handle) throws GeneralSecurityException {
    SegmentLayout common = null;
    boolean mixed = false;
    for (int i = 0; i < handle.size(); i++) {
      KeysetHandle.Entry e = handle.getAt(i);
      if (e.getStatus() != KeyStatus.ENABLED) {
        continue;
      }
      if (!(e.getKey() instanceof AesGcmHkdfStreamingKey)) {
        throw new IllegalArgumentException("key " + Integer.toUnsignedString(e.getId())
            + " is not an AES-GCM-HKDF streaming key: " + e.getKey().getParameters());
      }
      AesGcmHkdfStreamingKey key = (AesGcmHkdfStreamingKey) e.getKey();
      SegmentLayout layout = SegmentLayout.of(key.getParameters());
      KeysetHandle single = KeysetHandle.newBuilder()
          .addEntry(KeysetHandle.importKey(key).withFixedId(e.getId()).makePrimary())
          .build();
      keys.put(e.getId(), new Key(e.getId(), single.getPrimitive(StreamingAeadConfig2026.get(), StreamingAead.class), layout));
      mixed |= common != null && !common.equals(layout);
      common = layout;
    }
    this.primary = keys.get(handle.getPrimary().getId());
    if (primary == null) {
      throw new IllegalArgumentException("the key set's primary key is not enabled");
    }
    this.commonLayout = mixed ? null : common;
  }

  /** The enabled key with this id, or null. */
  Key get(int id) {
    return keys.get(id);
  }
}
