package io.deltaglider.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The comparison runner, end to end on a tiny generated pair: every tool gets a row. */
class CompareSmokeTest {
  @TempDir Path dir;

  @Test
  void everyToolRoundTripsATinyPairByteExactInForkedWorkers() throws Exception {
    Pair pair = SyntheticPairs.ensure(dir.resolve("corpus"),
        new SyntheticPairs.Spec("tiny-mixed", SyntheticPairs.Kind.MIXED, 256 * 1024), 42);
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    Compare.Result result = Compare.run(new Compare.Options().pairs(List.of(pair))
        .out(dir.resolve("out")).rounds(1).warmups(0), new PrintStream(log, true,
        StandardCharsets.UTF_8));

    List<Codec> tools = Codecs.all();
    assertEquals(tools.size(), result.rows().size(), "one row per tool");
    for (Compare.Row row : result.rows()) {
      String what = row.tool() + ": " + row.status() + " " + row.note;
      if (row.status().equals("skipped")) {
        // only a command line tool missing from this machine may sit out the tiny pair
        assertTrue(row.note.contains("not on PATH"), what);
        continue;
      }
      assertEquals("ok", row.status(), what);
      assertEquals(Boolean.TRUE, row.exact(), what);
      assertTrue(row.deltaBytes() > 0 && row.deltaBytes() < pair.targetBytes(), what);
      assertTrue(result.markdown().contains("| " + row.tool() + " |"), what);
    }
    assertTrue(result.rows().stream().filter(r -> r.tool().startsWith("deltaglider-java"))
        .count() == 4, "our codec: -1, default, -9, default -S lzma");
    if (Codecs.onPath("xdelta3") != null) {
      assertTrue(result.rows().stream().filter(r -> r.tool().startsWith("xdelta3"))
          .allMatch(r -> r.status().equals("ok")), "xdelta3 rows ran");
      // interop: xdelta3 -d reproduces the target from each of our deltas
      for (Compare.Row row : result.rows()) {
        if (row.tool().startsWith("deltaglider-java")) {
          assertEquals(Boolean.TRUE, row.xdelta3Exact(), row.tool() + ": xdelta3 -d " + row.note);
        }
      }
      assertTrue(result.markdown().contains("xdelta3 -d exact"), "interop in the table");
    }
    assertTrue(result.rows().stream().filter(r -> r.status().equals("ok"))
        .allMatch(r -> Compare.Row.max(r.enc, false) > 0), "peak RSS measured");
    assertTrue(Files.size(dir.resolve("out").resolve("plot-tiny-mixed.png")) > 1000, "plot");
    List<String> tsv = Files.readAllLines(result.tsv());
    assertEquals(1 + tools.size(), tsv.size(), "header and a line per tool");
    assertTrue(tsv.get(0).startsWith("pair\tsource_bytes\ttarget_bytes\ttool\t"));
  }

  @Test
  void peakRssFromProcWhenTimeIsNotUsed() throws Exception {
    Pair pair = SyntheticPairs.ensure(dir.resolve("corpus"),
        new SyntheticPairs.Spec("tiny-moved", SyntheticPairs.Kind.MOVED, 128 * 1024), 7);
    List<Codec> tools = Codecs.all().stream()
        .filter(c -> c.name().equals("xdelta3 -3 -S none") || c.name().startsWith("jvcdiff"))
        .toList();
    Compare.Result result = Compare.run(new Compare.Options().pairs(List.of(pair)).tools(tools)
        .procRss(true).out(dir.resolve("out2")).rounds(1).warmups(0),
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    assertEquals(tools.size(), result.rows().size());
    for (Compare.Row row : result.rows()) {
      if (row.status().equals("skipped")) {
        continue;
      }
      assertEquals(Boolean.TRUE, row.exact(), row.tool() + " " + row.note);
      if (row.tool().startsWith("jvcdiff")) {
        // a process may exit before the first poll; the worker JVM also reports its own VmHWM
        assertTrue(Compare.Row.max(row.enc, false) > 0, row.tool() + ": RSS from /proc");
      }
    }
  }
}
