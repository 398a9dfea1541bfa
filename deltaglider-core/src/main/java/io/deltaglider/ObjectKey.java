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

  private ObjectKey(String key, String deltaspace, String name) {
    this.key = key;
    this.deltaspace = deltaspace;
    this.name = name;
  }

  static ObjectKey parse(String key) throws InvalidKeyException {
    KeyRules.validate(key);
    int slash = key.lastIndexOf('/');
    return new ObjectKey(key, slash < 0 ? "" : key.substring(0, slash), key.substring(slash + 1));
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
