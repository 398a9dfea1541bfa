package io.deltaglider.proxy;

import java.util.LinkedHashMap;
import java.util.Map;

/** The {@code Credential=..., SignedHeaders=..., Signature=...} part of a SigV4 Authorization header. */
final class AuthorizationHeader {
  private AuthorizationHeader() {}

  static Map<String, String> parse(String s) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String part : s.split(",", -1)) {
      String p = part.strip();
      int eq = p.indexOf('=');
      if (eq <= 0) {
        throw new S3Exception(S3ErrorCode.AUTHORIZATION_HEADER_MALFORMED,
            "The authorization header is malformed; a component is not name=value.");
      }
      if (out.put(p.substring(0, eq), p.substring(eq + 1)) != null) {
        throw new S3Exception(S3ErrorCode.AUTHORIZATION_HEADER_MALFORMED,
            "The authorization header is malformed; a component appears twice.");
      }
    }
    return out;
  }
}
