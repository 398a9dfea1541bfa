package io.deltaglider.spi;

import io.deltaglider.InvalidKeyException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Which keys the store accepts (FORMAT.md section 2.4), defined once for the store and every
 * backend. A user key is one or more {@code /}-separated segments; the raw keys a backend receives
 * are user keys plus the store's own names ({@value #REFERENCE}, a {@value #DELTA_SUFFIX} suffix),
 * so every raw key passes {@link #segmentProblem} segment by segment.
 */
public final class KeyRules {
  /** A deltaspace's reference: the last segment of its raw key. */
  public static final String REFERENCE = "reference.bin";
  /** Appended to a user key to name its delta's raw key. */
  public static final String DELTA_SUFFIX = ".delta";
  /** S3's limit on a raw key, in UTF-8 bytes. */
  public static final int MAX_RAW_KEY_BYTES = 1024;
  /** The longest user key, in UTF-8 bytes: its delta's raw key must fit {@link #MAX_RAW_KEY_BYTES}. */
  public static final int MAX_USER_KEY_BYTES = MAX_RAW_KEY_BYTES - DELTA_SUFFIX.length();

  private KeyRules() {}

  /** Throws {@link InvalidKeyException} if {@code key} cannot be a user key: what a put would refuse before reading anything. */
  public static void validate(String key) throws InvalidKeyException {
    String why = userKeyProblem(key);
    if (why != null) {
      throw new InvalidKeyException(key, why);
    }
  }

  /** Why {@code key} cannot be a user key, or null if it can. */
  public static String userKeyProblem(String key) {
    if (key == null || key.isEmpty()) {
      return "empty";
    }
    if (key.getBytes(StandardCharsets.UTF_8).length > MAX_USER_KEY_BYTES) {
      return "longer than " + MAX_USER_KEY_BYTES + " UTF-8 bytes";
    }
    String[] segments = key.split("/", -1);
    for (String s : segments) {
      String why = segmentProblem(s);
      if (why != null) {
        return why;
      }
      // Any case: on a case-insensitive file system REFERENCE.BIN is the reference's file.
      if (s.equalsIgnoreCase(REFERENCE)) {
        return "'" + REFERENCE + "' is reserved for deltaspace references";
      }
    }
    String name = segments[segments.length - 1];
    // Any case too: on a case-insensitive file system x.DELTA is the file of x's delta.
    if (hasDeltaSuffix(name)) {
      return "names ending in '" + DELTA_SUFFIX + "' are reserved for stored deltas";
    }
    return null;
  }

  /**
   * Whether {@code key} is refused as a user key only for holding a reserved name: it is a valid
   * raw key (at most {@value #MAX_RAW_KEY_BYTES} bytes, every segment sound) that the layout
   * names. Such a key may still name a file another tool put there, which the store reads under
   * its raw key when its metadata is not DeltaGlider's (FORMAT.md section 2.7).
   */
  public static boolean isReservedName(String key) {
    if (key == null || key.isEmpty() || key.getBytes(StandardCharsets.UTF_8).length > MAX_RAW_KEY_BYTES) {
      return false;
    }
    boolean reserved = false;
    String[] segments = key.split("/", -1);
    for (String s : segments) {
      if (segmentProblem(s) != null) {
        return false;
      }
      reserved |= s.equalsIgnoreCase(REFERENCE);
    }
    return reserved || hasDeltaSuffix(segments[segments.length - 1]);
  }

  /** Whether a name ends in {@value #DELTA_SUFFIX}, in any case. */
  private static boolean hasDeltaSuffix(String name) {
    return name.regionMatches(true, name.length() - DELTA_SUFFIX.length(), DELTA_SUFFIX, 0, DELTA_SUFFIX.length());
  }

  /**
   * Why {@code segment} cannot be a segment of a key (user or raw), or null if it can: empty,
   * {@code .} and {@code ..}, control characters (C0, DEL, C1), bidirectional formatting
   * characters, backslashes and unpaired surrogates are refused.
   */
  public static String segmentProblem(String segment) {
    if (segment.isEmpty()) {
      return "has an empty path segment (leading, trailing or double slash)";
    }
    if (segment.equals(".") || segment.equals("..")) {
      return "has a '" + segment + "' path segment";
    }
    for (int i = 0; i < segment.length(); i++) {
      char c = segment.charAt(i);
      if (c == 0) {
        return "contains NUL";
      }
      if (c < 0x20 || (c >= 0x7F && c <= 0x9F)) { // C0, DEL and C1
        return "contains a control character (" + codePoint(c) + ")";
      }
      if (isBidiControl(c)) {
        // Reorders what a terminal shows: an override (U+202E) before "gnp.exe" displays "exe.png".
        return "contains a bidirectional formatting character (" + codePoint(c) + ")";
      }
      if (c == '\\') {
        return "contains a backslash";
      }
      if (Character.isHighSurrogate(c)) {
        if (i + 1 >= segment.length() || !Character.isLowSurrogate(segment.charAt(i + 1))) {
          return "is not well-formed Unicode";
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return "is not well-formed Unicode";
      }
    }
    return null;
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
}
