package io.deltaglider.archive;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Archives made by real tools (jar, gzip, tar) and jars from the local Maven repository. */
final class RealArchives {
  private RealArchives() {}

  /** The local Maven repository, resolved from user.home. */
  static Path m2() {
    return Path.of(System.getProperty("user.home"), ".m2", "repository");
  }

  /** Jars of the local Maven repository at these relative paths, those that exist. */
  static List<Path> m2Jars(String... relative) {
    List<Path> found = new ArrayList<>();
    for (String r : relative) {
      Path p = m2().resolve(r);
      if (Files.isRegularFile(p)) {
        found.add(p);
      }
    }
    return found;
  }

  /** Up to {@code n} jars of the local Maven repository between the sizes given, or none. */
  static List<Path> someM2Jars(int n, long minSize, long maxSize) {
    if (!Files.isDirectory(m2())) {
      return List.of();
    }
    try (Stream<Path> s = Files.walk(m2())) {
      return s.filter(p -> p.toString().endsWith(".jar") && !p.toString().endsWith("-sources.jar"))
          .filter(p -> {
            long size = p.toFile().length();
            return size >= minSize && size <= maxSize;
          }).sorted().limit(n).toList();
    } catch (IOException e) {
      return List.of();
    }
  }

  /** Whether a command runs here. */
  static boolean has(String command) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, command))) {
        return true;
      }
    }
    return false;
  }

  /** Runs a command in {@code dir} and fails if it does. */
  static void run(Path dir, String... command) {
    try {
      Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
        p.destroyForcibly();
        throw new IllegalStateException("failed: " + String.join(" ", command));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A directory tree of text and binary files to archive. */
  static void populate(Path dir, long seed) throws IOException {
    Files.createDirectories(dir.resolve("src/main"));
    Files.createDirectories(dir.resolve("bin"));
    for (int i = 0; i < 12; i++) {
      Files.write(dir.resolve("src/main/File" + i + ".java"), Samples.text(seed * 100 + i, 2000 + i * 1500));
    }
    Files.write(dir.resolve("bin/blob.dat"), Samples.random(seed, 30_000));
    Files.write(dir.resolve("empty"), new byte[0]);
  }
}
