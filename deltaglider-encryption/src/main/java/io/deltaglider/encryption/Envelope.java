package io.deltaglider.encryption;

import io.deltaglider.encryption.DecryptionException.Reason;
import io.deltaglider.spi.BlobListings;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * One object's encryption metadata and what it authenticates (FORMAT.md sections 9.2 and 9.3):
 * the caller's metadata plus the {@code dg-enc-*} entries, as the caller gave them ("logical"),
 * and the associated data binding them and the raw key to the ciphertext.
 */
final class Envelope {
  /** Marks a value the decorator stored in base64 (FORMAT.md section 10.2): RFC 2047's form, so S3 passes it unchanged. */
  private static final String ENCODED_PREFIX = "=?UTF-8?B?";
  private static final String ENCODED_SUFFIX = "?=";

  final String rawKey;
  final int keyId;
  final long plainSize;
  /** The caller's entries plus the {@code dg-enc-*} ones, values decoded: what the associated data covers. */
  final Map<String, String> logical;

  private Envelope(String rawKey, int keyId, long plainSize, Map<String, String> logical) {
    this.rawKey = rawKey;
    this.keyId = keyId;
    this.plainSize = plainSize;
    this.logical = logical;
  }

  /** A new object's envelope: the caller's metadata sealed with the key id and plaintext size. */
  static Envelope seal(String rawKey, Map<String, String> caller, int keyId, long plainSize) {
    for (String name : caller.keySet()) {
      if (name.startsWith(EncryptionMetadata.PREFIX)) {
        throw new IllegalArgumentException("metadata name " + name + " is reserved for the encryption decorator");
      }
    }
    Map<String, String> logical = new HashMap<>(caller);
    logical.put(EncryptionMetadata.SCHEME, EncryptionMetadata.SCHEME_V1);
    logical.put(EncryptionMetadata.KEY_ID, Integer.toUnsignedString(keyId));
    logical.put(EncryptionMetadata.PLAIN_SIZE, Long.toString(plainSize));
    return new Envelope(rawKey, keyId, plainSize, Map.copyOf(logical));
  }

  /** The same object with other caller metadata, re-sealed under {@code keyId}. */
  Envelope reseal(Map<String, String> caller, int keyId) {
    return seal(rawKey, caller, keyId, plainSize);
  }

  static boolean isEncrypted(Map<String, String> stored) {
    return stored.containsKey(EncryptionMetadata.SCHEME);
  }

  /** The envelope of a stored object, from the metadata the inner backend returned. */
  static Envelope open(String rawKey, Map<String, String> stored) throws DecryptionException {
    String scheme = stored.get(EncryptionMetadata.SCHEME);
    if (scheme == null) {
      throw new DecryptionException(rawKey, Reason.NOT_ENCRYPTED, "it carries no " + EncryptionMetadata.SCHEME
          + ": it was not stored encrypted", null);
    }
    if (!scheme.equals(EncryptionMetadata.SCHEME_V1)) {
      throw malformed(rawKey, "unknown encryption scheme '" + scheme + "'", null);
    }
    Map<String, String> logical = new HashMap<>();
    for (Map.Entry<String, String> e : stored.entrySet()) {
      logical.put(e.getKey(), decode(rawKey, e.getValue()));
    }
    long size = decimal(logical.get(EncryptionMetadata.PLAIN_SIZE), Long.MAX_VALUE);
    long id = decimal(logical.get(EncryptionMetadata.KEY_ID), 0xFFFF_FFFFL);
    if (size < 0 || id < 0) {
      throw malformed(rawKey, "invalid " + EncryptionMetadata.PLAIN_SIZE + " or " + EncryptionMetadata.KEY_ID, null);
    }
    return new Envelope(rawKey, (int) id, size, Map.copyOf(logical));
  }

  /** The caller's metadata: the logical map without the {@code dg-enc-*} entries. */
  Map<String, String> callerMetadata() {
    Map<String, String> m = new HashMap<>(logical);
    m.keySet().removeIf(n -> n.startsWith(EncryptionMetadata.PREFIX));
    return m;
  }

  /** The metadata handed to the inner backend: values outside printable ASCII (or looking encoded) in base64. */
  Map<String, String> stored() {
    Map<String, String> m = new HashMap<>();
    for (Map.Entry<String, String> e : logical.entrySet()) {
      m.put(e.getKey(), encode(e.getValue()));
    }
    return m;
  }

  /**
   * FORMAT.md section 10.3: the scheme, the raw key and every logical entry in UTF-8 byte order of
   * names, each as a 4-byte big-endian length and its UTF-8 bytes, the entries after their count.
   */
  byte[] associatedData() {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    field(out, EncryptionMetadata.SCHEME_V1);
    field(out, rawKey);
    Map<String, String> sorted = new TreeMap<>(BlobListings.UTF8_ORDER);
    sorted.putAll(logical);
    u32(out, sorted.size());
    for (Map.Entry<String, String> e : sorted.entrySet()) {
      field(out, e.getKey());
      field(out, e.getValue());
    }
    return out.toByteArray();
  }

  private static void field(ByteArrayOutputStream out, String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    u32(out, b.length);
    out.writeBytes(b);
  }

  private static void u32(ByteArrayOutputStream out, int v) {
    out.write(v >>> 24);
    out.write(v >>> 16);
    out.write(v >>> 8);
    out.write(v);
  }

  static String encode(String value) {
    boolean plain = !value.startsWith("=?");
    for (int i = 0; plain && i < value.length(); i++) {
      char c = value.charAt(i);
      plain = c >= 0x20 && c <= 0x7E;
    }
    return plain ? value
        : ENCODED_PREFIX + Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8)) + ENCODED_SUFFIX;
  }

  private static String decode(String rawKey, String value) throws DecryptionException {
    if (!value.startsWith(ENCODED_PREFIX) || !value.endsWith(ENCODED_SUFFIX)
        || value.length() < ENCODED_PREFIX.length() + ENCODED_SUFFIX.length()) {
      return value;
    }
    try {
      byte[] b = Base64.getDecoder().decode(value.substring(ENCODED_PREFIX.length(), value.length() - ENCODED_SUFFIX.length()));
      return new String(b, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw malformed(rawKey, "a metadata value is not valid base64: " + value, e);
    }
  }

  /** A plain decimal of at most 19 digits not above {@code max}, else -1. */
  private static long decimal(String s, long max) {
    if (s == null || s.isEmpty() || s.length() > 19 || (s.length() > 1 && s.charAt(0) == '0')) {
      return -1;
    }
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return -1;
      }
    }
    try {
      long v = Long.parseLong(s);
      return v <= max ? v : -1;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static DecryptionException malformed(String rawKey, String why, Throwable cause) {
    return new DecryptionException(rawKey, Reason.MALFORMED_METADATA, why, cause);
  }
}
