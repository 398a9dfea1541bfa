package io.deltaglider;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * DeltaGlider's object metadata ({@code dg-*} names, FORMATS.md section 2), read in every spelling
 * the Python tool and the proxy ever wrote (bare names, underscores, {@code zero-diff} and
 * {@code direct} notes) and written in the current one. Values from storage are untrusted: the
 * accessors validate what they return.
 */
final class StoredMetadata {
  static final String TOOL = "dg-tool";
  static final String ORIGINAL_NAME = "dg-original-name";
  static final String FILE_SHA256 = "dg-file-sha256";
  static final String FILE_SIZE = "dg-file-size";
  /** Hex MD5 of the original bytes (the S3 ETag); the proxy's name, required by its filesystem backend. */
  static final String MD5 = "dg-md5";
  static final String CREATED_AT = "dg-created-at";
  static final String NOTE = "dg-note";
  static final String SOURCE_NAME = "dg-source-name";
  static final String REF_KEY = "dg-ref-key";
  static final String REF_PATH = "dg-ref-path";
  static final String REF_SHA256 = "dg-ref-sha256";
  static final String DELTA_SIZE = "dg-delta-size";
  static final String DELTA_CMD = "dg-delta-cmd";
  static final String COMPRESSION = "dg-compression";
  /** Ours: the caller's content type and metadata, kept beside DeltaGlider's names. */
  static final String CONTENT_TYPE = "dg-content-type";
  static final String USER_PREFIX = "dg-user-";
  /** {@code dg-original-name} of a deltaspace's reference, as the proxy writes it. */
  static final String REFERENCE_NAME = "__reference__";

  private final Map<String, String> values;
  /** True when any name was in a legacy spelling (so {@code migrate} should rewrite it). */
  final boolean legacy;

  private StoredMetadata(Map<String, String> values, boolean legacy) {
    this.values = values;
    this.legacy = legacy;
  }

  /** Normalises every known spelling: {@code file_sha256}, {@code dg_file_sha256}, {@code Dg-File-Sha256}. */
  static StoredMetadata parse(Map<String, String> raw) {
    Map<String, String> out = new HashMap<>();
    boolean legacy = false;
    for (Map.Entry<String, String> e : raw.entrySet()) {
      String name = e.getKey().toLowerCase(Locale.ROOT);
      String canonical = name.replace('_', '-');
      if (!canonical.startsWith("dg-")) {
        canonical = "dg-" + canonical;
      }
      if (!canonical.equals(name)) {
        legacy = true;
      }
      // A current spelling wins over a legacy one of the same field.
      if (canonical.equals(name) || !out.containsKey(canonical)) {
        out.put(canonical, e.getValue() == null ? "" : e.getValue().strip());
      }
    }
    String note = out.get(NOTE);
    if (note != null && (note.startsWith("zero-diff") || note.equals("direct"))) {
      legacy = true;
    }
    return new StoredMetadata(out, legacy);
  }

  /**
   * Whether two metadata maps describe the same stored version: same digests, size and creation
   * time. Only these fields are compared, so a backend that adds or rewrites other entries does
   * not make every version look new.
   */
  static boolean sameVersion(Map<String, String> a, Map<String, String> b) {
    StoredMetadata x = parse(a);
    StoredMetadata y = parse(b);
    for (String name : new String[] {FILE_SHA256, FILE_SIZE, CREATED_AT, REF_SHA256}) {
      if (!java.util.Objects.equals(x.get(name), y.get(name))) {
        return false;
      }
    }
    return true;
  }

  String get(String name) {
    return values.get(name);
  }

  /** The SHA-256 of the original bytes, validated, or {@code null}. */
  String fileSha256() {
    String v = values.get(FILE_SHA256);
    return v != null && Sha256.isHex(v.toLowerCase(Locale.ROOT)) ? v.toLowerCase(Locale.ROOT) : null;
  }

  String refSha256() {
    String v = values.get(REF_SHA256);
    return v != null && Sha256.isHex(v.toLowerCase(Locale.ROOT)) ? v.toLowerCase(Locale.ROOT) : null;
  }

  /** The original size, or -1 if absent or not a non-negative number. */
  long fileSize() {
    return parseSize(values.get(FILE_SIZE));
  }

  long deltaSize() {
    return parseSize(values.get(DELTA_SIZE));
  }

  private static long parseSize(String v) {
    if (v == null || v.isEmpty() || v.length() > 19) {
      return -1;
    }
    for (int i = 0; i < v.length(); i++) {
      if (v.charAt(i) < '0' || v.charAt(i) > '9') {
        return -1;
      }
    }
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException overflow) {
      return -1; // 19 digits above Long.MAX_VALUE
    }
  }

  Instant createdAt() {
    String v = values.get(CREATED_AT);
    if (v == null) {
      return null;
    }
    try {
      return Instant.parse(v);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  String contentType() {
    return values.get(CONTENT_TYPE);
  }

  Map<String, String> userMetadata() {
    Map<String, String> out = new TreeMap<>();
    values.forEach((k, v) -> {
      if (k.startsWith(USER_PREFIX)) {
        out.put(k.substring(USER_PREFIX.length()), v);
      }
    });
    return out;
  }

  /** The metadata in current spellings (what {@code migrate} writes back). */
  Map<String, String> canonical() {
    Map<String, String> out = new LinkedHashMap<>(values);
    String note = out.get(NOTE);
    if (note != null && note.startsWith("zero-diff")) {
      out.put(NOTE, "delta");
    } else if ("direct".equals(note)) {
      out.put(NOTE, "passthrough");
    }
    return out;
  }
}
