package io.deltaglider.proxy;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A request the gateway answers with an S3 error. Unchecked so that it passes through the
 * stream and lambda layers between where a problem is found and the handler that writes it.
 */
final class S3Exception extends RuntimeException {
  private static final long serialVersionUID = 1L;

  final S3ErrorCode code;
  /** Extra elements of the error document (e.g. {@code Key}, {@code ArgumentName}), in order. */
  final Map<String, String> details = new LinkedHashMap<>();
  /** Extra response headers (e.g. {@code Content-Range} of a 416). */
  final Map<String, String> headers = new LinkedHashMap<>();

  S3Exception(S3ErrorCode code) {
    this(code, code.message);
  }

  S3Exception(S3ErrorCode code, String message) {
    super(message, null, false, false);
    this.code = code;
  }

  S3Exception(S3ErrorCode code, String message, Throwable cause) {
    super(message, cause, false, false);
    this.code = code;
  }

  S3Exception detail(String element, String value) {
    if (value != null) {
      details.put(element, value);
    }
    return this;
  }

  S3Exception header(String name, String value) {
    headers.put(name, value);
    return this;
  }
}
