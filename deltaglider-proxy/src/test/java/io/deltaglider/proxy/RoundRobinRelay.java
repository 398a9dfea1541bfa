package io.deltaglider.proxy;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A minimal load balancer for tests: each HTTP/1.1 request (Content-Length bodies only) goes to
 * the next backend in turn, on a connection of its own ({@code Connection: close} both ways), as
 * a round-robin balancer without affinity sends a client's requests.
 */
final class RoundRobinRelay implements AutoCloseable {
  private final ServerSocket server;
  private final List<URI> backends;
  private final AtomicInteger next = new AtomicInteger();
  final AtomicInteger[] served;

  RoundRobinRelay(List<URI> backends) throws IOException {
    this.backends = backends;
    this.served = new AtomicInteger[backends.size()];
    for (int i = 0; i < served.length; i++) {
      served[i] = new AtomicInteger();
    }
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread t = new Thread(this::accept, "relay-accept");
    t.setDaemon(true);
    t.start();
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getLocalPort());
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        Thread t = new Thread(() -> relay(client), "relay");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  private void relay(Socket client) {
    int n = Math.floorMod(next.getAndIncrement(), backends.size());
    URI to = backends.get(n);
    try (client; Socket backend = new Socket()) {
      backend.connect(new InetSocketAddress(to.getHost(), to.getPort()), 10_000);
      InputStream in = new BufferedInputStream(client.getInputStream());
      String head = readHead(in);
      if (head == null) {
        return;
      }
      served[n].incrementAndGet();
      StringBuilder out = new StringBuilder();
      long length = 0;
      for (String line : head.split("\r\n")) {
        String lower = line.toLowerCase(Locale.ROOT);
        if (lower.startsWith("connection:")) {
          continue;
        }
        if (lower.startsWith("content-length:")) {
          length = Long.parseLong(line.substring(15).strip());
        }
        out.append(line).append("\r\n");
      }
      out.append("Connection: close\r\n\r\n");
      OutputStream toBackend = backend.getOutputStream();
      toBackend.write(out.toString().getBytes(StandardCharsets.ISO_8859_1));
      toBackend.flush();
      long body = length;
      // The body goes on beside the answer: a client expecting 100-continue waits for it first.
      Thread up = new Thread(() -> {
        try {
          copy(in, toBackend, body);
          toBackend.flush();
        } catch (IOException ignored) {
          // the answer below tells the client what happened
        }
      }, "relay-up");
      up.setDaemon(true);
      up.start();
      backend.getInputStream().transferTo(client.getOutputStream());
      client.getOutputStream().flush();
    } catch (IOException ignored) {
      // a broken connection is the client's answer
    }
  }

  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int matched = 0;
    for (int c; (c = in.read()) >= 0; ) {
      b.write(c);
      matched = (c == '\r' && (matched == 0 || matched == 2)) || (c == '\n' && (matched == 1 || matched == 3))
          ? matched + 1 : 0;
      if (matched == 4) {
        String s = b.toString(StandardCharsets.ISO_8859_1);
        return s.substring(0, s.length() - 4);
      }
    }
    return null;
  }

  private static void copy(InputStream in, OutputStream out, long n) throws IOException {
    byte[] buf = new byte[64 * 1024];
    while (n > 0) {
      int r = in.read(buf, 0, (int) Math.min(buf.length, n));
      if (r < 0) {
        return;
      }
      out.write(buf, 0, r);
      n -= r;
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
