package io.deltaglider.proxy;

import java.nio.ByteBuffer;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** A request and its response counting the body bytes that pass, for the access log and metrics. */
final class Counting {
  final In request;
  final Out response;

  Counting(Request request, Response response) {
    this.request = new In(request);
    this.response = new Out(this.request, response);
  }

  /** Counts body bytes as they are read. One thread reads a request's body. */
  static final class In extends Request.Wrapper {
    private volatile long bytes;

    In(Request wrapped) {
      super(wrapped);
    }

    @Override
    public Content.Chunk read() {
      Content.Chunk chunk = super.read();
      if (chunk != null) {
        bytes += chunk.remaining();
      }
      return chunk;
    }

    long bytes() {
      return bytes;
    }
  }

  /** Counts body bytes as they are handed to the connection. */
  static final class Out extends Response.Wrapper {
    private volatile long bytes;

    Out(Request request, Response wrapped) {
      super(request, wrapped);
    }

    @Override
    public void write(boolean last, ByteBuffer content, Callback callback) {
      if (content != null) {
        bytes += content.remaining();
      }
      super.write(last, content, callback);
    }

    long bytes() {
      return bytes;
    }
  }
}
