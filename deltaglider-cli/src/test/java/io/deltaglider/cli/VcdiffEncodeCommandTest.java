package io.deltaglider.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deltaglider.vcdiff.DecodeResult;
import io.deltaglider.vcdiff.SecondaryCompression;
import io.deltaglider.vcdiff.SourceData;
import io.deltaglider.vcdiff.VcdiffDecoder;
import io.deltaglider.vcdiff.testing.TestData;
import io.deltaglider.vcdiff.testing.Xdelta3;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class VcdiffEncodeCommandTest {
  @TempDir Path dir;
  @TempDir Path work;

  private byte[] source;
  private byte[] target;
  private Path oldFile;
  private Path newFile;

  @BeforeEach
  void files() throws IOException {
    source = TestData.text(21, 400_000);
    target = TestData.edited(source, 22, 40, 300, true);
    oldFile = Files.write(dir.resolve("old.bin"), source);
    newFile = Files.write(dir.resolve("new.bin"), target);
  }

  private Cli.Result encode(String... args) {
    List<String> all = new ArrayList<>(List.of("vcdiff", "encode"));
    all.addAll(Arrays.asList(args));
    return Cli.run(all.toArray(String[]::new));
  }

  private static DecodeResult decodeWithLibrary(byte[] src, byte[] delta, ByteArrayOutputStream out)
      throws IOException {
    return VcdiffDecoder.create().decode(SourceData.of(src), new ByteArrayInputStream(delta), out);
  }

  @Test
  void roundTripsThroughDecode() throws IOException {
    Path delta = dir.resolve("new.vcdiff");
    Cli.Result e = encode("-s", oldFile.toString(), newFile.toString(), delta.toString());
    assertEquals(0, e.exitCode(), e::toString);
    assertEquals("", e.stderr());
    assertTrue(Files.size(delta) < target.length / 5, "delta is small: " + Files.size(delta));

    Path out = dir.resolve("restored.bin");
    Cli.Result d = Cli.run("vcdiff", "decode", "-s", oldFile.toString(), delta.toString(), out.toString());
    assertEquals(0, d.exitCode(), d::toString);
    assertArrayEquals(target, Files.readAllBytes(out));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "-0", "-1", "-9", "--level=3", "-S none", "-S lzma", "-n", "-A", "-A=app", "-W 64K", "-9 -n -S none -A"})
  void xdelta3DecodesWhatEncodeWrites(String flags) throws IOException {
    Xdelta3.require();
    List<String> args = new ArrayList<>();
    if (!flags.isEmpty()) {
      args.addAll(Arrays.asList(flags.split(" ")));
    }
    Path delta = dir.resolve("new.vcdiff");
    args.addAll(List.of("-s", oldFile.toString(), newFile.toString(), delta.toString()));

    Cli.Result r = encode(args.toArray(String[]::new));

    assertEquals(0, r.exitCode(), r::toString);
    assertArrayEquals(target, Xdelta3.decode(work, source, Files.readAllBytes(delta)));
  }

  @Test
  void levelsAndSecondaryChangeTheOutput() throws IOException {
    Path d0 = dir.resolve("d0");
    Path d9 = dir.resolve("d9");
    Path plain = dir.resolve("plain");
    assertEquals(0, encode("-0", "-s", oldFile.toString(), newFile.toString(), d0.toString()).exitCode());
    assertEquals(0, encode("-9", "-s", oldFile.toString(), newFile.toString(), d9.toString()).exitCode());
    assertEquals(0, encode("-S", "none", "-s", oldFile.toString(), newFile.toString(), plain.toString()).exitCode());
    assertTrue(Files.size(d9) < Files.size(d0), "-9 beats -0");

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertEquals(SecondaryCompression.NONE, decodeWithLibrary(source, Files.readAllBytes(plain), out).secondaryCompression());
    // LZMA (the default) is declared only where it compresses a section: it does in -0's delta, which
    // adds the whole text; -9's delta is never larger than the same delta without it.
    assertEquals(SecondaryCompression.LZMA, decodeWithLibrary(source, Files.readAllBytes(d0), out).secondaryCompression());
    Path plain9 = dir.resolve("plain9");
    assertEquals(0, encode("-9", "-S", "none", "-s", oldFile.toString(), newFile.toString(), plain9.toString()).exitCode());
    assertTrue(Files.size(d9) <= Files.size(plain9), "-9 with LZMA is no larger than -9 -S none");
  }

  @Test
  void applicationHeaderDefaultsToXdelta3sFileNames() throws IOException {
    Path delta = dir.resolve("d");
    assertEquals(0, encode("-s", oldFile.toString(), newFile.toString(), delta.toString()).exitCode());
    assertEquals("new.bin//old.bin/", header(source, delta));

    assertEquals(0, encode(newFile.toString(), delta.toString()).exitCode());
    assertEquals("new.bin/", header(new byte[0], delta));
  }

  @Test
  void bareAIsNoHeaderAndDoesNotTakeTheNextArgument() throws IOException {
    Path delta = dir.resolve("d");
    Cli.Result r = encode("-s", oldFile.toString(), "-A", newFile.toString(), delta.toString());
    assertEquals(0, r.exitCode(), r::toString);
    assertEquals(null, header(source, delta));
  }

  @Test
  void aWithValueSetsTheHeader() throws IOException {
    Path delta = dir.resolve("d");
    Cli.Result r = encode("-A=my header", "-s", oldFile.toString(), newFile.toString(), delta.toString());
    assertEquals(0, r.exitCode(), r::toString);
    assertEquals("my header", header(source, delta));
  }

  @Test
  void noChecksumStillDecodes() throws IOException {
    Path delta = dir.resolve("d");
    assertEquals(0, encode("-n", "-s", oldFile.toString(), newFile.toString(), delta.toString()).exitCode());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    decodeWithLibrary(source, Files.readAllBytes(delta), out);
    assertArrayEquals(target, out.toByteArray());
  }

  @Test
  void encodesFromStdinToStdout() throws IOException {
    Cli.Result r = Cli.runWithInput(target, "vcdiff", "encode", "-s", oldFile.toString(), "-", "-");
    assertEquals(0, r.exitCode(), r::toString);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    DecodeResult res = decodeWithLibrary(source, r.stdout(), out);
    assertArrayEquals(target, out.toByteArray());
    assertEquals("-//old.bin/", new String(res.applicationHeader().orElseThrow(), StandardCharsets.UTF_8));
  }

  @Test
  void withoutSourceTheDeltaDecodesWithoutOne() throws IOException {
    Path delta = dir.resolve("d");
    assertEquals(0, encode(newFile.toString(), delta.toString()).exitCode());
    Path out = dir.resolve("out");
    Cli.Result r = Cli.run("vcdiff", "decode", delta.toString(), out.toString());
    assertEquals(0, r.exitCode(), r::toString);
    assertArrayEquals(target, Files.readAllBytes(out));
  }

  @Test
  void verbosePrintsSizesOnStderr() {
    Cli.Result r = encode("-v", "-s", oldFile.toString(), newFile.toString(), dir.resolve("d").toString());
    assertEquals(0, r.exitCode(), r::toString);
    assertEquals(1, r.errLines().size(), r.stderr());
    assertTrue(r.stderr().contains(target.length + " bytes -> delta "), r.stderr());
  }

  @Test
  void missingTargetFailsAndLeavesNoDelta() throws IOException {
    Path missing = dir.resolve("missing.bin");
    Cli.Result r = encode("-s", oldFile.toString(), missing.toString(), dir.resolve("d").toString());
    assertEquals(1, r.exitCode(), r::toString);
    assertEquals(List.of("deltaglider: no such file: " + missing), r.errLines());
    assertEquals(List.of("new.bin", "old.bin"), listDir());
  }

  @Test
  void missingSourceFails() {
    Path missing = dir.resolve("missing.bin");
    Cli.Result r = encode("-s", missing.toString(), newFile.toString(), dir.resolve("d").toString());
    assertEquals(1, r.exitCode(), r::toString);
    assertEquals(List.of("deltaglider: no such file: " + missing), r.errLines());
  }

  @ParameterizedTest
  @ValueSource(strings = {"-S djw", "--level 10", "-W 32M", "-W lots", "--nope"})
  void badSettingsAreUsageErrors(String flags) throws IOException {
    List<String> args = new ArrayList<>(Arrays.asList(flags.split(" ")));
    args.addAll(List.of("-s", oldFile.toString(), newFile.toString(), dir.resolve("d").toString()));
    Cli.Result r = encode(args.toArray(String[]::new));
    assertEquals(2, r.exitCode(), r::toString);
    assertEquals(1, r.errLines().size(), r.stderr());
    assertTrue(r.stderr().startsWith("deltaglider: "), r.stderr());
    assertEquals(List.of("new.bin", "old.bin"), listDir());
  }

  @Test
  void missingDeltaArgumentIsAUsageError() {
    Cli.Result r = encode("-s", oldFile.toString(), newFile.toString());
    assertEquals(2, r.exitCode(), r::toString);
    assertTrue(r.stderr().contains("'DELTA'"), r.stderr());
  }

  @Test
  void helpShowsTheXdelta3StyleFlags() {
    Cli.Result r = encode("--help");
    assertEquals(0, r.exitCode(), r::toString);
    for (String s : List.of("[-0..-9]", "-S", "-n", "-A", "-W", "TARGET", "DELTA", "Exit status:")) {
      assertTrue(r.out().contains(s), () -> s + " missing from\n" + r.out());
    }
  }

  private static String header(byte[] src, Path delta) throws IOException {
    Optional<byte[]> h = decodeWithLibrary(src, Files.readAllBytes(delta), new ByteArrayOutputStream()).applicationHeader();
    return h.map(b -> new String(b, StandardCharsets.UTF_8)).orElse(null);
  }

  private List<String> listDir() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
