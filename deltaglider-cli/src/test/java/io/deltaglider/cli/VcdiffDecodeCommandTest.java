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
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class VcdiffDecodeCommandTest {
  private static final byte[] HELLO = "hello, delta\n".getBytes(StandardCharsets.US_ASCII);

  @TempDir Path dir;
  @TempDir Path work; // xdelta3's scratch files

  // ---- without xdelta3: hand-made deltas ----

  @Test
  void decodesADeltaThatNeedsNoSourceFromFileToFile() throws IOException {
    Path delta = Files.write(dir.resolve("d.vcdiff"), HandMadeDeltas.addOnly(HELLO));
    Path out = dir.resolve("out.txt");

    Cli.Result r = Cli.run("vcdiff", "decode", delta.toString(), out.toString());

    assertEquals(0, r.exitCode(), r::toString);
    assertEquals("", r.stderr());
    assertEquals(0, r.stdout().length);
    assertArrayEquals(HELLO, Files.readAllBytes(out));
    assertEquals(List.of("d.vcdiff", "out.txt"), listDir());
  }

  @Test
  void decodesFromStdinToStdout() throws IOException {
    byte[] source = TestData.random(1, 10_000);
    Path src = Files.write(dir.resolve("src.bin"), source);
    byte[] delta = HandMadeDeltas.copyThenAdd(100, 5_000, HELLO);

    Cli.Result r = Cli.runWithInput(delta, "vcdiff", "decode", "-s", src.toString(), "-", "-");

    assertEquals(0, r.exitCode(), r::toString);
    assertEquals("", r.stderr());
    assertArrayEquals(concat(Arrays.copyOfRange(source, 100, 5_100), HELLO), r.stdout());
  }

  @Test
  void verboseReportsWhatWasDecodedOnStderr() throws IOException {
    Path delta = Files.write(dir.resolve("d.vcdiff"), HandMadeDeltas.addOnly(HELLO));
    Cli.Result r = Cli.run("vcdiff", "decode", "-v", "-f", delta.toString(), dir.resolve("o").toString());
    assertEquals(0, r.exitCode(), r::toString);
    assertEquals(1, r.errLines().size(), r.stderr());
    assertTrue(r.stderr().contains(HELLO.length + " bytes in 1 window(s)"), r.stderr());
  }

  @Test
  void replacesAnExistingOutput() throws IOException {
    Path delta = Files.write(dir.resolve("d.vcdiff"), HandMadeDeltas.addOnly(HELLO));
    Path out = Files.writeString(dir.resolve("out.txt"), "an older, longer file that gets replaced");

    Cli.Result r = Cli.run("vcdiff", "decode", delta.toString(), out.toString());

    assertEquals(0, r.exitCode(), r::toString);
    assertArrayEquals(HELLO, Files.readAllBytes(out));
  }

  @Test
  void truncatedDeltaFailsWithOneLineAndLeavesNoOutput() throws IOException {
    byte[] whole = HandMadeDeltas.addOnly(TestData.random(2, 1000));
    Path delta = Files.write(dir.resolve("d.vcdiff"), Arrays.copyOf(whole, whole.length - 10));
    Path out = dir.resolve("out.bin");

    Cli.Result r = Cli.run("vcdiff", "decode", delta.toString(), out.toString());

    assertFailure(1, r, "cannot decode " + delta);
    assertFalse(Files.exists(out));
    assertEquals(List.of("d.vcdiff"), listDir(), "no temporary file left behind");
  }

  @Test
  void failedDecodeLeavesAnExistingOutputUntouched() throws IOException {
    Path delta = Files.writeString(dir.resolve("d.vcdiff"), "not a delta at all");
    Path out = Files.writeString(dir.resolve("out.txt"), "keep me");

    Cli.Result r = Cli.run("vcdiff", "decode", delta.toString(), out.toString());

    assertFailure(1, r, "not a VCDIFF");
    assertEquals("keep me", Files.readString(out));
    assertEquals(List.of("d.vcdiff", "out.txt"), listDir());
  }

  @Test
  void deltaNeedingASourceWithoutOneFails() throws IOException {
    Path delta = Files.write(dir.resolve("d.vcdiff"), HandMadeDeltas.copyThenAdd(0, 100, HELLO));
    Path out = dir.resolve("out.bin");

    Cli.Result r = Cli.run("vcdiff", "decode", delta.toString(), out.toString());

    assertFailure(1, r, "-s");
    assertFalse(Files.exists(out));
  }

  @Test
  void missingDeltaFileIsAFailureNamingTheFile() {
    Path missing = dir.resolve("no-such.vcdiff");
    Cli.Result r = Cli.run("vcdiff", "decode", missing.toString(), dir.resolve("o").toString());
    assertFailure(1, r, "no such file: " + missing);
    assertFalse(Files.exists(dir.resolve("o")));
  }

  @Test
  void missingSourceFileIsAFailureNamingTheFile() throws IOException {
    Path delta = Files.write(dir.resolve("d.vcdiff"), HandMadeDeltas.addOnly(HELLO));
    Path missing = dir.resolve("no-such.bin");
    Cli.Result r =
        Cli.run("vcdiff", "decode", "-s", missing.toString(), delta.toString(), dir.resolve("o").toString());
    assertFailure(1, r, "no such file: " + missing);
    assertFalse(Files.exists(dir.resolve("o")));
  }

  @Test
  void missingOutputDirectoryIsAFailure() throws IOException {
    Path delta = Files.write(dir.resolve("d.vcdiff"), HandMadeDeltas.addOnly(HELLO));
    Cli.Result r =
        Cli.run("vcdiff", "decode", delta.toString(), dir.resolve("nope/out").toString());
    assertFailure(1, r, "output directory does not exist");
  }

  @Test
  void missingOutputArgumentIsAUsageError() {
    Cli.Result r = Cli.run("vcdiff", "decode", "d.vcdiff");
    assertFailure(2, r, "missing required parameter: 'OUTPUT'");
    assertTrue(r.stderr().contains("'deltaglider vcdiff decode --help'"), r.stderr());
  }

  @ParameterizedTest
  @ValueSource(strings = {"--nope", "-x", "--source"})
  void badOptionsAreUsageErrors(String option) {
    Cli.Result r = Cli.run("vcdiff", "decode", option, "d.vcdiff", "out");
    assertEquals(2, r.exitCode(), r::toString);
    assertEquals(1, r.errLines().size(), r.stderr());
  }

  @Test
  void tooManyArgumentsIsAUsageError() {
    Cli.Result r = Cli.run("vcdiff", "decode", "a", "b", "c");
    assertEquals(2, r.exitCode(), r::toString);
    assertEquals(1, r.errLines().size(), r.stderr());
  }

  @Test
  void vcdiffWithoutSubcommandIsAUsageError() {
    Cli.Result r = Cli.run("vcdiff");
    assertEquals(2, r.exitCode(), r::toString);
    assertEquals(1, r.errLines().size(), r.stderr());
  }

  @Test
  void debugPrintsTheStackTraceOfAFailure() throws IOException {
    Path delta = Files.writeString(dir.resolve("d.vcdiff"), "garbage");
    Cli.Result r = Cli.run("vcdiff", "decode", "--debug", delta.toString(), dir.resolve("o").toString());
    assertEquals(1, r.exitCode(), r::toString);
    assertTrue(r.errLines().get(0).startsWith("deltaglider: cannot decode"), r.stderr());
    assertTrue(r.stderr().contains("VcdiffException"), r.stderr());
  }

  @Test
  void decodeHelpDescribesTheArgumentsAndExitStatuses() {
    Cli.Result r = Cli.run("vcdiff", "decode", "--help");
    assertEquals(0, r.exitCode(), r::toString);
    for (String s : List.of("DELTA", "OUTPUT", "--source", "--no-checksum", "Exit status:")) {
      assertTrue(r.out().contains(s), () -> s + " missing from\n" + r.out());
    }
  }

  // ---- deltas made by the real xdelta3 ----

  @ParameterizedTest
  @ValueSource(strings = {"-9", "-1 -S none", "-S djw", "-S fgk", "-n", "-A=my-header", "-W 16384 -B 524288"})
  void decodesWhatXdelta3Encodes(String flags) throws IOException {
    Xdelta3.require();
    byte[] source = TestData.text(3, 300_000);
    byte[] target = TestData.edited(source, 4, 30, 200, true);
    byte[] delta = Xdelta3.encode(work, source, target, flags.split(" "));
    Path src = Files.write(dir.resolve("old.bin"), source);
    Path d = Files.write(dir.resolve("new.vcdiff"), delta);
    Path out = dir.resolve("new.bin");

    Cli.Result r = Cli.run("vcdiff", "decode", "-s", src.toString(), d.toString(), out.toString());

    assertEquals(0, r.exitCode(), r::toString);
    assertArrayEquals(target, Files.readAllBytes(out));
  }

  @Test
  void outputMayReplaceTheSourceItself() throws IOException {
    Xdelta3.require();
    byte[] source = TestData.text(7, 200_000);
    byte[] target = TestData.edited(source, 8, 20, 500, true);
    Path file = Files.write(dir.resolve("app.bin"), source);
    Path d = Files.write(dir.resolve("app.vcdiff"), Xdelta3.encode(work, source, target));

    Cli.Result r = Cli.run("vcdiff", "decode", "-s", file.toString(), d.toString(), file.toString());

    assertEquals(0, r.exitCode(), r::toString);
    assertArrayEquals(target, Files.readAllBytes(file));
  }

  @Test
  void corruptedXdelta3DeltaFailsTheChecksumWithOneLineAndNoOutput() throws IOException {
    Xdelta3.require();
    byte[] source = TestData.random(5, 200_000);
    byte[] target = TestData.edited(source, 6, 20, 1000, false);
    byte[] delta = Xdelta3.encode(work, source, target, "-S", "none");
    delta[delta.length - 20] ^= 0x55; // inside the last window's data, after its checksum
    Path src = Files.write(dir.resolve("old.bin"), source);
    Path d = Files.write(dir.resolve("new.vcdiff"), delta);
    Path out = dir.resolve("new.bin");
    List<String> before = listDir();

    Cli.Result r = Cli.run("vcdiff", "decode", "-s", src.toString(), d.toString(), out.toString());

    assertFailure(1, r, "cannot decode");
    assertFalse(Files.exists(out));
    assertEquals(before, listDir(), "no temporary file left behind");
  }

  private static void assertFailure(int code, Cli.Result r, String expectedInMessage) {
    assertEquals(code, r.exitCode(), r::toString);
    assertEquals(1, r.errLines().size(), () -> "expected one line on stderr: " + r.stderr());
    assertTrue(r.stderr().startsWith("deltaglider: "), r.stderr());
    assertTrue(r.stderr().contains(expectedInMessage), () -> "'" + expectedInMessage + "' not in " + r.stderr());
    assertEquals(0, r.stdout().length, "nothing on stdout");
  }

  private List<String> listDir() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] r = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, r, a.length, b.length);
    return r;
  }
}
