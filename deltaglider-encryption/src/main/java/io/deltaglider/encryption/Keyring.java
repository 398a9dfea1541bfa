package io.deltaglider.encryption;

import com.google.crypto.tink.KeyStatus;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.StreamingAead;
import com.google.crypto.tink.streamingaead.AesGcmHkdfStreamingKey;
import com.google.crypto.tink.subtle.AesGcmHkdfStreaming;
import java.security.GeneralSecurityException;
import java.util.HashMap;
import java.util.Map;

/**
 * The host's key set, one streaming AEAD per enabled key. Tink's streaming ciphertexts name no key,
 * so a key set's own primitive tries each key in turn, buffering the ciphertext to rewind it; the
 * decorator records the key id in the object's metadata instead and decrypts with that key's
 * primitive alone (Tink's AES-GCM-HKDF streaming class, made from the key object: nothing to
 * register, no rewind buffer, measurably faster on a whole read than the key set's wrapper), which
 * also tells "key not held" from "does not authenticate".
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
      keys.put(e.getId(), new Key(e.getId(), AesGcmHkdfStreaming.create(key), layout));
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
