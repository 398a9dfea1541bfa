package io.deltaglider.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What only a real process shows (issue 15): bytes on the command line that are not UTF-8, and
 * standard input redirected from a /proc file.
 */
class InterruptAndRawInputIT {
  private static final Path ROOT =
      Path.of(System.getProperty("deltaglider.repo.root", "..")).toAbsolutePath().normalize();
  private static Path jar;

  @TempDir Path dir;

  @BeforeAll
  static void findJar() {
    Assumptions.assumeTrue(StoreCliJarIT.localStoreBuiltIn(), "deltaglider-storage-fs is not in this build");
    String prop = System.getProperty("deltaglider.cli.jar");
    jar = Path.of(prop != null ? prop : "target/deltaglider-cli.jar").toAbsolutePath();
    assertTrue(Files.isRegularFile(jar), "the shaded jar is missing: " + jar + " (run mvn verify)");
  }

  private List<String> java(String... args) {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-jar", jar.toString()));
    cmd.addAll(List.of(args));
    return cmd;
  }

  @Test
  void undecodableBytesInArgumentsAreRefusedAlsoOnTheLauncherFastPath() throws Exception {
    Files.writeString(dir.resolve("app.txt"), "app");
    Map<String, String> env = Map.of("LC_ALL", "C.UTF-8", "DELTAGLIDER_SKIP_BUILD", "1",
        "JAVA_HOME", System.getProperty("java.home"), "DELTAGLIDER_STORE", dir.resolve("store").toString());
    String launcher = ROOT.resolve("deltaglider").toString();
    // bash's printf makes the byte 0xFF, which no UTF-8 string holds; ProcessBuilder cannot pass it.
    Cli.Result put = Proc.run(dir, env, new byte[0],
        List.of("bash", "-c", "exec bash \"$0\" put app.txt \"k/caf$(printf '\\xff').txt\"", launcher));
    assertEquals(2, put.exitCode(), put::toString);
    assertTrue(put.stderr().startsWith("deltaglider: argument 3 "), put.stderr());
    assertEquals(1, put.errLines().size(), put.stderr());
    assertTrue(Files.notExists(dir.resolve("store")), "nothing stored");

    // vcdiff decode goes through QuickVcdiff (no picocli): refused there too, not "no such file".
    Cli.Result decode = Proc.run(dir, env, new byte[0],
        List.of("bash", "-c", "exec bash \"$0\" vcdiff decode -s \"src$(printf '\\xfe')\" d.vcdiff out", launcher));
    assertEquals(2, decode.exitCode(), decode::toString);
    assertTrue(decode.stderr().startsWith("deltaglider: argument 4 "), decode.stderr());
  }

  @Test
  void putFromStandardInputRedirectedFromAProcFile() throws Exception {
    Path version = Path.of("/proc/version");
    Assumptions.assumeTrue(Files.isRegularFile(version), "Linux procfs");
    Path store = dir.resolve("store");
    // Standard input is then the /proc file itself, whose available() the JDK cannot answer.
    Process put = new ProcessBuilder(java("put", "--store", store.toString(), "-", "proc/version"))
        .directory(dir.toFile()).redirectInput(version.toFile()).redirectErrorStream(true).start();
    String output = new String(readAll(put.getInputStream()), StandardCharsets.UTF_8);
    assertTrue(put.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, put.exitValue(), output);
    Cli.Result back = Proc.run(dir, Map.of(), new byte[0], java("get", "--store", store.toString(), "proc/version", "-"));
    assertEquals(0, back.exitCode(), back::toString);
    assertArrayEquals(Files.readAllBytes(version), back.stdout());
  }

  private static byte[] readAll(InputStream in) {
    try (in) {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      in.transferTo(b);
      return b.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
