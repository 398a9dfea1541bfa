package io.deltaglider.proxy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Blocker;

/** Writing answers: XML documents, empty answers, errors, and S3's date formats. */
final class Responses {
  static final DateTimeFormatter HTTP_DATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter ISO_MILLIS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

  private Responses() {}

  /** A complete XML answer. */
  static void xml(Response response, int status, byte[] document) throws IOException {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/xml");
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, document.length);
    write(response, document);
  }

  /** An answer with no body (its headers already set). */
  static void empty(Response response, int status) throws IOException {
    response.setStatus(status);
    if (!response.getHeaders().contains(HttpHeader.CONTENT_LENGTH)) {
      response.getHeaders().put(HttpHeader.CONTENT_LENGTH, 0);
    }
    write(response, new byte[0]);
  }

  /** Writes the last bytes of the body and waits until they are written. */
  static void write(Response response, byte[] bytes) throws IOException {
    try (Blocker.Callback cb = Blocker.callback()) {
      response.write(true, ByteBuffer.wrap(bytes), cb);
      cb.block();
    }
  }

  /** S3's error document; HEAD answers carry only the status, as S3's do. */
  static void error(Response response, S3Request request, String requestId, S3Exception e, boolean withBody)
      throws IOException {
    e.headers.forEach((n, v) -> response.getHeaders().put(n, v));
    if (!withBody) {
      empty(response, e.code.status);
      return;
    }
    XmlWriter w = XmlWriter.plainDocument("Error")
        .element("Code", e.code.code)
        .element("Message", e.getMessage() == null ? e.code.message : e.getMessage());
    e.details.forEach(w::element);
    if (request != null) {
      if (request.bucket != null && !e.details.containsKey("BucketName")) {
        w.element("BucketName", request.bucket);
      }
      if (request.key != null && !e.details.containsKey("Key")) {
        w.element("Key", request.key);
      }
      w.element("Resource", request.resource());
    }
    w.element("RequestId", requestId).element("HostId", requestId);
    xml(response, e.code.status, w.finish("Error"));
  }

  /** An HTTP date (Last-Modified), whole seconds. */
  static String httpDate(Instant t) {
    return HTTP_DATE.format(t);
  }

  /** S3's timestamp in XML documents, milliseconds. */
  static String isoDate(Instant t) {
    return ISO_MILLIS.format(t.truncatedTo(ChronoUnit.MILLIS));
  }

  /** An entity tag as HTTP carries it: in double quotes. */
  static String quoted(String etag) {
    return "\"" + etag + "\"";
  }
}
