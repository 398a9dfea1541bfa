package io.deltaglider.storage.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class ProxySchemaTest {
  private static Map<String, String> roundTrip(Map<String, String> m) {
    return ProxySchema.fromJson(MetadataJson.read(MetadataJson.write(ProxySchema.toJson(m))));
  }

  @Test
  void writesADeltaAsTheProxysFieldsWithNumbersAndNestedUserMetadata() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("dg-tool", "deltaglider-java/1.0");
    m.put("dg-original-name", "app-1.1.zip");
    m.put("dg-file-sha256", "ab");
    m.put("dg-file-size", "1234");
    m.put("dg-md5", "cd");
    m.put("dg-created-at", "2026-01-02T03:04:05.123Z");
    m.put("dg-note", "delta");
    m.put("dg-content-type", "application/zip");
    m.put("dg-user-owner", "ci");
    m.put("dg-ref-key", "a/reference.bin");
    m.put("dg-ref-path", "reference.bin");
    m.put("dg-ref-sha256", "ef");
    m.put("dg-delta-size", "56");
    m.put("dg-delta-cmd", "x");
    String json = new String(MetadataJson.write(ProxySchema.toJson(m)), StandardCharsets.UTF_8);
    assertEquals("{\"content_type\":\"application/zip\",\"created_at\":\"2026-01-02T03:04:05.123Z\",\"delta_cmd\":\"x\","
        + "\"delta_size\":56,\"dg-ref-key\":\"a/reference.bin\",\"file_sha256\":\"ab\",\"file_size\":1234,\"md5\":\"cd\","
        + "\"note\":\"delta\",\"original_name\":\"app-1.1.zip\",\"ref_path\":\"reference.bin\",\"ref_sha256\":\"ef\","
        + "\"tool\":\"deltaglider-java/1.0\",\"user_metadata\":{\"owner\":\"ci\"}}", json);
    assertEquals(m, roundTrip(m));
  }

  @Test
  void namesThatLookLikeProxyFieldsAreEscapedAndComeBack() {
    Map<String, String> m = Map.of("tool", "raw", "file_size", "12", "user_metadata.x", "y", "~a", "b",
        "file_size.n", "1", "dg-file-size", "7", "dg-user-x", "z");
    Map<String, String> json = ProxySchema.toJson(m);
    assertEquals("12", json.get("~file_size"));
    assertEquals("7", json.get("file_size"));
    assertEquals("b", json.get("~~a"));
    String text = new String(MetadataJson.write(json), StandardCharsets.UTF_8);
    assertEquals(true, text.contains("\"~file_size\":\"12\""), text); // a string, not the proxy's number
    assertEquals(m, roundTrip(m));
  }

  @Test
  void readsOurOlderDgJsonAndTheProxysAliases() {
    assertEquals(Map.of("dg-file-size", "5", "dg-note", "direct", "ref_key", "reference.bin", "dg-user-a", "b"),
        ProxySchema.fromJson(MetadataJson.read(("{\"dg-file-size\":\"5\",\"note\":\"direct\",\"ref_key\":"
            + "\"reference.bin\",\"user_metadata\":{\"a\":\"b\"}}").getBytes(StandardCharsets.UTF_8))));
    // Both spellings by hand: the proxy's field is what the proxy reads, so it wins.
    assertEquals(Map.of("dg-tool", "proxy"),
        ProxySchema.fromJson(MetadataJson.read("{\"dg-tool\":\"ours\",\"tool\":\"proxy\"}".getBytes(StandardCharsets.UTF_8))));
  }

  @Property(tries = 500)
  void everyMapRoundTrips(@ForAll("maps") Map<String, String> m) {
    assertEquals(m, roundTrip(m));
  }

  @Provide
  Arbitrary<Map<String, String>> maps() {
    Arbitrary<String> names = Arbitraries.oneOf(
        Arbitraries.of("dg-tool", "dg-file-size", "dg-delta-size", "dg-note", "dg-ref-key", "dg-ref-path", "dg-md5",
            "dg-user-", "dg-user-a", "dg-user-a.b", "tool", "file_size", "note", "user_metadata", "user_metadata.a",
            "ref_key", "~", "~tool", "~~x", "file_size.x", "dg-compression", "a.b", "a"),
        Arbitraries.strings().withChars("ab.-_~\"").ofMinLength(0).ofMaxLength(6));
    Arbitrary<String> values = Arbitraries.oneOf(Arbitraries.strings().ascii().ofMaxLength(12),
        Arbitraries.strings().numeric().ofMaxLength(5));
    return Arbitraries.maps(names, values).ofMaxSize(8);
  }
}
