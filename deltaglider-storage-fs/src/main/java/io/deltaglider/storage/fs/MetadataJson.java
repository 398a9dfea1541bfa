package io.deltaglider.storage.fs;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The JSON syntax of one object's metadata, the single JSON object the DeltaGlider proxy keeps in
 * {@code user.dg.metadata} (FORMAT.md section 5.2): a strict reader for hostile input and a compact
 * writer of flat string maps ({@link ProxySchema} does the renaming to and from the proxy's field
 * names), on jackson-core's streaming parser and generator. Stateless.
 *
 * <p>Reading: the top level must be one object. Values may be strings; numbers (kept as their
 * literal text, e.g. the proxy's {@code "file_size":1234}); {@code true}/{@code false} (as text);
 * {@code null} (the entry is dropped); or one level of nested object of such scalars, flattened to
 * {@code outer.inner} names (the proxy's {@code user_metadata}). Anything else (arrays, deeper
 * nesting, duplicate names, invalid UTF-8, unpaired surrogates, trailing bytes, over-long input,
 * numbers over 64 characters, more than 4096 entries) is refused with an
 * {@link IllegalArgumentException} naming the character offset. The checks that are ours, not
 * Jackson's: the size cap before anything is parsed; UTF-8 by the JDK's strict decoder (Jackson
 * accepts surrogates encoded in UTF-8); the nesting, arrays and entries; duplicates, by our own set
 * rather than {@code STRICT_DUPLICATE_DETECTION}, which sees one object at a time (not
 * {@code "a.b"} beside {@code "a":{"b":..}}) and words its refusal its own way; unpaired
 * surrogates, which {@code \u005cuXXXX} escapes can spell.
 *
 * <p>Writing is the inverse: names are sorted, {@code outer.inner} names are nested again when no
 * plain {@code outer} entry exists, and the proxy's numeric fields ({@code file_size},
 * {@code delta_size}) are written as numbers when they are decimal digits, so that
 * {@code read(write(m)).equals(m)} for every map. Output is one line: control characters, DEL,
 * U+2028 and U+2029 escaped as {@code \u005cu} and four lower-case hex digits ({@code \n}, {@code \r},
 * {@code \t}, {@code \"}, {@code \\} as such).
 */
final class MetadataJson {
  /** Linux caps one extended attribute at 64 KiB; sidecars get the same cap. */
  static final int MAX_BYTES = 64 * 1024;
  static final int MAX_ENTRIES = 4096;
  static final int MAX_NUMBER_CHARS = 64;
  /** The proxy's {@code u64} fields: serde refuses them as strings. */
  static final Set<String> NUMERIC = Set.of("file_size", "delta_size");

  private static final JsonFactory JSON = new JsonFactoryBuilder()
      .streamReadConstraints(StreamReadConstraints.builder()
          .maxNestingDepth(3) // one more than we take, so that our refusal says why
          .maxStringLength(MAX_BYTES)
          .maxNameLength(MAX_BYTES) // Jackson's default (50,000) would refuse names we write
          .maxNumberLength(MAX_NUMBER_CHARS)
          .build())
      .disable(JsonFactory.Feature.CANONICALIZE_FIELD_NAMES) // no name table shared across hostile inputs
      .disable(JsonWriteFeature.WRITE_HEX_UPPER_CASE)
      .characterEscapes(new Escapes())
      .build();

  private MetadataJson() {}

  // ---------------------------------------------------------------- writing

  static byte[] write(Map<String, String> metadata) {
    Map<String, String> sorted = new TreeMap<>();
    for (Map.Entry<String, String> e : metadata.entrySet()) {
      if (e.getKey() == null || e.getValue() == null) {
        throw new IllegalArgumentException("metadata names and values must not be null");
      }
      if (hasUnpairedSurrogate(e.getKey()) || hasUnpairedSurrogate(e.getValue())) {
        throw new IllegalArgumentException("metadata contains an unpaired surrogate");
      }
      sorted.put(e.getKey(), e.getValue());
    }
    // Group outer.inner names under outer when no plain "outer" entry exists.
    Map<String, Object> top = new TreeMap<>();
    for (Map.Entry<String, String> e : sorted.entrySet()) {
      String name = e.getKey();
      int dot = name.indexOf('.');
      if (dot >= 0 && !sorted.containsKey(name.substring(0, dot))) {
        @SuppressWarnings("unchecked")
        Map<String, String> inner =
            (Map<String, String>) top.computeIfAbsent(name.substring(0, dot), k -> new TreeMap<String, String>());
        inner.put(name.substring(dot + 1), e.getValue());
      } else {
        top.put(name, e.getValue());
      }
    }
    StringWriter text = new StringWriter(64 + 48 * sorted.size());
    try (JsonGenerator g = JSON.createGenerator(text)) {
      g.writeStartObject();
      for (Map.Entry<String, Object> e : top.entrySet()) {
        g.writeFieldName(e.getKey());
        if (e.getValue() instanceof String) {
          String v = (String) e.getValue();
          if (NUMERIC.contains(e.getKey()) && isPlainInteger(v)) {
            g.writeNumber(v);
          } else {
            g.writeString(v);
          }
        } else {
          g.writeStartObject();
          @SuppressWarnings("unchecked")
          Map<String, String> inner = (Map<String, String>) e.getValue();
          for (Map.Entry<String, String> ie : inner.entrySet()) {
            g.writeStringField(ie.getKey(), ie.getValue());
          }
          g.writeEndObject();
        }
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a StringWriter does not fail
    }
    byte[] out = text.toString().getBytes(StandardCharsets.UTF_8);
    if (out.length > MAX_BYTES) {
      throw new IllegalArgumentException("metadata is " + out.length + " bytes as JSON, over the limit of " + MAX_BYTES);
    }
    return out;
  }

  private static boolean isPlainInteger(String v) {
    if (v.isEmpty() || v.length() > 19 || (v.length() > 1 && v.charAt(0) == '0')) {
      return false;
    }
    for (int i = 0; i < v.length(); i++) {
      if (v.charAt(i) < '0' || v.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  /** Jackson's escapes, plus DEL, U+2028, U+2029 and backspace and form feed as {@code \u005cu00XX}. */
  private static final class Escapes extends CharacterEscapes {
    private static final long serialVersionUID = 1L;
    private final int[] ascii = standardAsciiEscapesForJSON();

    Escapes() {
      ascii['\b'] = ESCAPE_STANDARD;
      ascii['\f'] = ESCAPE_STANDARD;
      ascii[0x7F] = ESCAPE_STANDARD;
    }

    @Override
    public int[] getEscapeCodesForAscii() {
      return ascii;
    }

    @Override
    public SerializableString getEscapeSequence(int ch) {
      return ch == 0x2028 || ch == 0x2029 ? new SerializedString(String.format("\\u%04x", ch)) : null;
    }
  }

  // ---------------------------------------------------------------- reading

  static Map<String, String> read(byte[] json) {
    return read(json, 0, json.length);
  }

  static Map<String, String> read(byte[] json, int off, int len) {
    if (len > MAX_BYTES) {
      throw new IllegalArgumentException("metadata is " + len + " bytes, over the limit of " + MAX_BYTES);
    }
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(json, off, len))
          .toString();
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("metadata is not valid UTF-8", e);
    }
    try (JsonParser p = JSON.createParser(text)) {
      try {
        return document(p);
      } catch (JsonProcessingException e) {
        throw new IllegalArgumentException("bad metadata JSON at character " + p.currentLocation().getCharOffset()
            + ": " + e.getOriginalMessage(), e);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a String does not fail to read
    }
  }

  private static Map<String, String> document(JsonParser p) throws IOException {
    if (p.nextToken() != JsonToken.START_OBJECT) {
      throw error(p, "the metadata is not one JSON object");
    }
    Map<String, String> out = new LinkedHashMap<>();
    object(p, out, null);
    if (p.nextToken() != null) {
      throw error(p, "trailing data after the metadata object");
    }
    return out;
  }

  /** The members of the object just started, into {@code out}; {@code outer} is the enclosing name when nested. */
  private static void object(JsonParser p, Map<String, String> out, String outer) throws IOException {
    Set<String> names = new HashSet<>();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      String full = outer == null ? name : outer + "." + name;
      if (hasUnpairedSurrogate(name)) {
        throw error(p, "unpaired surrogate in a name");
      }
      if (!names.add(name)) {
        throw error(p, "duplicate name " + full); // null values included, as serde counts them
      }
      JsonToken t = p.nextToken();
      if (t == JsonToken.START_OBJECT) {
        if (outer != null) {
          throw error(p, "metadata nests deeper than one level");
        }
        object(p, out, name);
        continue;
      }
      String value = scalar(p, t);
      if (value != null) {
        if (out.containsKey(full)) {
          throw error(p, "duplicate name " + full);
        }
        if (out.size() >= MAX_ENTRIES) {
          throw error(p, "more than " + MAX_ENTRIES + " entries");
        }
        out.put(full, value);
      }
    }
    // Jackson ends an object with END_OBJECT or fails: anything else cannot reach here.
  }

  /** A string, number or literal as text; {@code null} for JSON null. */
  private static String scalar(JsonParser p, JsonToken t) throws IOException {
    switch (t) {
      case VALUE_STRING: {
        String s = p.getText();
        if (hasUnpairedSurrogate(s)) {
          throw error(p, "unpaired surrogate in string");
        }
        return s;
      }
      case VALUE_NUMBER_INT:
      case VALUE_NUMBER_FLOAT: {
        String n = p.getText();
        if (n.length() > MAX_NUMBER_CHARS) {
          throw error(p, "number too long");
        }
        return n;
      }
      case VALUE_TRUE:
      case VALUE_FALSE:
        return p.getText();
      case VALUE_NULL:
        return null;
      case START_ARRAY:
        throw error(p, "arrays are not accepted in metadata");
      default:
        throw error(p, "value expected");
    }
  }

  private static IllegalArgumentException error(JsonParser p, String what) {
    return new IllegalArgumentException("bad metadata JSON at character "
        + p.currentTokenLocation().getCharOffset() + ": " + what);
  }

  private static boolean hasUnpairedSurrogate(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return true;
      }
    }
    return false;
  }
}
