package io.deltaglider.archive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Real files against {@code java.util.zip.Deflater}: the entries of a spread of jars from the local
 * Maven repository (skipped when there is none) and files of the running JDK (class files from its
 * runtime image, text and native libraries from its home).
 */
class RealFilesTest {
  private static final int[] LEVELS = {1, 2, 4, 6, 9};

  private static void check(String name, byte[] data) {
    for (int level : LEVELS) {
      byte[] expected = JdkDeflater.deflate(data, level, 0);
      byte[] actual = ZlibDeflater.deflate(data, DeflateParams.of(level));
      if (!java.util.Arrays.equals(expected, actual)) {
        assertArrayEquals(expected, actual, name + " (" + data.length + " bytes) at level " + level);
      }
    }
  }

  /** Up to {@code count} jars spread evenly over the sorted list of the local repository's jars. */
  static List<Path> someJars(int count) throws IOException {
    Path repo = Path.of(System.getProperty("user.home"), ".m2", "repository");
    if (!Files.isDirectory(repo)) {
      return List.of();
    }
    List<Path> jars;
    try (Stream<Path> s = Files.walk(repo)) {
      jars = s.filter(p -> p.toString().endsWith(".jar") && Files.isRegularFile(p)).sorted().collect(Collectors.toList());
    }
    List<Path> picked = new ArrayList<>();
    for (int i = 0; i < count && !jars.isEmpty(); i++) {
      picked.add(jars.get((int) ((long) i * jars.size() / count)));
    }
    return picked;
  }

  @Test
  void jarEntriesFromTheLocalRepository() throws IOException {
    List<Path> jars = someJars(8);
    Assumptions.assumeFalse(jars.isEmpty(), "no jars under ~/.m2/repository; skipping");
    long budget = 6L << 20;
    int entries = 0;
    for (Path jar : jars) {
      try (ZipFile z = new ZipFile(jar.toFile())) {
        for (ZipEntry e : Collections.list(z.entries())) {
          if (e.isDirectory() || budget <= 0) {
            continue;
          }
          byte[] data = z.getInputStream(e).readAllBytes();
          budget -= data.length;
          entries++;
          check(jar.getFileName() + "!" + e.getName(), data);
        }
      } catch (java.util.zip.ZipException e) {
        // not a readable jar: nothing to compare
      }
    }
    assertTrue(entries > 0);
  }

  @Test
  void classFilesOfTheJdk() throws IOException {
    FileSystem jrt = FileSystems.getFileSystem(URI.create("jrt:/"));
    List<Path> classes;
    try (Stream<Path> s = Files.walk(jrt.getPath("/modules/java.base/java/util"))) {
      classes = s.filter(p -> p.toString().endsWith(".class")).sorted().limit(400).collect(Collectors.toList());
    }
    assertTrue(classes.size() > 100);
    for (Path c : classes) {
      check(c.toString(), Files.readAllBytes(c));
    }
  }

  @Test
  void filesOfTheJdkHome() throws IOException {
    Path home = Path.of(System.getProperty("java.home"));
    List<Path> files = new ArrayList<>();
    for (String dir : new String[] {"conf", "legal", "lib"}) {
      Path d = home.resolve(dir);
      if (!Files.isDirectory(d)) {
        continue;
      }
      try (Stream<Path> s = Files.walk(d)) {
        s.filter(Files::isRegularFile).filter(p -> size(p) > 0 && size(p) <= (2 << 20)).sorted().forEach(files::add);
      }
    }
    Assumptions.assumeFalse(files.isEmpty(), "no files under java.home; skipping");
    long budget = 8L << 20;
    for (Path f : files) {
      if (budget <= 0) {
        break;
      }
      byte[] data = Files.readAllBytes(f);
      budget -= data.length;
      check(f.toString(), data);
    }
  }

  private static long size(Path p) {
    try {
      return Files.size(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
