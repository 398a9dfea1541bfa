package io.deltaglider.storage.fs;

import io.deltaglider.spi.MetadataNames;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Renames between core's {@code dg-*} metadata and the field names of the DeltaGlider proxy's
 * {@code FileMetadata}, the JSON its filesystem backend keeps in {@code user.dg.metadata}
 * ({@code tool}, {@code file_sha256}, {@code note}, {@code user_metadata: {...}}, ...; see the
 * module README). Pure renaming, never inventing values, so that every map survives
 * {@code fromJson(toJson(m))} unchanged. Stateless.
 *
 * <p>Core's names the proxy does not know keep their own names (serde ignores unknown fields), and
 * so does {@code dg-ref-key}: writing it as the proxy's {@code ref_key}, an alias of
 * {@code ref_path}, would make serde refuse the object as a duplicate field. Names that would be
 * mistaken for a proxy field ({@code tool}, {@code file_size.x}, {@code user_metadata.x}) or that
 * start with the escape character {@code ~} are written with one more {@code ~} in front.
 *
 * <p>The maps here are flat: {@code user_metadata.NAME} stands for the nested object, which
 * {@link MetadataJson} writes and reads as such.
 */
final class ProxySchema {
  static final String USER_PREFIX = MetadataNames.USER_PREFIX;
  static final String USER_OBJECT = "user_metadata";
  private static final String ESCAPE = "~";

  /** core name → proxy field; the proxy's numeric fields are {@link MetadataJson#NUMERIC}. */
  private static final Map<String, String> TO_PROXY = Map.ofEntries(
      Map.entry(MetadataNames.TOOL, "tool"),
      Map.entry(MetadataNames.ORIGINAL_NAME, "original_name"),
      Map.entry(MetadataNames.FILE_SHA256, "file_sha256"),
      Map.entry(MetadataNames.FILE_SIZE, "file_size"),
      Map.entry(MetadataNames.MD5, "md5"),
      // Core never writes it and names no constant for it: the proxy's own field, read back as such.
      Map.entry("dg-multipart-etag", "multipart_etag"),
      Map.entry(MetadataNames.CREATED_AT, "created_at"),
      Map.entry(MetadataNames.CONTENT_TYPE, "content_type"),
      Map.entry(MetadataNames.NOTE, "note"),
      Map.entry(MetadataNames.SOURCE_NAME, "source_name"),
      Map.entry(MetadataNames.REF_PATH, "ref_path"),
      Map.entry(MetadataNames.REF_SHA256, "ref_sha256"),
      Map.entry(MetadataNames.DELTA_SIZE, "delta_size"),
      Map.entry(MetadataNames.DELTA_CMD, "delta_cmd"));
  private static final Map<String, String> FROM_PROXY = invert(TO_PROXY);
  /** JSON names (or first segments before a dot) that only the translation may produce. */
  private static final Set<String> RESERVED = reserved();

  private ProxySchema() {}

  private static Map<String, String> invert(Map<String, String> m) {
    Map<String, String> out = new LinkedHashMap<>();
    m.forEach((k, v) -> out.put(v, k));
    return Map.copyOf(out);
  }

  private static Set<String> reserved() {
    Set<String> s = new java.util.HashSet<>(FROM_PROXY.keySet());
    s.add(USER_OBJECT);
    return Set.copyOf(s);
  }

  /** Core's metadata as the flat map of the proxy's JSON fields. */
  static Map<String, String> toJson(Map<String, String> metadata) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : metadata.entrySet()) {
      String name = e.getKey();
      if (name == null || e.getValue() == null) {
        throw new IllegalArgumentException("metadata names and values must not be null");
      }
      String field = TO_PROXY.get(name);
      if (field == null) {
        if (name.startsWith(USER_PREFIX)) {
          field = USER_OBJECT + "." + name.substring(USER_PREFIX.length());
        } else {
          field = needsEscape(name) ? ESCAPE + name : name;
        }
      }
      out.put(field, e.getValue());
    }
    return out;
  }

  /**
   * The proxy's fields (or our older {@code dg-*} JSON, which passes through) as core's metadata. A
   * proxy field wins over a {@code dg-*} name of the same meaning written beside it by hand.
   */
  static Map<String, String> fromJson(Map<String, String> json) {
    Map<String, String> out = new LinkedHashMap<>();
    Map<String, String> rest = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : json.entrySet()) {
      String field = e.getKey();
      String name = FROM_PROXY.get(field);
      if (name == null && field.startsWith(USER_OBJECT + ".")) {
        name = USER_PREFIX + field.substring(USER_OBJECT.length() + 1);
      }
      if (name != null) {
        out.put(name, e.getValue());
      } else {
        rest.put(field.startsWith(ESCAPE) ? field.substring(ESCAPE.length()) : field, e.getValue());
      }
    }
    rest.forEach(out::putIfAbsent);
    return out;
  }

  private static boolean needsEscape(String name) {
    int dot = name.indexOf('.');
    return name.startsWith(ESCAPE) || RESERVED.contains(dot < 0 ? name : name.substring(0, dot));
  }
}
