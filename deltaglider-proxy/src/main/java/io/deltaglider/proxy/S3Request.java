package io.deltaglider.proxy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.server.Request;

/**
 * One request as S3 sees it: path-style bucket and key (decoded exactly once), the decoded query
 * parameters, and the headers. Built before authentication, so it reads nothing of the body.
 */
final class S3Request {
  final Request jetty;
  final String requestId;
  final String method;
  /** The path as it came on the wire, still percent-encoded (SigV4 signs it). */
  final String rawPath;
  final String bucket;
  final String key;
  private final Map<String, List<String>> query;

  private S3Request(Request jetty, String requestId, String rawPath, String bucket, String key,
      Map<String, List<String>> query) {
    this.jetty = jetty;
    this.requestId = requestId;
    this.method = jetty.getMethod().toUpperCase(Locale.ROOT);
    this.rawPath = rawPath;
    this.bucket = bucket;
    this.key = key;
    this.query = query;
  }

  static S3Request parse(Request jetty, String requestId) {
    String rawPath = jetty.getHttpURI().getPath();
    if (rawPath == null || rawPath.isEmpty()) {
      rawPath = "/";
    }
    if (!rawPath.startsWith("/")) {
      throw new S3Exception(S3ErrorCode.INVALID_URI);
    }
    // Split on the encoded path's first '/' after the bucket: a %2F in a key stays part of the key.
    String rest = rawPath.substring(1);
    int slash = rest.indexOf('/');
    String bucket = slash < 0 ? rest : rest.substring(0, slash);
    String key = slash < 0 ? null : rest.substring(slash + 1);
    bucket = bucket.isEmpty() ? null : UriCodec.decodePath(bucket);
    key = key == null || key.isEmpty() ? null : UriCodec.decodePath(key);
    if (bucket == null && key != null) {
      throw new S3Exception(S3ErrorCode.INVALID_URI);
    }
    return new S3Request(jetty, requestId, rawPath, bucket, key, parseQuery(jetty.getHttpURI().getQuery()));
  }

  /** Query parameters in order of appearance, names and values decoded; a bare name has value "". */
  static Map<String, List<String>> parseQuery(String raw) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return out;
    }
    for (String pair : raw.split("&", -1)) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = UriCodec.decodeQuery(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : UriCodec.decodeQuery(pair.substring(eq + 1));
      out.computeIfAbsent(name, n -> new ArrayList<>(1)).add(value);
    }
    return out;
  }

  /** All query parameters, decoded; unmodifiable. */
  Map<String, List<String>> queryParameters() {
    return Collections.unmodifiableMap(query);
  }

  boolean has(String queryParameter) {
    return query.containsKey(queryParameter);
  }

  /** The first value of a query parameter, or null. */
  String query(String name) {
    List<String> v = query.get(name);
    return v == null ? null : v.get(0);
  }

  /** The first value of a header, or null. */
  String header(String name) {
    return jetty.getHeaders().get(name);
  }

  List<String> headers(String name) {
    return jetty.getHeaders().getValuesList(name);
  }

  /** Header fields in the order received. */
  Iterable<HttpField> headerFields() {
    return jetty.getHeaders();
  }

  /** What S3 names as an error's resource: {@code /bucket/key}. */
  String resource() {
    return "/" + (bucket == null ? "" : bucket + (key == null ? "" : "/" + key));
  }

  @Override
  public String toString() {
    return method + " " + resource();
  }
}
