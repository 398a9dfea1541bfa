package io.deltaglider.encryption;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.Parameters;
import com.google.crypto.tink.streamingaead.PredefinedStreamingAeadParameters;
import com.google.crypto.tink.streamingaead.StreamingAeadConfig2026;
import java.security.GeneralSecurityException;

/** Key sets for the tests. */
final class Keys {
  static final Parameters SEG_4KB = PredefinedStreamingAeadParameters.AES256_GCM_HKDF_4KB;
  static final Parameters SEG_1MB = PredefinedStreamingAeadParameters.AES256_GCM_HKDF_1MB;

  private Keys() {}

  static KeysetHandle fresh(Parameters p) throws GeneralSecurityException {
    return KeysetHandle.generateNew(p, StreamingAeadConfig2026.get());
  }

  /** A builder that makes keys with Tink's streaming AEAD configuration (no global registry). */
  static KeysetHandle.Builder builder(KeysetHandle base) {
    KeysetHandle.Builder b = base == null ? KeysetHandle.newBuilder() : KeysetHandle.newBuilder(base);
    return b.setConfiguration(StreamingAeadConfig2026.get());
  }

  /** {@code old} plus a new key of the same parameters, made primary. */
  static KeysetHandle rotated(KeysetHandle old) throws GeneralSecurityException {
    return builder(old)
        .addEntry(KeysetHandle.generateEntryFromParameters(old.getPrimary().getKey().getParameters()).withRandomId()
            .makePrimary())
        .build();
  }

  /** {@code handle} without the key {@code id}. */
  static KeysetHandle without(KeysetHandle handle, int id) throws GeneralSecurityException {
    KeysetHandle.Builder b = builder(handle);
    for (int i = 0; i < handle.size(); i++) {
      if (handle.getAt(i).getId() == id) {
        b.deleteAt(i);
        break;
      }
    }
    return b.build();
  }
}
