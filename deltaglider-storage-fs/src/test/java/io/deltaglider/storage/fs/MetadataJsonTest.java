package io.deltaglider.storage.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MetadataJsonTest {
  private static Map<String, String> read(String json) {
    return MetadataJson.read(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void readsTheProxysMetadataWithNumbersAndNestedUserMetadata() {
    Map<String, String> m = read("{\"tool\":\"deltaglider/0.4.2\",\"file_size\":1234,\"created_at\":"
        + "\"2025-03-01T12:00:00.123456Z\",\"user_metadata\":{\"owner\":\"ci\"},\"content_type\":null,"
        + "\"note\":\"delta\",\"delta_size\":56,\"flag\":true}");
    assertEquals(Map.of("tool", "deltaglider/0.4.2", "file_size", "1234", "created_at", "2025-03-01T12:00:00.123456Z",
        "user_metadata.owner", "ci", "note", "delta", "delta_size", "56", "flag", "true"), m);
  }

  @Test
  void writesCompactSortedJsonWithTheProxysNumbersAndNesting() {
    Map<String, String> m = new HashMap<>();
    m.put("dg-note", "delta");
    m.put("file_size", "1234");
    m.put("delta_size", "012"); // not a plain number: stays a string
    m.put("user_metadata.owner", "ci");
    m.put("quote", "a\"b\\c\n\u0001\u00e9\u2028");
    String json = new String(MetadataJson.write(m), StandardCharsets.UTF_8);
    assertEquals("{\"delta_size\":\"012\",\"dg-note\":\"delta\",\"file_size\":1234,"
        + "\"quote\":\"a\\\"b\\\\c\\n\\u0001\u00e9\\u2028\",\"user_metadata\":{\"owner\":\"ci\"}}", json);
    assertEquals(m, MetadataJson.read(MetadataJson.write(m)));
    assertEquals("{}", new String(MetadataJson.write(Map.of()), StandardCharsets.UTF_8));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "", " ", "[]", "\"x\"", "null", "{", "}", "{\"a\"}", "{\"a\":}", "{\"a\":\"b\",}", "{,}", "{\"a\":\"b\"}x",
      "{\"a\":\"b\"}{}", "{\"a\":[1]}", "{\"a\":{\"b\":{\"c\":\"d\"}}}", "{\"a\":\"b\",\"a\":\"c\"}",
      "{\"a.b\":\"1\",\"a\":{\"b\":\"2\"}}", "{\"a\":01}", "{\"a\":1.}", "{\"a\":-}", "{\"a\":1e}", "{\"a\":tru}",
      "{\"a\":\"\\x\"}", "{\"a\":\"\\u12\"}", "{\"a\":\"\\ud800\"}", "{\"a\":\"\\udc00\\ud800\"}", "{\"a\":\"b\n\"}",
      "{'a':'b'}", "{a:\"b\"}", "\ufeff{}", "{\"a\":NaN}", "{\"a\":Infinity}", "{\"a\":\"\\u00G0\"}"})
  void refusesMalformedOrHostileInput(String json) {
    assertThrows(IllegalArgumentException.class, () -> read(json));
  }

  @Test
  void refusesInvalidUtf8AndOversizedInput() {
    assertThrows(IllegalArgumentException.class, () -> MetadataJson.read(new byte[] {'{', '"', (byte) 0xC3, '"', ':', '1', '}'}));
    assertThrows(IllegalArgumentException.class, () -> MetadataJson.read(new byte[] {'{', '"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"', ':', '1', '}'}));
    byte[] big = ("{\"a\":\"" + "x".repeat(MetadataJson.MAX_BYTES) + "\"}").getBytes(StandardCharsets.UTF_8);
    assertThrows(IllegalArgumentException.class, () -> MetadataJson.read(big));
    assertThrows(IllegalArgumentException.class, () -> MetadataJson.write(Map.of("a", "x".repeat(MetadataJson.MAX_BYTES))));
    assertThrows(IllegalArgumentException.class, () -> MetadataJson.write(Map.of("a", "\ud800")));
    StringBuilder deep = new StringBuilder("{");
    for (int i = 0; i < 100_000; i++) {
      deep.append("\"a").append(i).append("\":1,");
    }
    deep.append("\"z\":1}");
    assertTrue(deep.length() > MetadataJson.MAX_BYTES);
    assertThrows(IllegalArgumentException.class, () -> read(deep.toString()));
  }

  /** Also refused: a name twice even where one value is null or both are objects (serde counts them all). */
  @ParameterizedTest
  @ValueSource(strings = {"{\"a\":null,\"a\":\"x\"}", "{\"a\":{\"b\":\"1\"},\"a\":{\"c\":\"2\"}}",
      "{\"a\":{\"b\":null,\"b\":\"1\"}}"})
  void refusesEveryDuplicateName(String json) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> read(json));
    assertTrue(e.getMessage().contains("duplicate name a"), e.getMessage());
  }

  @Test
  void saysWhyInItsOwnWordsWhereTheLimitIsOurs() {
    IllegalArgumentException deep = assertThrows(IllegalArgumentException.class,
        () -> read("{\"a\":{\"b\":{\"c\":\"d\"}}}"));
    assertTrue(deep.getMessage().contains("nests deeper than one level"), deep.getMessage());
    IllegalArgumentException array = assertThrows(IllegalArgumentException.class, () -> read("{\"a\":[[[[1]]]]}"));
    assertTrue(array.getMessage().contains("arrays are not accepted"), array.getMessage());
    IllegalArgumentException number = assertThrows(IllegalArgumentException.class,
        () -> read("{\"a\":-" + "1".repeat(64) + "}"));
    assertTrue(number.getMessage().contains("number"), number.getMessage());
  }

  @Test
  void escapesEveryControlCharacterDelAndLineSeparatorsInLowerCaseHex() {
    String json = new String(MetadataJson.write(Map.of("a", "\b\f\u001f\u007f\u2029\t")), StandardCharsets.UTF_8);
    assertEquals("{\"a\":\"\\u0008\\u000c\\u001f\\u007f\\u2029\\t\"}", json);
  }

  @Test
  void aNameAsLongAsMetadataCanHoldRoundTrips() {
    Map<String, String> m = Map.of("n".repeat(60_000), "v");
    assertEquals(m, MetadataJson.read(MetadataJson.write(m)));
  }

  @Test
  void acceptsWhitespaceEscapesAndNumbersOfEveryShape() {
    assertEquals(Map.of("a", "-0.5e+10", "b", "\u00e9/\"", "c", "\ud83d\ude00"),
        read(" {\r\n\t\"a\" : -0.5e+10 , \"b\":\"\\u00e9\\/\\\"\", \"c\":\"\\ud83d\\ude00\" } "));
  }

  @Property(tries = 300)
  void everyMapRoundTrips(@ForAll("maps") Map<String, String> m) {
    assertEquals(m, MetadataJson.read(MetadataJson.write(m)));
  }

  @Property(tries = 300)
  void randomBytesNeverCrashTheReader(@ForAll byte[] junk) {
    try {
      MetadataJson.read(junk);
    } catch (IllegalArgumentException expected) {
      // refused cleanly
    }
  }

  @Provide
  Arbitrary<Map<String, String>> maps() {
    Arbitrary<String> names = Arbitraries.strings().withChars("ab.-_\"\\\u00e9\u0001").ofMinLength(0).ofMaxLength(6);
    Arbitrary<String> values = Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(20),
        Arbitraries.strings().numeric().ofMaxLength(5));
    return Arbitraries.maps(names, values).ofMaxSize(8)
        .filter(m -> m.keySet().stream().allMatch(k -> noLoneSurrogate(k)) && m.values().stream().allMatch(MetadataJsonTest::noLoneSurrogate));
  }

  private static boolean noLoneSurrogate(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return false;
      }
    }
    return true;
  }
}
