package io.deltaglider.benchmarks;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

/**
 * Large {@code .tar.gz} release pairs for the archive-aware speed goals (issue 19): a tar of real
 * jars from the local Maven repository, gzip'd by {@code java.util.zip} at its default level 6
 * (zlib, so every stream is reproducible; GNU gzip's output is not zlib's). Deterministic for a
 * given local repository: artifacts in path order, each at its oldest version in v1; in v2 every
 * 10th artifact that has another version is at its newest (a dependency upgrade), and the leading
 * {@code NOTES.txt} differs. Passes over the artifacts repeat under {@code pass-N/} until the tar
 * reaches the size asked for. Streamed to files; idempotent.
 *
 * <pre>
 * mvn -B -o -q -pl benchmarks -am package -DskipTests
 * java -cp benchmarks/target/benchmarks.jar io.deltaglider.benchmarks.ArchivePairs 100 ~/.cache/deltaglider-corpus/archive
 * java -cp benchmarks/target/benchmarks.jar io.deltaglider.benchmarks.ArchivePairs 1024 ~/.cache/deltaglider-corpus/archive
 * </pre>
 *
 * writes {@code jars-100MiB-v1.tar.gz} and {@code jars-100MiB-v2.tar.gz} (and the 1024 MiB pair).
 */
public final class ArchivePairs {
  private ArchivePairs() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      System.err.println("usage: ArchivePairs SIZE_MIB OUT_DIR");
      System.exit(2);
    }
    long size = Long.parseLong(args[0]) << 20;
    Path out = Files.createDirectories(Path.of(args[1]));
    Path m2 = Path.of(System.getProperty("user.home"), ".m2", "repository");
    Map<Path, List<Path>> artifacts = artifacts(m2);
    for (int version = 1; version <= 2; version++) {
      Path file = out.resolve("jars-" + args[0] + "MiB-v" + version + ".tar.gz");
      if (Files.exists(file)) {
        System.out.println("kept " + file);
        continue;
      }
      Path part = out.resolve(file.getFileName() + ".part");
      long n = write(artifacts, m2, size, version == 2, part);
      Files.move(part, file, StandardCopyOption.REPLACE_EXISTING);
      System.out.printf("wrote %s: tar of %,d bytes, %,d bytes%n", file, n, Files.size(file));
    }
  }

  /** Jars (no sources or javadoc) by artifact directory, versions in path order. */
  static Map<Path, List<Path>> artifacts(Path m2) throws IOException {
    Map<Path, List<Path>> byArtifact = new TreeMap<>();
    try (Stream<Path> s = Files.walk(m2)) {
      for (Path p : s.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
        String name = p.getFileName().toString();
        if (name.endsWith("-sources.jar") || name.endsWith("-javadoc.jar") || name.endsWith("-tests.jar")) {
          continue;
        }
        byArtifact.computeIfAbsent(p.getParent().getParent(), k -> new ArrayList<>()).add(p);
      }
    }
    return byArtifact;
  }

  private static long write(Map<Path, List<Path>> artifacts, Path m2, long size, boolean v2, Path file)
      throws IOException {
    try (OutputStream gz = new GZIPOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16), 1 << 16);
        TarOut tar = new TarOut(gz)) {
      tar.file("NOTES.txt", ("release " + (v2 ? 2 : 1) + "\n").repeat(50).getBytes(StandardCharsets.US_ASCII));
      for (int pass = 0; tar.count < size; pass++) {
        int i = 0;
        for (Map.Entry<Path, List<Path>> a : artifacts.entrySet()) {
          if (tar.count >= size) {
            break;
          }
          List<Path> versions = a.getValue();
          Path jar = v2 && i++ % 10 == 0 ? versions.get(versions.size() - 1) : versions.get(0);
          String name = "pass-" + pass + "/" + m2.relativize(a.getKey()) + "/" + jar.getFileName();
          try (InputStream in = Files.newInputStream(jar)) {
            tar.file(name, Files.size(jar), in);
          }
        }
      }
      return tar.finish();
    }
  }

  /** A ustar writer: regular files, long names through GNU's {@code ././@LongLink}. */
  private static final class TarOut implements AutoCloseable {
    private final OutputStream out;
    long count;

    TarOut(OutputStream out) {
      this.out = out;
    }

    void file(String name, byte[] content) throws IOException {
      file(name, content.length, new java.io.ByteArrayInputStream(content));
    }

    void file(String name, long size, InputStream in) throws IOException {
      byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
      if (bytes.length > 99) {
        header("././@LongLink", bytes.length + 1, 'L');
        write(bytes, bytes.length);
        write(new byte[1], 1);
        pad(bytes.length + 1);
      }
      header(name.length() > 99 ? name.substring(0, 99) : name, size, '0');
      long n = in.transferTo(new OutputStream() {
        @Override
        public void write(int b) throws IOException {
          write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
          out.write(b, off, len);
          count += len;
        }
      });
      if (n != size) {
        throw new IOException(name + " changed while it was read");
      }
      pad(size);
    }

    private void header(String name, long size, char type) throws IOException {
      byte[] h = new byte[512];
      put(h, 0, name, 100);
      put(h, 100, "0000644", 8);
      put(h, 108, "0000000", 8);
      put(h, 116, "0000000", 8);
      put(h, 124, String.format("%011o", size), 12);
      put(h, 136, "00000000000", 12);
      h[156] = (byte) type;
      put(h, 257, "ustar", 6);
      put(h, 263, "00", 2);
      java.util.Arrays.fill(h, 148, 156, (byte) ' ');
      long sum = 0;
      for (byte b : h) {
        sum += b & 0xff;
      }
      put(h, 148, String.format("%06o", sum), 7);
      write(h, 512);
    }

    private static void put(byte[] h, int at, String s, int max) {
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      System.arraycopy(b, 0, h, at, Math.min(b.length, max));
    }

    private void pad(long size) throws IOException {
      int pad = (int) ((512 - size % 512) % 512);
      write(new byte[pad], pad);
    }

    private void write(byte[] b, int len) throws IOException {
      out.write(b, 0, len);
      count += len;
    }

    long finish() throws IOException {
      write(new byte[1024], 1024);
      return count;
    }

    @Override
    public void close() throws IOException {
      out.close();
    }
  }
}
