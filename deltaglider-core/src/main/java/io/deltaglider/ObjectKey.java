package io.deltaglider;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A validated user key split into its deltaspace (the parent path) and name, with the raw keys
 * its stored forms live under. Validation happens before any I/O, so a bad key writes nothing.
 * Public only for {@link #validate}, so that a caller storing many objects can check all their
 * keys before it stores the first.
 */
public final class ObjectKey {
  static final String REFERENCE = "reference.bin";
  static final String DELTA_SUFFIX = ".delta";
  /** S3's limit, in UTF-8 bytes; the raw delta key adds {@value #DELTA_SUFFIX}. */
  static final int MAX_KEY_BYTES = 1024 - DELTA_SUFFIX.length();

  final String key;
  /** Parent path without trailing slash; empty for keys at the root. */
  final String deltaspace;
  final String name;

  private ObjectKey(String key, String deltaspace, String name) {
    this.key = key;
    this.deltaspace = deltaspace;
    this.name = name;
  }

  /** Throws what {@link DeltaStore#put} would throw for {@code key} before reading anything. */
  public static void validate(String key) throws InvalidKeyException {
    parse(key);
  }

  static ObjectKey parse(String key) throws InvalidKeyException {
    if (key == null || key.isEmpty()) {
      throw new InvalidKeyException(key, "empty");
    }
    if (key.getBytes(StandardCharsets.UTF_8).length > MAX_KEY_BYTES) {
      throw new InvalidKeyException(key, "longer than " + MAX_KEY_BYTES + " UTF-8 bytes");
    }
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c == 0) {
        throw new InvalidKeyException(key, "contains NUL");
      }
      if (c < 0x20 || (c >= 0x7F && c <= 0x9F)) { // C0, DEL and C1
        throw new InvalidKeyException(key, "contains a control character (" + codePoint(c) + ")");
      }
      if (isBidiControl(c)) {
        // Reorders what a terminal shows: an override (U+202E) before "gnp.exe" displays "exe.png".
        throw new InvalidKeyException(key, "contains a bidirectional formatting character (" + codePoint(c) + ")");
      }
      if (c == '\\') {
        throw new InvalidKeyException(key, "contains a backslash");
      }
      if (Character.isHighSurrogate(c)) {
        if (i + 1 >= key.length() || !Character.isLowSurrogate(key.charAt(i + 1))) {
          throw new InvalidKeyException(key, "is not well-formed Unicode");
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        throw new InvalidKeyException(key, "is not well-formed Unicode");
      }
    }
    String[] segments = key.split("/", -1);
    for (String s : segments) {
      if (s.isEmpty()) {
        throw new InvalidKeyException(key, "has an empty path segment (leading, trailing or double slash)");
      }
      if (s.equals(".") || s.equals("..")) {
        throw new InvalidKeyException(key, "has a '" + s + "' path segment");
      }
      // Any case: on a case-insensitive file system REFERENCE.BIN is the reference's file.
      if (s.equalsIgnoreCase(REFERENCE)) {
        throw new InvalidKeyException(key, "'" + REFERENCE + "' is reserved for deltaspace references");
      }
    }
    String name = segments[segments.length - 1];
    // Any case too: on a case-insensitive file system x.DELTA is the file of x's delta.
    if (name.regionMatches(true, name.length() - DELTA_SUFFIX.length(), DELTA_SUFFIX, 0, DELTA_SUFFIX.length())) {
      throw new InvalidKeyException(key, "names ending in '" + DELTA_SUFFIX + "' are reserved for stored deltas");
    }
    int slash = key.lastIndexOf('/');
    return new ObjectKey(key, slash < 0 ? "" : key.substring(0, slash), name);
  }

  /**
   * U+061C, U+200E, U+200F, U+202A..U+202E and U+2066..U+2069: the marks, embeddings, overrides
   * and isolates of the Unicode bidirectional algorithm.
   */
  private static boolean isBidiControl(int c) {
    return c == 0x061C || c == 0x200E || c == 0x200F || (c >= 0x202A && c <= 0x202E)
        || (c >= 0x2066 && c <= 0x2069);
  }

  private static String codePoint(char c) {
    return String.format(Locale.ROOT, "U+%04X", (int) c);
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

  /** The user key a raw key shows as, or {@code null} for references. */
  static String userKeyOf(String rawKey) {
    int slash = rawKey.lastIndexOf('/');
    String name = rawKey.substring(slash + 1);
    if (name.equals(REFERENCE)) {
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
