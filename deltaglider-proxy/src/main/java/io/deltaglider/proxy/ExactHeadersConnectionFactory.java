package io.deltaglider.proxy;

import org.eclipse.jetty.http.HttpCompliance;
import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.internal.HttpConnection;

/**
 * HTTP/1.1 connections whose parser keeps every header value byte for byte. Jetty's parser
 * otherwise answers a known header from its cache, matched without regard to case, with its own
 * spelling ({@code charset=utf-8} for the client's {@code charset=UTF-8}), and a SigV4 signature
 * covers the client's spelling. Jetty 12.1 offers the switch on the parser only.
 */
final class ExactHeadersConnectionFactory extends HttpConnectionFactory {
  ExactHeadersConnectionFactory(HttpConfiguration config) {
    super(config);
  }

  @Override
  public Connection newConnection(Connector connector, EndPoint endPoint) {
    HttpConnection connection = new HttpConnection(getHttpConfiguration(), connector, endPoint) {
      @Override
      protected HttpParser newHttpParser(HttpCompliance compliance) {
        HttpParser parser = super.newHttpParser(compliance);
        parser.setHeaderCacheCaseSensitive(true);
        return parser;
      }
    };
    connection.setTransferEncodingChunkMaxLength(getTransferEncodingChunkMaxLength());
    return configure(connection, connector, endPoint);
  }
}
