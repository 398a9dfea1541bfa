package io.deltaglider.storage.fs;

import io.deltaglider.InvalidKeyException;
import io.deltaglider.spi.KeyRules;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps keys to files (FORMAT.md section 5.1): raw key {@code a/b/c} is the file {@code ROOT/a/b/c},
 * one path segment per key segment, and never anything outside the root. Which segments a key may
 * have is core's rule, {@link KeyRules#segmentProblem}; file names add their own limits: at most 255
 * bytes (less the bytes that name a sidecar, in sidecar mode), no non-ASCII character on a JVM that
 * does not decode file names as UTF-8, at most 4096 characters per key. Thread-safe.
 */
final class KeyPaths {
  private static final Logger log = LoggerFactory.getLogger(KeyPaths.class);

  /** Names of the backend's own files contain this character, which keys cannot (FORMAT.md section 5.5). */
  static final char OWN = '\\';
  static final int NAME_MAX = 255;
  static final int MAX_KEY_CHARS = 4096;

  private final Path root;
  private final boolean unicodeNames;
  private final IntSupplier sidecarNameBytes;

  /**
   * @param root the store's real path
   * @param unicodeNames whether this JVM decodes file names as UTF-8 ({@link #jvmDecodesNamesAsUtf8})
   * @param sidecarNameBytes bytes a file name must leave for its sidecar's name: 0 without sidecars;
   *     asked at every check, since AUTO mode may turn to sidecars at the first write
   */
  KeyPaths(Path root, boolean unicodeNames, IntSupplier sidecarNameBytes) {
    this.root = root;
    this.unicodeNames = unicodeNames;
    this.sidecarNameBytes = sidecarNameBytes;
  }

  /** Whether this JVM decodes file names as UTF-8; warns once per call if not. */
  static boolean jvmDecodesNamesAsUtf8() {
    String jnu = System.getProperty("sun.jnu.encoding", "UTF-8");
    boolean utf8 = jnu.equalsIgnoreCase("UTF-8") || jnu.equalsIgnoreCase("UTF8");
    if (!utf8) {
      log.warn("file names are decoded as {} in this JVM (sun.jnu.encoding), not UTF-8: keys with non-ASCII "
          + "characters will be refused; run with a UTF-8 locale (e.g. LANG=C.UTF-8)", jnu);
    }
    return utf8;
  }

  Path root() {
    return root;
  }

  /** The file of {@code key}, which is always strictly inside the root. */
  Path pathOf(String key) throws InvalidKeyException {
    if (key == null || key.isEmpty()) {
      throw new InvalidKeyException(key, "empty");
    }
    if (key.length() > MAX_KEY_CHARS) {
      throw new InvalidKeyException(key, "longer than " + MAX_KEY_CHARS + " characters");
    }
    String[] segments = key.split("/", -1);
    Path p = root;
    for (String seg : segments) {
      String why = segmentProblem(seg);
      if (why != null) {
        throw new InvalidKeyException(key, why);
      }
      p = p.resolve(seg);
    }
    if (!p.normalize().equals(p) || !p.startsWith(root) || p.getNameCount() != root.getNameCount() + segments.length) {
      throw new InvalidKeyException(key, "does not map to a file inside the store");
    }
    return p;
  }

  /** Whether a key can have {@code name} as a path segment here. */
  boolean isKeyName(String name) {
    return segmentProblem(name) == null;
  }

  /** Why {@code seg} cannot be a path segment of a key here, or null if it can. */
  String segmentProblem(String seg) {
    String why = KeyRules.segmentProblem(seg);
    if (why != null) {
      return why;
    }
    if (!unicodeNames) {
      for (int i = 0; i < seg.length(); i++) {
        if (seg.charAt(i) > 0x7F) {
          return "non-ASCII character, but this JVM does not decode file names as UTF-8";
        }
      }
    }
    int bytes = seg.getBytes(StandardCharsets.UTF_8).length;
    int reserved = sidecarNameBytes.getAsInt();
    int limit = NAME_MAX - reserved;
    if (bytes > limit) {
      return nameTooLong(seg, bytes, limit, reserved);
    }
    return null;
  }

  /**
   * Says what is too long in the user's terms: the store saves an object as a delta under its name
   * plus {@code .delta}, so counting the raw file name alone (261 bytes for a 255-byte name) reads
   * as if the user had given a name longer than they did.
   */
  private static String nameTooLong(String seg, int bytes, int limit, int reserved) {
    String over = "over the limit of " + limit + " bytes per file name" + (reserved > 0
        ? " (the filesystem's " + NAME_MAX + ", less the " + reserved + " bytes that name the sidecar file)"
        : " of this filesystem");
    String suffix = KeyRules.DELTA_SUFFIX;
    if (seg.endsWith(suffix)) {
      return "the object name is " + (bytes - suffix.length()) + " bytes; stored as a delta, with the "
          + suffix + " suffix, its file name would be " + bytes + " bytes, " + over
          + ": names of objects stored as deltas can be at most " + (limit - suffix.length()) + " bytes";
    }
    return "a name of " + bytes + " bytes, " + over;
  }

  /**
   * Where a listing or scan of a key prefix starts: the directory of the prefix's last {@code /}
   * ({@code dirKey} is the prefix up to it), and the start of the names in it ({@code namePrefix},
   * possibly empty). A prefix may end mid-name, as on S3.
   */
  record Prefix(Path dir, String dirKey, String namePrefix) {}

  /** Where the keys under {@code prefix} are, or null if no key can be under it. */
  Prefix prefix(String prefix) {
    int slash = prefix.lastIndexOf('/');
    String dirKey = prefix.substring(0, slash + 1);
    String rest = prefix.substring(slash + 1);
    Path dir = root;
    if (!dirKey.isEmpty()) {
      for (String seg : dirKey.substring(0, dirKey.length() - 1).split("/", -1)) {
        if (!isKeyName(seg)) {
          return null;
        }
        dir = dir.resolve(seg);
      }
    }
    if (rest.indexOf(OWN) >= 0) {
      return null;
    }
    return new Prefix(dir, dirKey, rest);
  }
}
