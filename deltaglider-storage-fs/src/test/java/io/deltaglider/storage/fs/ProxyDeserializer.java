package io.deltaglider.storage.fs;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigInteger;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * What the DeltaGlider proxy's serde derive demands of the JSON in {@code user.dg.metadata} before
 * it will read an object (its {@code FileMetadata} in src/types.rs, read by
 * src/storage/xattr_meta.rs), checked with an independent JSON parser (Jackson) rather than with
 * our own reader: required fields present, strings as strings, {@code u64}s as non-negative
 * integers, the {@code note} tag one of its variants with that variant's fields, an alias never
 * beside its field, no duplicate names. Unknown fields pass, as serde ignores them.
 */
final class ProxyDeserializer {
  /** Field names the proxy's FileMetadata (with its flattened StorageInfo) knows. */
  static final Set<String> KNOWN = Set.of("tool", "original_name", "file_sha256", "file_size", "md5",
      "multipart_etag", "created_at", "content_type", "user_metadata", "note", "source_name", "ref_path",
      "ref_key", "ref_sha256", "delta_size", "delta_cmd");
  private static final ObjectMapper JSON = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
  private static final BigInteger U64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

  private ProxyDeserializer() {}

  /** Parses and checks; throws AssertionError naming the first field the proxy would refuse. */
  static ObjectNode check(byte[] json) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (IOException e) {
      throw new AssertionError("not JSON the proxy could parse: " + e.getMessage(), e);
    }
    if (!(root instanceof ObjectNode)) {
      throw new AssertionError("metadata is not a JSON object");
    }
    ObjectNode o = (ObjectNode) root;
    for (String f : new String[] {"tool", "original_name", "file_sha256", "md5"}) {
      string(o, f, true);
    }
    u64(o, "file_size");
    String created = string(o, "created_at", true);
    try {
      OffsetDateTime.parse(created); // chrono's DateTime<Utc> reads RFC 3339
    } catch (DateTimeParseException e) {
      throw new AssertionError("created_at is not an RFC 3339 time: " + created, e);
    }
    string(o, "content_type", false);
    string(o, "multipart_etag", false);
    JsonNode user = o.get("user_metadata");
    if (user != null) {
      if (!user.isObject()) {
        throw new AssertionError("user_metadata is not an object: " + user);
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = user.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (!e.getValue().isTextual()) {
          throw new AssertionError("user_metadata." + e.getKey() + " is not a string");
        }
      }
    }
    String note = string(o, "note", true);
    switch (note) {
      case "reference":
        string(o, "source_name", true);
        break;
      case "delta":
        if (o.has("ref_path") && o.has("ref_key")) {
          throw new AssertionError("ref_path and its alias ref_key together: serde's duplicate field");
        }
        string(o, o.has("ref_key") ? "ref_key" : "ref_path", true);
        string(o, "ref_sha256", true);
        u64(o, "delta_size");
        string(o, "delta_cmd", true);
        break;
      case "passthrough":
      case "direct":
        break;
      default:
        throw new AssertionError("note is not a variant the proxy knows: " + note);
    }
    return o;
  }

  private static String string(ObjectNode o, String field, boolean required) {
    JsonNode v = o.get(field);
    if (v == null || (!required && v.isNull())) {
      if (required) {
        throw new AssertionError("missing field " + field + " in " + o);
      }
      return null;
    }
    if (!v.isTextual()) {
      throw new AssertionError(field + " is not a string: " + v);
    }
    return v.textValue();
  }

  private static void u64(ObjectNode o, String field) {
    JsonNode v = o.get(field);
    if (v == null) {
      throw new AssertionError("missing field " + field + " in " + o);
    }
    if (!v.isIntegralNumber() || v.bigIntegerValue().signum() < 0 || v.bigIntegerValue().compareTo(U64_MAX) > 0) {
      throw new AssertionError(field + " is not a u64: " + v);
    }
  }
}
