package io.deltaglider.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deltaglider.vcdiff.testing.TestData;
import io.deltaglider.vcdiff.testing.Xdelta3;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded jar run as a real {@code java -jar} process, the way {@code ./deltaglider} runs it.
 * Runs in the integration-test phase, after package (see the pom).
 */
class CliJarIT {
  private static final byte[] HELLO = "hello from a child process\n".getBytes(StandardCharsets.UTF_8);

  private static Path jar;

  @TempDir Path dir;
  @TempDir Path work;

  @BeforeAll
  static void findJar() {
    String prop = System.getProperty("deltaglider.cli.jar");
    jar = Path.of(prop != null ? prop : "target/deltaglider-cli.jar").toAbsolutePath();
    assertTrue(Files.isRegularFile(jar), "the shaded jar is missing: " + jar + " (run mvn verify)");
  }

  private Cli.Result java(byte[] stdin, String... args) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-jar");
    cmd.add(jar.toString());
    cmd.addAll(Arrays.asList(args));
    return Proc.run(dir, Map.of(), stdin, cmd);
  }

  /**
   * The jar carries the libraries' classes as they were just compiled. Regression: while the shaded
   * jar replaced the module's plain jar, a rebuild after a change to deltaglider-vcdiff re-shaded
   * the previous shaded jar, whose stale copies of the codec's classes won over the new ones.
   */
  @Test
  void carriesTheLibrariesClassesAsCompiled() throws Exception {
    Path root = Path.of(System.getProperty("deltaglider.repo.root", "..")).toAbsolutePath().normalize();
    int compared = 0;
    try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(jar.toFile())) {
      for (String module : List.of("deltaglider-vcdiff", "deltaglider-core")) {
        Path classes = root.resolve(module).resolve("target/classes");
        assertTrue(Files.isDirectory(classes), "not built: " + classes);
        try (var s = Files.walk(classes)) {
          for (Path c : s.filter(p -> p.toString().endsWith(".class")).toList()) {
            String name = classes.relativize(c).toString().replace(java.io.File.separatorChar, '/');
            java.util.zip.ZipEntry e = zip.getEntry(name);
            assertTrue(e != null, name + " is missing from " + jar);
            try (var in = zip.getInputStream(e)) {
              assertTrue(Arrays.equals(Files.readAllBytes(c), in.readAllBytes()),
                  name + " in " + jar + " is not the one in " + classes);
            }
            compared++;
          }
        }
      }
    }
    assertTrue(compared > 50, "compared only " + compared + " classes");
  }

  @Test
  void helpExitsZero() throws Exception {
    Cli.Result r = java(new byte[0], "--help");
    assertEquals(0, r.exitCode(), r::toString);
    assertTrue(r.out().startsWith("Usage: deltaglider"), r.out());
    assertEquals("", r.stderr());
  }

  @Test
  void decodesFileToFile() throws Exception {
    Files.write(dir.resolve("d.vcdiff"), HandMadeDeltas.addOnly(HELLO));
    Cli.Result r = java(new byte[0], "vcdiff", "decode", "d.vcdiff", "out.txt");
    assertEquals(0, r.exitCode(), r::toString);
    assertArrayEquals(HELLO, Files.readAllBytes(dir.resolve("out.txt")));
  }

  @Test
  void decodesAnXdelta3DeltaFromStdinToStdout() throws Exception {
    Xdelta3.require();
    byte[] source = TestData.text(11, 2_000_000);
    byte[] target = TestData.edited(source, 12, 100, 500, true);
    byte[] delta = Xdelta3.encode(work, source, target, "-9");
    Files.write(dir.resolve("old.bin"), source);

    Cli.Result r = java(delta, "vcdiff", "decode", "-s", "old.bin", "-", "-");

    assertEquals(0, r.exitCode(), r::toString);
    assertEquals("", r.stderr());
    assertArrayEquals(target, r.stdout());
  }

  @Test
  void encodeThenDecodeRoundTripsAndXdelta3AgreesOnTheDelta() throws Exception {
    byte[] source = TestData.text(14, 1_000_000);
    byte[] target = TestData.edited(source, 15, 60, 400, true);
    Files.write(dir.resolve("v1.bin"), source);
    Files.write(dir.resolve("v2.bin"), target);

    Cli.Result e = java(new byte[0], "vcdiff", "encode", "-9", "-s", "v1.bin", "v2.bin", "v2.vcdiff");
    assertEquals(0, e.exitCode(), e::toString);
    Cli.Result d = java(new byte[0], "vcdiff", "decode", "-s", "v1.bin", "v2.vcdiff", "v2.out");
    assertEquals(0, d.exitCode(), d::toString);
    assertArrayEquals(target, Files.readAllBytes(dir.resolve("v2.out")));

    Xdelta3.require();
    assertArrayEquals(target, Xdelta3.decode(work, source, Files.readAllBytes(dir.resolve("v2.vcdiff"))));
  }

  @Test
  void corruptedDeltaExitsOneWithOneLineAndNoOutput() throws Exception {
    byte[] delta = HandMadeDeltas.addOnly(TestData.random(13, 5000));
    Files.write(dir.resolve("d.vcdiff"), Arrays.copyOf(delta, delta.length / 2));

    Cli.Result r = java(new byte[0], "vcdiff", "decode", "d.vcdiff", "out.bin");

    assertEquals(1, r.exitCode(), r::toString);
    assertEquals(1, r.errLines().size(), r.stderr());
    assertTrue(r.stderr().startsWith("deltaglider: cannot decode d.vcdiff: "), r.stderr());
    assertFalse(Files.exists(dir.resolve("out.bin")));
    try (var s = Files.list(dir)) {
      assertEquals(List.of("d.vcdiff"), s.map(p -> p.getFileName().toString()).toList());
    }
  }

  @Test
  void aFailedWriteToStandardOutputFailsTheDecode() throws Exception {
    // Several windows, so the failing writes happen on the write-behind thread mid-decode.
    byte[] source = TestData.text(16, 3_000_000);
    byte[] target = TestData.edited(source, 17, 60, 400, true);
    Files.write(dir.resolve("v1.bin"), source);
    Files.write(dir.resolve("v2.bin"), target);
    Cli.Result e = java(new byte[0], "vcdiff", "encode", "-W", "256K", "-s", "v1.bin", "v2.bin", "v2.vcdiff");
    assertEquals(0, e.exitCode(), e::toString);

    List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-jar", jar.toString(), "vcdiff", "decode", "-s", "v1.bin", "v2.vcdiff", "-");
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile())
        .redirectOutput(new java.io.File("/dev/full"))
        .redirectError(dir.resolve("err.txt").toFile());
    Process p = pb.start();
    assertTrue(p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS));
    List<String> err = Files.readAllLines(dir.resolve("err.txt"));
    assertEquals(1, p.exitValue(), err::toString);
    assertEquals(1, err.size(), err::toString);
    assertTrue(err.get(0).startsWith("deltaglider: "), err::toString);
    assertTrue(err.get(0).contains("No space left on device"), err::toString);
  }

  @Test
  void missingFileExitsOne() throws Exception {
    Cli.Result r = java(new byte[0], "vcdiff", "decode", "missing.vcdiff", "out.bin");
    assertEquals(1, r.exitCode(), r::toString);
    assertEquals(List.of("deltaglider: no such file: missing.vcdiff"), r.errLines());
  }

  @Test
  void badUsageExitsTwo() throws Exception {
    Cli.Result r = java(new byte[0], "vcdiff", "decode", "--bogus", "a", "b");
    assertEquals(2, r.exitCode(), r::toString);
    assertEquals(1, r.errLines().size(), r.stderr());
    assertTrue(r.stderr().startsWith("deltaglider: unknown option: '--bogus'"), r.stderr());
  }
}
