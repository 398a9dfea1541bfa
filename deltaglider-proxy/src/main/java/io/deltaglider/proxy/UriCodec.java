package io.deltaglider.proxy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Percent-encoding as S3 uses it. Decoding is strict (a malformed escape or bytes that are not
 * UTF-8 are refused, never replaced), so a key decodes to exactly one string and round-trips.
 */
final class UriCodec {
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private UriCodec() {}

  /** Decodes a path: {@code +} is a plus sign. */
  static String decodePath(String raw) {
    return decode(raw, false);
  }

  /** Decodes a query-string name or value: {@code +} is a space, as in form encoding. */
  static String decodeQuery(String raw) {
    return decode(raw, true);
  }

  private static String decode(String raw, boolean plusIsSpace) {
    if (raw.indexOf('%') < 0 && (!plusIsSpace || raw.indexOf('+') < 0)) {
      return raw;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%') {
        if (i + 2 >= raw.length()) {
          throw new S3Exception(S3ErrorCode.INVALID_URI, "Couldn't parse the specified URI: truncated escape");
        }
        int hi = Character.digit(raw.charAt(i + 1), 16);
        int lo = Character.digit(raw.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) {
          throw new S3Exception(S3ErrorCode.INVALID_URI, "Couldn't parse the specified URI: bad escape");
        }
        bytes.write(hi << 4 | lo);
        i += 2;
      } else if (c == '+' && plusIsSpace) {
        bytes.write(' ');
      } else {
        byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        if (Character.isHighSurrogate(c) && i + 1 < raw.length()) {
          b = raw.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
          i++;
        }
        bytes.write(b, 0, b.length);
      }
    }
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes.toByteArray()))
          .toString();
    } catch (CharacterCodingException e) {
      throw new S3Exception(S3ErrorCode.INVALID_URI, "Couldn't parse the specified URI: not UTF-8");
    }
  }

  /**
   * Encodes everything but RFC 3986's unreserved characters (and {@code /} if {@code keepSlash}),
   * the encoding SigV4 canonical paths and S3's {@code encoding-type=url} use. A space becomes
   * {@code %20}, never {@code +}, so both plain and form decoders read it back.
   */
  static String encode(String s, boolean keepSlash) {
    StringBuilder out = new StringBuilder(s.length() + 16);
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xFF;
      if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
          || c == '-' || c == '_' || c == '.' || c == '~' || (keepSlash && c == '/')) {
        out.append((char) c);
      } else {
        out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xF]);
      }
    }
    return out.toString();
  }
}
