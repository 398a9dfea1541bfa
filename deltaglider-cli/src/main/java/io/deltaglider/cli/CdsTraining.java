package io.deltaglider.cli;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Random;
import java.util.stream.Stream;

/**
 * The run the launcher records a class-data sharing archive from ({@code java
 * -XX:ArchiveClassesAtExit=... -Ddeltaglider.cds.training=1 -jar deltaglider-cli.jar}): encodes
 * and decodes a small generated pair with and without LZMA, then stores both files in a local store
 * and reads, lists, checks and deletes them, through the same command-line code a real run takes,
 * so that the classes those commands load start from the archive next time (picocli's own classes
 * excepted on JDK 17: their class files are too old for a dynamic archive).
 * Writes nothing anywhere but a temporary directory, which it removes; never touches S3 or the
 * user's default store.
 */
final class CdsTraining {
  static final String PROPERTY = "deltaglider.cds.training";

  private CdsTraining() {}

  /** Runs the training commands; returns 0 if they all succeeded. */
  static int run() {
    Console quiet = new Console(
        new ByteArrayInputStream(new byte[0]), OutputStream.nullOutputStream(),
        new PrintStream(OutputStream.nullOutputStream()));
    Path dir = null;
    try {
      dir = Files.createTempDirectory("deltaglider-cds-");
      Random random = new Random(17);
      byte[] source = new byte[1 << 20];
      for (int i = 0; i < source.length; i++) {
        source[i] = (byte) ('a' + random.nextInt(random.nextInt(8) == 0 ? 26 : 4));
      }
      byte[] target = source.clone();
      for (int i = 0; i < 200; i++) {
        target[random.nextInt(target.length)] ^= 0x20;
      }
      String src = Files.write(dir.resolve("source"), source).toString();
      String tgt = Files.write(dir.resolve("target"), target).toString();
      String out = dir.resolve("out").toString();
      int status = 0;
      for (String secondary : new String[] {"lzma", "none"}) {
        String delta = dir.resolve("delta-" + secondary).toString();
        status |= Main.run(quiet, "vcdiff", "encode", "-S", secondary, "-s", src, tgt, delta);
        status |= Main.run(quiet, "vcdiff", "decode", "-s", src, delta, out);
        status |= Main.run(quiet, "vcdiff", "decode", "-s", src, delta, "-");
      }
      return status | storeCommands(quiet, dir, source, target);
    } catch (IOException | RuntimeException e) {
      return 1;
    } finally {
      if (dir != null) {
        deleteTree(dir);
      }
    }
  }

  /** The local-store commands an operator runs most, on a store inside {@code dir}. */
  private static int storeCommands(Console quiet, Path dir, byte[] older, byte[] newer)
      throws IOException {
    // .tar names: the store keeps the second version as a delta against the first (the reference).
    String v1 = Files.write(dir.resolve("app-1.0.tar"), older).toString();
    String v2 = Files.write(dir.resolve("app-1.1.tar"), newer).toString();
    String store = dir.resolve("store").toString();
    String out = dir.resolve("restored").toString();
    int status = 0;
    status |= Main.run(quiet, "put", "--store", store, v1, "training/");
    status |= Main.run(quiet, "put", "--store", store, v2, "training/");
    status |= Main.run(quiet, "get", "--store", store, "training/app-1.1.tar", out);
    status |= Main.run(quiet, "ls", "--store", store, "--recursive", "training/");
    status |= Main.run(quiet, "stats", "--store", store);
    status |= Main.run(quiet, "verify", "--store", store);
    status |= Main.run(quiet, "rm", "--store", store, "--recursive", "training/");
    status |= Main.run(quiet, "--version");
    status |= Main.run(quiet, "--help");
    return status;
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException | RuntimeException e) {
      // best effort: a temporary directory
    }
  }
}
