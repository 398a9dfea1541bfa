package io.deltaglider.encryption;

import io.deltaglider.spi.MetadataNames;

/**
 * The metadata names {@link EncryptingBackend} adds to every object it stores (FORMAT.md section
 * 9.2). They all start with {@value #PREFIX}, which is reserved: the decorator refuses a caller's
 * metadata using it, and strips these names from what {@code head} and {@code list} return.
 */
public final class EncryptionMetadata {
  private EncryptionMetadata() {}

  /** The reserved prefix of the names below ({@link MetadataNames#ENCRYPTION_PREFIX}). */
  public static final String PREFIX = MetadataNames.ENCRYPTION_PREFIX;
  /** How the object is encrypted: {@value #SCHEME_V1}. */
  public static final String SCHEME = "dg-enc-scheme";
  /** The Tink key id (unsigned 32-bit, decimal) of the key the object was encrypted with. */
  public static final String KEY_ID = "dg-enc-key-id";
  /** The plaintext's length, decimal: the size {@code head} and listings report. */
  public static final String PLAIN_SIZE = "dg-enc-plain-size";
  /**
   * Tink streaming AEAD with an AES-GCM-HKDF key, associated data as FORMAT.md section 10.3 lays it
   * out, values outside printable ASCII encoded as in section 10.2.
   */
  public static final String SCHEME_V1 = "tink-aes-gcm-hkdf-streaming/1";
}
