package io.deltaglider.storage.s3;

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
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A small HTTP fault injector on 127.0.0.1 in front of a loopback S3 server. It reads each
 * request's head; a request the rule picks gets a canned S3 error (with {@code Connection: close})
 * instead of reaching the server; the others are forwarded byte for byte with
 * {@code Connection: close} added, so every request arrives on a fresh connection and is seen here.
 * Request headers named with {@link #stripRequestHeader} are dropped on the way (the request's
 * signature then no longer matches: put it in front of a server that does not check signatures,
 * {@link S3Fixture#unauthenticatedPort()}). With {@link #recordStatusesWhen} it also notes what the
 * server answered to the requests a rule picks (what the server decided, whatever the client saw).
 */
final class FaultProxy implements AutoCloseable {
  private final int upstreamPort;
  private final ServerSocket server;
  private final Thread acceptor;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private volatile Predicate<String> rule = head -> false;
  private volatile int status;
  private volatile String code;
  private volatile String body;
  private final AtomicInteger faults = new AtomicInteger();
  private final AtomicInteger forwarded = new AtomicInteger();
  private final AtomicInteger stripped = new AtomicInteger();
  private final List<String> strippedHeaders = new CopyOnWriteArrayList<>();
  private volatile Predicate<String> recordRule = head -> false;
  private final Map<String, List<Integer>> statuses = new ConcurrentHashMap<>();

  FaultProxy(int upstreamPort) throws IOException {
    this.upstreamPort = upstreamPort;
    this.server = new ServerSocket();
    server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    acceptor = new Thread(this::acceptLoop, "fault-proxy-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getLocalPort());
  }

  /** Answers the next {@code n} requests with {@code status}/{@code code}, then forwards again. */
  void failNext(int n, int status, String code) {
    AtomicInteger left = new AtomicInteger(n);
    failWhen(head -> left.getAndDecrement() > 0, status, code);
  }

  /** Answers every request whose head (request line and headers, lower-cased) matches. */
  void failWhen(Predicate<String> rule, int status, String code) {
    this.status = status;
    this.code = code;
    this.body = null;
    this.rule = rule;
  }

  /** Answers every request whose head matches with {@code status} and this XML body instead of forwarding it. */
  void answerWhen(Predicate<String> rule, int status, String xmlBody) {
    this.status = status;
    this.body = xmlBody;
    this.rule = rule;
  }

  /**
   * Drops every request header with this name (case-insensitive) before forwarding, as a proxy or
   * server that ignores it would.
   */
  void stripRequestHeader(String name) {
    strippedHeaders.add(name.toLowerCase(Locale.ROOT));
  }

  /** How many header lines were dropped so far. */
  int stripped() {
    return stripped.get();
  }

  /**
   * Notes the final status (after any {@code 100 Continue}) the server sends for each forwarded
   * request whose head (lower-cased) matches, by request target.
   */
  void recordStatusesWhen(Predicate<String> rule) {
    this.recordRule = rule;
  }

  /** Request target (path and query, as sent) to the statuses the server answered, in order. */
  Map<String, List<Integer>> statuses() {
    return statuses;
  }

  int faults() {
    return faults.get();
  }

  int forwarded() {
    return forwarded.get();
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        sockets.add(client);
        Thread t = new Thread(() -> handle(client), "fault-proxy-conn");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  private void handle(Socket client) {
    try (client) {
      InputStream in = client.getInputStream();
      byte[] head = readHead(in);
      if (head == null) {
        return;
      }
      String text = new String(head, StandardCharsets.ISO_8859_1);
      String lowerHead = text.toLowerCase(Locale.ROOT);
      if (rule.test(lowerHead)) {
        faults.incrementAndGet();
        String canned = this.body;
        byte[] body = (canned != null ? canned : "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + code
            + "</Code><Message>injected by the test</Message></Error>").getBytes(StandardCharsets.UTF_8);
        String response = "HTTP/1.1 " + status + " Injected\r\nContent-Type: application/xml\r\nContent-Length: "
            + body.length + "\r\nConnection: close\r\n\r\n";
        OutputStream out = client.getOutputStream();
        out.write(response.getBytes(StandardCharsets.ISO_8859_1));
        out.write(body);
        out.flush();
        client.shutdownOutput();
        // Let the client see the answer before the socket goes (it may still be sending a body).
        client.setSoTimeout(2000);
        try {
          in.transferTo(OutputStream.nullOutputStream());
        } catch (IOException ignored) {
          // done
        }
        return;
      }
      forwarded.incrementAndGet();
      String rewritten = rewriteConnectionClose(text);
      try (Socket upstream = new Socket(InetAddress.getLoopbackAddress(), upstreamPort)) {
        sockets.add(upstream);
        OutputStream up = upstream.getOutputStream();
        up.write(rewritten.getBytes(StandardCharsets.ISO_8859_1));
        up.flush();
        Thread pump = new Thread(() -> {
          try {
            in.transferTo(up);
            upstream.shutdownOutput();
          } catch (IOException ignored) {
            // either side went away
          }
        }, "fault-proxy-up");
        pump.setDaemon(true);
        pump.start();
        InputStream down = upstream.getInputStream();
        OutputStream toClient = client.getOutputStream();
        if (recordRule.test(lowerHead)) {
          recordStatus(text.split(" ", 3)[1], down, toClient);
        }
        down.transferTo(toClient);
      }
    } catch (IOException ignored) {
      // a closed connection ends this exchange
    }
  }

  /** Relays response heads up to the final one (1xx are interim) and notes its status. */
  private void recordStatus(String target, InputStream down, OutputStream toClient) throws IOException {
    while (true) {
      byte[] head = readHead(down);
      if (head == null) {
        return; // the server closed without answering: nothing to note
      }
      toClient.write(head);
      String statusLine = new String(head, StandardCharsets.ISO_8859_1).split("\r\n", 2)[0];
      int status = Integer.parseInt(statusLine.split(" ", 3)[1]);
      if (status >= 200) {
        statuses.computeIfAbsent(target, t -> new CopyOnWriteArrayList<>()).add(status);
        return;
      }
    }
  }

  private String rewriteConnectionClose(String head) {
    StringBuilder out = new StringBuilder();
    String[] lines = head.split("\r\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      if (line.isEmpty()) {
        continue;
      }
      String lower = line.toLowerCase(Locale.ROOT);
      if (i > 0 && lower.startsWith("connection:")) {
        continue;
      }
      if (i > 0 && strippedHeaders.stream().anyMatch(h -> lower.startsWith(h + ":"))) {
        stripped.incrementAndGet();
        continue;
      }
      out.append(line).append("\r\n");
    }
    out.append("Connection: close\r\n\r\n");
    return out.toString();
  }

  /** The request line and headers up to the blank line, or null at end of stream. */
  private static byte[] readHead(InputStream in) throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    int state = 0;
    while (true) {
      int b = in.read();
      if (b < 0) {
        return null;
      }
      buf.write(b);
      state = switch (state) {
        case 0, 2 -> b == '\r' ? state + 1 : 0;
        case 1 -> b == '\n' ? 2 : (b == '\r' ? 1 : 0);
        case 3 -> b == '\n' ? 4 : (b == '\r' ? 1 : 0);
        default -> 0;
      };
      if (state == 4) {
        return buf.toByteArray();
      }
      if (buf.size() > 64 * 1024) {
        throw new IOException("request head too long");
      }
    }
  }

  /**
   * Dies like a killed server: stops listening and drops every open connection at once, so a
   * request in flight is cut off and later ones are refused.
   */
  void kill() {
    try {
      close();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (Socket s : sockets) {
      try {
        s.setSoLinger(true, 0);
        s.close();
      } catch (IOException ignored) {
        // closing anyway
      }
    }
  }
}
