package io.deltaglider.proxy;

import org.eclipse.jetty.server.Response;

/**
 * One authenticated request and its response.
 *
 * @param request the parsed request
 * @param response where the answer goes
 * @param auth who signed it
 */
record Exchange(S3Request request, Response response, Authenticated auth) {
  /** The store key of the request's object: {@code bucket/key}. */
  String storeKey() {
    return request.bucket + "/" + request.key;
  }

  void header(String name, String value) {
    response.getHeaders().put(name, value);
  }
}
