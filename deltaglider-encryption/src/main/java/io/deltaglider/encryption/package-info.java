/**
 * Client-side encryption at rest: {@link io.deltaglider.encryption.EncryptingBackend} wraps any
 * {@link io.deltaglider.spi.StorageBackend} and stores every object as Tink streaming AEAD
 * ciphertext (AES-GCM-HKDF), its raw key and metadata authenticated, with ranged reads by segment
 * and key rotation ({@link io.deltaglider.encryption.EncryptingBackend#reencrypt}). The format is
 * FORMAT.md section 10; failures to decrypt are {@link io.deltaglider.encryption.DecryptionException}s.
 */
package io.deltaglider.encryption;
