package io.deltaglider.proxy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One line per S3 request at INFO on the SLF4J logger {@value #LOGGER}, in logfmt ({@code
 * name=value}, values with spaces, quotes, {@code =} or control characters quoted and escaped, so
 * a hostile key cannot forge a line):
 *
 * <pre>
 * id=1A2B3C4D5E6F7081 remote=127.0.0.1 op=PutObject method=PUT bucket=releases key="app/app 1.1.zip"
 *   access_key=AKIDEXAMPLE status=200 error=none in=1048576 out=0 ms=42
 * </pre>
 *
 * (one line). {@code in} and {@code out} are body bytes as on the wire. Nothing of a request's
 * signature, query string or headers is logged, so no credential can reach the log.
 */
final class AccessLog {
  static final String LOGGER = "io.deltaglider.proxy.access";

  private final Logger log;

  AccessLog(Logger log) {
    this.log = log == null ? LoggerFactory.getLogger(LOGGER) : log;
  }

  boolean enabled() {
    return log.isInfoEnabled();
  }

  /** Logs one request; {@code s3} is null for a path that is no S3 resource ({@code rawPath} then). */
  void request(String id, String remote, String method, S3Request s3, String rawPath, S3Operation op,
      String accessKey, String status, String error, long bytesIn, long bytesOut, long nanos) {
    StringBuilder b = new StringBuilder(160);
    field(b, "id", id);
    field(b, "remote", remote);
    field(b, "op", op.s3Name);
    field(b, "method", method);
    if (s3 == null) {
      field(b, "path", rawPath);
    } else {
      field(b, "bucket", s3.bucket);
      field(b, "key", s3.key);
    }
    field(b, "access_key", accessKey);
    field(b, "status", status);
    field(b, "error", error);
    field(b, "in", Long.toString(bytesIn));
    field(b, "out", Long.toString(bytesOut));
    field(b, "ms", Long.toString(nanos / 1_000_000));
    log.info(b.toString());
  }

  private static void field(StringBuilder b, String name, String value) {
    if (b.length() > 0) {
      b.append(' ');
    }
    b.append(name).append('=');
    if (value == null) {
      b.append('-');
      return;
    }
    if (!value.isEmpty() && value.chars().allMatch(c -> c != ' ' && c != '"' && c != '=' && c != '\\' && !control(c))) {
      b.append(value);
      return;
    }
    b.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"', '\\' -> b.append('\\').append(c);
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (control(c)) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    b.append('"');
  }

  /** C0 and C1 controls and Unicode's line and paragraph separators: what could break a line. */
  private static boolean control(int c) {
    return Character.isISOControl(c) || c == '\u2028' || c == '\u2029';
  }
}
