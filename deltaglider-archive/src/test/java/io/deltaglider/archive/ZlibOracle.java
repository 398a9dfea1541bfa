package io.deltaglider.archive;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The system zlib as an oracle for every parameter, through a small C program
 * ({@code src/test/c/zlib-oracle.c}) compiled into {@code target/} with {@code gcc ... -lz} on first
 * use and kept running for the JVM's lifetime. Without gcc or zlib.h the tests that need it are
 * skipped (failed instead with {@code DELTAGLIDER_REQUIRE_ZLIB_ORACLE=1}, as CI runs them).
 *
 * <p>Only zlib versions whose deflate output this project reproduces are accepted (1.2.12 to
 * 1.3.1); another system zlib also skips.
 */
final class ZlibOracle {
  static final String REQUIRE_ENV = "DELTAGLIDER_REQUIRE_ZLIB_ORACLE";
  private static final List<String> VERSIONS = List.of("1.2.12", "1.2.13", "1.3", "1.3.1");

  private static ZlibOracle instance;
  private static String unavailable;

  private final Process process;
  private final OutputStream toHelper;
  private final DataInputStream fromHelper;
  final String version;

  private ZlibOracle(Process process) throws IOException {
    this.process = process;
    this.toHelper = process.getOutputStream();
    this.fromHelper = new DataInputStream(process.getInputStream());
    byte[] v = new byte[readInt()];
    fromHelper.readFully(v);
    version = new String(v, StandardCharsets.US_ASCII);
  }

  /** The running oracle, or a skip (or failure, when required) with the reason. */
  static synchronized ZlibOracle require() {
    if (instance == null && unavailable == null) {
      try {
        instance = start();
      } catch (IOException | InterruptedException e) {
        unavailable = e.getMessage();
      }
      if (instance != null && !VERSIONS.contains(instance.version)) {
        unavailable = "the system zlib is " + instance.version + ", not one of " + VERSIONS;
        instance.close();
        instance = null;
      }
    }
    if (instance == null) {
      String msg = "zlib oracle unavailable: " + unavailable
          + " (needs gcc and zlib.h: apt-get install -y gcc zlib1g-dev)";
      if ("1".equals(System.getenv(REQUIRE_ENV))) {
        throw new AssertionError(msg + "; " + REQUIRE_ENV + "=1 makes this a failure");
      }
      Assumptions.abort(msg + "; skipping");
    }
    return instance;
  }

  private static ZlibOracle start() throws IOException, InterruptedException {
    Path source = Path.of("src", "test", "c", "zlib-oracle.c").toAbsolutePath();
    Path exe = Path.of("target", "zlib-oracle").toAbsolutePath();
    if (!Files.isRegularFile(source)) {
      throw new IOException("missing " + source);
    }
    if (!Files.isExecutable(exe)
        || Files.getLastModifiedTime(exe).compareTo(Files.getLastModifiedTime(source)) < 0) {
      Files.createDirectories(exe.getParent());
      Process cc;
      try {
        cc = new ProcessBuilder("gcc", "-O2", "-o", exe.toString(), source.toString(), "-lz")
            .redirectErrorStream(true).start();
      } catch (IOException e) {
        throw new IOException("gcc not found", e);
      }
      byte[] log = cc.getInputStream().readAllBytes();
      if (!cc.waitFor(60, TimeUnit.SECONDS) || cc.exitValue() != 0) {
        throw new IOException("gcc failed: " + new String(log, StandardCharsets.UTF_8).strip());
      }
    }
    Process p = new ProcessBuilder(exe.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    ZlibOracle oracle = new ZlibOracle(p);
    Runtime.getRuntime().addShutdownHook(new Thread(oracle::close));
    return oracle;
  }

  private void close() {
    process.destroy();
  }

  /** zlib given all of {@code input} with Z_NO_FLUSH and room for all output, then Z_FINISH. */
  byte[] deflate(byte[] input, DeflateParams p) {
    return run(input, p, -p.windowBits(), null, 0);
  }

  /** zlib fed {@code input} in pieces of {@code chunk} bytes with Z_NO_FLUSH, then Z_FINISH. */
  byte[] deflateChunked(byte[] input, DeflateParams p, int chunk) {
    return run(input, p, -p.windowBits(), null, chunk);
  }

  /** As {@link #deflate(byte[], DeflateParams)}, in {@code wrapper} (gzip without deflateSetHeader). */
  byte[] deflate(byte[] input, DeflateParams p, WrappedDeflater.Wrapper wrapper) {
    int w = p.windowBits();
    return run(input, p, wrapper == WrappedDeflater.Wrapper.RAW ? -w : wrapper == WrappedDeflater.Wrapper.ZLIB
        ? w : 16 + w, null, 0);
  }

  /** zlib after deflateInit2 with {@code windowBits} as given (for values {@link DeflateParams} refuses). */
  byte[] deflateWindowBits(byte[] input, DeflateParams p, int windowBits) {
    return run(input, p, windowBits, null, 0);
  }

  /** As {@link #deflate(byte[], DeflateParams)}, as gzip with {@code header} given to deflateSetHeader. */
  byte[] gzip(byte[] input, DeflateParams p, GzipHeader header) {
    return run(input, p, 16 + p.windowBits(), header, 0);
  }

  private synchronized byte[] run(byte[] input, DeflateParams p, int windowBits, GzipHeader header, int chunk) {
    try {
      byte[] head = header == null ? new byte[0] : headerFields(header);
      ByteArrayOutputStream req = new ByteArrayOutputStream(input.length + head.length + 32);
      for (int v : new int[] {p.level(), windowBits, p.memLevel(), p.strategy(), chunk, 0, head.length,
          input.length}) {
        writeInt(req, v);
      }
      req.write(head);
      req.write(input);
      req.writeTo(toHelper);
      toHelper.flush();
      int status = readInt();
      byte[] out = new byte[readInt()];
      fromHelper.readFully(out);
      if (status != 0) {
        throw new IllegalStateException("zlib returned " + status + " for " + p);
      }
      return out;
    } catch (IOException e) {
      throw new IllegalStateException("zlib oracle died", e);
    }
  }

  /** The fields of a gz_header, as zlib-oracle.c reads them. */
  private static byte[] headerFields(GzipHeader h) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.write(h.text() ? 1 : 0);
    b.write(h.headerCrc() ? 1 : 0);
    b.write(h.os());
    writeInt(b, (int) h.mtime());
    for (byte[] field : new byte[][] {h.extra(), h.name(), h.comment()}) {
      writeInt(b, field == null ? -1 : field.length);
      if (field != null) {
        b.write(field);
      }
    }
    return b.toByteArray();
  }

  private static void writeInt(OutputStream out, int v) throws IOException {
    out.write(v);
    out.write(v >>> 8);
    out.write(v >>> 16);
    out.write(v >>> 24);
  }

  private int readInt() throws IOException {
    InputStream in = fromHelper;
    int a = in.read();
    int b = in.read();
    int c = in.read();
    int d = in.read();
    if ((a | b | c | d) < 0) {
      throw new EOFException("zlib oracle closed its output");
    }
    return a | b << 8 | c << 16 | d << 24;
  }
}
