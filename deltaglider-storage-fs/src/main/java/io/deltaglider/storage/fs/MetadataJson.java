package io.deltaglider.storage.fs;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The JSON syntax of one object's metadata, the single JSON object the DeltaGlider proxy keeps in
 * {@code user.dg.metadata}: a strict reader for hostile input and a compact writer of flat string
 * maps ({@link ProxySchema} does the renaming to and from the proxy's field names). Stateless.
 *
 * <p>Reading: the top level must be one object. Values may be strings; numbers (kept as their
 * literal text, e.g. the proxy's {@code "file_size":1234}); {@code true}/{@code false} (as text);
 * {@code null} (the entry is dropped); or one level of nested object of such scalars, flattened to
 * {@code outer.inner} names (the proxy's {@code user_metadata}). Anything else (arrays, deeper
 * nesting, duplicate names, invalid UTF-8, lone surrogates, trailing bytes, over-long input) is
 * refused with an {@link IllegalArgumentException} naming the byte offset.
 *
 * <p>Writing is the inverse: names are sorted, {@code outer.inner} names are nested again when no
 * plain {@code outer} entry exists, and the proxy's numeric fields ({@code file_size},
 * {@code delta_size}) are written as numbers when they are decimal digits, so that
 * {@code read(write(m)).equals(m)} for every map. Output is one line (no raw control characters).
 */
final class MetadataJson {
  /** Linux caps one extended attribute at 64 KiB; sidecars get the same cap. */
  static final int MAX_BYTES = 64 * 1024;
  static final int MAX_ENTRIES = 4096;
  /** The proxy's {@code u64} fields: serde refuses them as strings. */
  static final Set<String> NUMERIC = Set.of("file_size", "delta_size");

  private MetadataJson() {}

  // ---------------------------------------------------------------- writing

  static byte[] write(Map<String, String> metadata) {
    Map<String, String> sorted = new TreeMap<>();
    for (Map.Entry<String, String> e : metadata.entrySet()) {
      if (e.getKey() == null || e.getValue() == null) {
        throw new IllegalArgumentException("metadata names and values must not be null");
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
    StringBuilder sb = new StringBuilder(64 + 48 * sorted.size());
    sb.append('{');
    boolean first = true;
    for (Map.Entry<String, Object> e : top.entrySet()) {
      if (!first) {
        sb.append(',');
      }
      first = false;
      string(sb, e.getKey());
      sb.append(':');
      if (e.getValue() instanceof String) {
        String v = (String) e.getValue();
        if (NUMERIC.contains(e.getKey()) && isPlainInteger(v)) {
          sb.append(v);
        } else {
          string(sb, v);
        }
      } else {
        @SuppressWarnings("unchecked")
        Map<String, String> inner = (Map<String, String>) e.getValue();
        sb.append('{');
        boolean f = true;
        for (Map.Entry<String, String> ie : inner.entrySet()) {
          if (!f) {
            sb.append(',');
          }
          f = false;
          string(sb, ie.getKey());
          sb.append(':');
          string(sb, ie.getValue());
        }
        sb.append('}');
      }
    }
    sb.append('}');
    for (int i = 0; i < sb.length(); i++) {
      char c = sb.charAt(i);
      if (Character.isSurrogate(c)) {
        boolean pair = Character.isHighSurrogate(c) && i + 1 < sb.length() && Character.isLowSurrogate(sb.charAt(i + 1));
        if (!pair) {
          throw new IllegalArgumentException("metadata contains an unpaired surrogate");
        }
        i++;
      }
    }
    byte[] out = sb.toString().getBytes(StandardCharsets.UTF_8);
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

  private static void string(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"':
          sb.append("\\\"");
          break;
        case '\\':
          sb.append("\\\\");
          break;
        case '\n':
          sb.append("\\n");
          break;
        case '\r':
          sb.append("\\r");
          break;
        case '\t':
          sb.append("\\t");
          break;
        default:
          if (c < 0x20 || c == 0x7F || c == 0x2028 || c == 0x2029) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
      }
    }
    sb.append('"');
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
    Parser p = new Parser(text);
    p.ws();
    Map<String, String> out = new LinkedHashMap<>();
    p.object(out, null);
    p.ws();
    if (p.pos != text.length()) {
      throw p.error("trailing data after the metadata object");
    }
    return out;
  }

  private static final class Parser {
    final String s;
    int pos;

    Parser(String s) {
      this.s = s;
    }

    IllegalArgumentException error(String what) {
      return new IllegalArgumentException("bad metadata JSON at character " + pos + ": " + what);
    }

    void ws() {
      while (pos < s.length()) {
        char c = s.charAt(pos);
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
          pos++;
        } else {
          break;
        }
      }
    }

    void expect(char c) {
      if (pos >= s.length() || s.charAt(pos) != c) {
        throw error("expected '" + c + "'");
      }
      pos++;
    }

    /** Parses an object into {@code out}; {@code outer} is the enclosing name when nested. */
    void object(Map<String, String> out, String outer) {
      expect('{');
      ws();
      if (pos < s.length() && s.charAt(pos) == '}') {
        pos++;
        return;
      }
      while (true) {
        ws();
        String name = string();
        ws();
        expect(':');
        ws();
        if (pos >= s.length()) {
          throw error("value expected");
        }
        char c = s.charAt(pos);
        if (c == '{') {
          if (outer != null) {
            throw error("metadata nests deeper than one level");
          }
          object(out, name);
        } else {
          String value = scalar();
          String full = outer == null ? name : outer + "." + name;
          if (value != null) {
            if (out.containsKey(full)) {
              throw error("duplicate name " + full);
            }
            if (out.size() >= MAX_ENTRIES) {
              throw error("more than " + MAX_ENTRIES + " entries");
            }
            out.put(full, value);
          }
        }
        ws();
        if (pos >= s.length()) {
          throw error("unterminated object");
        }
        char d = s.charAt(pos++);
        if (d == '}') {
          return;
        }
        if (d != ',') {
          pos--;
          throw error("expected ',' or '}'");
        }
      }
    }

    /** A string, number or literal as text; {@code null} for JSON null. */
    String scalar() {
      char c = s.charAt(pos);
      if (c == '"') {
        return string();
      }
      if (c == '-' || (c >= '0' && c <= '9')) {
        return number();
      }
      if (s.startsWith("true", pos)) {
        pos += 4;
        return "true";
      }
      if (s.startsWith("false", pos)) {
        pos += 5;
        return "false";
      }
      if (s.startsWith("null", pos)) {
        pos += 4;
        return null;
      }
      if (c == '[') {
        throw error("arrays are not accepted in metadata");
      }
      throw error("value expected");
    }

    String number() {
      int start = pos;
      if (s.charAt(pos) == '-') {
        pos++;
      }
      if (pos >= s.length()) {
        throw error("digit expected");
      }
      if (s.charAt(pos) == '0') {
        pos++;
      } else if (s.charAt(pos) >= '1' && s.charAt(pos) <= '9') {
        digits();
      } else {
        throw error("digit expected");
      }
      if (pos < s.length() && s.charAt(pos) == '.') {
        pos++;
        if (digits() == 0) {
          throw error("digit expected after '.'");
        }
      }
      if (pos < s.length() && (s.charAt(pos) == 'e' || s.charAt(pos) == 'E')) {
        pos++;
        if (pos < s.length() && (s.charAt(pos) == '+' || s.charAt(pos) == '-')) {
          pos++;
        }
        if (digits() == 0) {
          throw error("digit expected in exponent");
        }
      }
      if (pos - start > 64) {
        throw error("number too long");
      }
      return s.substring(start, pos);
    }

    int digits() {
      int n = 0;
      while (pos < s.length() && s.charAt(pos) >= '0' && s.charAt(pos) <= '9') {
        pos++;
        n++;
      }
      return n;
    }

    String string() {
      expect('"');
      StringBuilder sb = new StringBuilder();
      while (true) {
        if (pos >= s.length()) {
          throw error("unterminated string");
        }
        char c = s.charAt(pos++);
        if (c == '"') {
          break;
        }
        if (c < 0x20) {
          pos--;
          throw error("raw control character in string");
        }
        if (c != '\\') {
          sb.append(c);
          continue;
        }
        if (pos >= s.length()) {
          throw error("unterminated escape");
        }
        char e = s.charAt(pos++);
        switch (e) {
          case '"':
          case '\\':
          case '/':
            sb.append(e);
            break;
          case 'b':
            sb.append('\b');
            break;
          case 'f':
            sb.append('\f');
            break;
          case 'n':
            sb.append('\n');
            break;
          case 'r':
            sb.append('\r');
            break;
          case 't':
            sb.append('\t');
            break;
          case 'u':
            if (pos + 4 > s.length()) {
              throw error("short \\u escape");
            }
            int v = 0;
            for (int i = 0; i < 4; i++) {
              int d = Character.digit(s.charAt(pos + i), 16);
              if (d < 0 || s.charAt(pos + i) > 'f') {
                throw error("bad \\u escape");
              }
              v = v * 16 + d;
            }
            pos += 4;
            sb.append((char) v);
            break;
          default:
            pos--;
            throw error("bad escape \\" + e);
        }
      }
      String out = sb.toString();
      for (int i = 0; i < out.length(); i++) {
        char c = out.charAt(i);
        if (Character.isHighSurrogate(c) && i + 1 < out.length() && Character.isLowSurrogate(out.charAt(i + 1))) {
          i++;
        } else if (Character.isSurrogate(c)) {
          throw error("unpaired surrogate in string");
        }
      }
      return out;
    }
  }
}
