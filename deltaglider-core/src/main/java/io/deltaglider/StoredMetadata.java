package io.deltaglider;

import io.deltaglider.spi.MetadataNames;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * DeltaGlider's object metadata ({@link MetadataNames}, FORMAT.md section 3), read in every spelling
 * the Python tool and the proxy ever wrote (bare names, underscores, {@code zero-diff} and
 * {@code direct} notes) and written in the current one. Values from storage are untrusted: the
 * accessors validate what they return.
 */
final class StoredMetadata {
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
      // The caller's own names are theirs: only DeltaGlider's names have legacy spellings.
      String canonical = name.startsWith(MetadataNames.USER_PREFIX) ? name : name.replace('_', '-');
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
    String note = out.get(MetadataNames.NOTE);
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
    for (String name : new String[] {MetadataNames.FILE_SHA256, MetadataNames.FILE_SIZE, MetadataNames.CREATED_AT,
        MetadataNames.REF_SHA256}) {
      if (!java.util.Objects.equals(x.get(name), y.get(name))) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether this is DeltaGlider's metadata at all: any of the names every DeltaGlider tool writes.
   * An object without them was put there by something else (FORMAT.md section 4.5). Other tools'
   * own names do not count, even though normalisation gives them a {@code dg-} prefix too.
   */
  boolean isDeltaGlider() {
    for (String name : new String[] {MetadataNames.FILE_SHA256, MetadataNames.NOTE, MetadataNames.TOOL,
        MetadataNames.FILE_SIZE, MetadataNames.REF_SHA256, MetadataNames.ORIGINAL_NAME}) {
      if (values.containsKey(name)) {
        return true;
      }
    }
    return false;
  }

  String get(String name) {
    return values.get(name);
  }

  /** The SHA-256 of the original bytes, validated, or {@code null}. */
  String fileSha256() {
    String v = values.get(MetadataNames.FILE_SHA256);
    return v != null && Sha256.isHex(v.toLowerCase(Locale.ROOT)) ? v.toLowerCase(Locale.ROOT) : null;
  }

  String refSha256() {
    String v = values.get(MetadataNames.REF_SHA256);
    return v != null && Sha256.isHex(v.toLowerCase(Locale.ROOT)) ? v.toLowerCase(Locale.ROOT) : null;
  }

  /** The original size, or -1 if absent or not a non-negative number. */
  long fileSize() {
    return parseSize(values.get(MetadataNames.FILE_SIZE));
  }

  long deltaSize() {
    return parseSize(values.get(MetadataNames.DELTA_SIZE));
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
    String v = values.get(MetadataNames.CREATED_AT);
    if (v == null) {
      return null;
    }
    try {
      return Instant.parse(v);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** {@code dg-form}: null for the forms every DeltaGlider tool reads (plain delta, whole), else its value. */
  String form() {
    String v = values.get(MetadataNames.FORM);
    return v == null || v.isEmpty() ? null : v;
  }

  /** Whether this is an archive-aware delta's metadata (FORMAT.md section 9.8). */
  boolean isArchiveDelta() {
    return MetadataNames.FORM_ARCHIVE_DELTA.equals(form());
  }

  String contentType() {
    return values.get(MetadataNames.CONTENT_TYPE);
  }

  Map<String, String> userMetadata() {
    Map<String, String> out = new TreeMap<>();
    values.forEach((k, v) -> {
      if (k.startsWith(MetadataNames.USER_PREFIX)) {
        out.put(k.substring(MetadataNames.USER_PREFIX.length()), v);
      }
    });
    return out;
  }

  /** The metadata in current spellings (what {@code migrate} writes back). */
  Map<String, String> canonical() {
    Map<String, String> out = new LinkedHashMap<>(values);
    String note = out.get(MetadataNames.NOTE);
    if (note != null && note.startsWith("zero-diff")) {
      out.put(MetadataNames.NOTE, "delta");
    } else if ("direct".equals(note)) {
      out.put(MetadataNames.NOTE, "passthrough");
    }
    return out;
  }
}
