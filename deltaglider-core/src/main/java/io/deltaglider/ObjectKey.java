package io.deltaglider;

import io.deltaglider.spi.KeyRules;

/**
 * A validated user key split into its deltaspace (the parent path) and name, with the raw keys
 * its stored forms live under. Validation ({@link KeyRules}) happens before any I/O, so a bad key
 * writes nothing.
 */
final class ObjectKey {
  static final String REFERENCE = KeyRules.REFERENCE;
  static final String DELTA_SUFFIX = KeyRules.DELTA_SUFFIX;

  final String key;
  /** Parent path without trailing slash; empty for keys at the root. */
  final String deltaspace;
  final String name;
  /**
   * Why this is no user key, for a key that is one of the layout's reserved names (null for user
   * keys): only a file another tool put under this raw key can be read through it.
   */
  final String reserved;

  private ObjectKey(String key, String reserved) {
    int slash = key.lastIndexOf('/');
    this.key = key;
    this.deltaspace = slash < 0 ? "" : key.substring(0, slash);
    this.name = key.substring(slash + 1);
    this.reserved = reserved;
  }

  /** A user key: what writes (and reads of the store's own objects) accept. */
  static ObjectKey parse(String key) throws InvalidKeyException {
    KeyRules.validate(key);
    return new ObjectKey(key, null);
  }

  /**
   * A key to read: a user key, or a reserved name ({@code x.delta}, {@code reference.bin}, any
   * case) that may hold a foreign file (FORMAT.md section 2.7); lookups refuse the latter unless
   * one does.
   */
  static ObjectKey forRead(String key) throws InvalidKeyException {
    String why = KeyRules.userKeyProblem(key);
    if (why == null) {
      return new ObjectKey(key, null);
    }
    if (!KeyRules.isReservedName(key)) {
      throw new InvalidKeyException(key, why);
    }
    return new ObjectKey(key, why);
  }

  /** The refusal of a reserved name that holds no foreign file. */
  InvalidKeyException refusal() {
    return new InvalidKeyException(key, reserved);
  }

  /** Prefix of every raw key in this deltaspace ({@code ds/}, or empty at the root). */
  static String deltaspacePrefix(String deltaspace) {
    return deltaspace.isEmpty() ? "" : deltaspace + "/";
  }

  String referenceKey() {
    return deltaspacePrefix(deltaspace) + REFERENCE;
  }

  String deltaKey() {
    return key + DELTA_SUFFIX;
  }

  String passthroughKey() {
    return key;
  }

  /** The user key a raw key shows as, or {@code null} for references and their expansion maps. */
  static String userKeyOf(String rawKey) {
    int slash = rawKey.lastIndexOf('/');
    String name = rawKey.substring(slash + 1);
    if (name.equals(REFERENCE) || name.equals(ExpansionMap.KEY_NAME)) {
      return null;
    }
    if (name.endsWith(DELTA_SUFFIX)) {
      return rawKey.substring(0, rawKey.length() - DELTA_SUFFIX.length());
    }
    return rawKey;
  }

  @Override
  public String toString() {
    return key;
  }
}
