package io.deltaglider.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessCodecTest {
  @TempDir Path dir;

  @Test
  void substitutesPlaceholders() {
    ProcessCodec c = new ProcessCodec("t", List.of("enc", "-s", "{src}", "{in}", "{out}"),
        List.of("dec", "--from={src}", "{in}", "-o", "{out}"), null);
    assertEquals(List.of("enc", "-s", "/a", "/b", "/c"),
        c.encodeCommand(Path.of("/a"), Path.of("/b"), Path.of("/c")));
    assertEquals(List.of("dec", "--from=/a", "/d", "-o", "/e"),
        c.decodeCommand(Path.of("/a"), Path.of("/d"), Path.of("/e")));
  }

  @Test
  void aHangingToolIsKilledRecordedAndNotRunOnLargerPairs() throws Exception {
    Pair small = SyntheticPairs.ensure(dir,
        new SyntheticPairs.Spec("small", SyntheticPairs.Kind.SCATTERED, 32 * 1024), 1);
    Pair large = SyntheticPairs.ensure(dir,
        new SyntheticPairs.Spec("large", SyntheticPairs.Kind.SCATTERED, 64 * 1024), 1);
    ProcessCodec sleeper = new ProcessCodec("sleeper", List.of("sleep", "30"), List.of("true"),
        null);
    ProcessCodec copier = new ProcessCodec("copier", List.of("cp", "{in}", "{out}"),
        List.of("cp", "{in}", "{out}"), null);
    long t0 = System.nanoTime();
    Compare.Result r = Compare.run(new Compare.Options().pairs(List.of(small, large))
        .tools(List.of(sleeper, copier)).timeout(Duration.ofSeconds(1)).rounds(1)
        .out(dir.resolve("out")).warmups(0),
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    assertTrue(System.nanoTime() - t0 < 20_000_000_000L, "the hang was cut short");

    assertEquals("timeout", r.rows().get(0).status());
    assertEquals(Boolean.TRUE, r.rows().get(1).exact(), "the other tool still ran");
    assertEquals("skipped", r.rows().get(2).status());
    assertTrue(r.rows().get(2).note.contains("timed out on small"), r.rows().get(2).note);
    assertEquals(Boolean.TRUE, r.rows().get(3).exact());
  }
}
