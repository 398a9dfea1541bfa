package io.deltaglider.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/** Each JMH benchmark starts, passes its @Setup round-trip check and reports a score. */
class CodecBenchmarkSmokeTest {
  @TempDir Path dir;

  @AfterEach
  void clear() {
    System.clearProperty("deltaglider.corpus");
  }

  @Test
  void encodeAndDecodeRunOnATinyPair() throws Exception {
    Pair tiny = SyntheticPairs.ensure(dir.resolve("synthetic"),
        new SyntheticPairs.Spec("tiny", SyntheticPairs.Kind.MIXED, 128 * 1024), 5);
    Pair.writeTsv(dir.resolve("pairs.tsv"), List.of(tiny));
    System.setProperty("deltaglider.corpus", dir.toString());

    // JMH takes a machine-wide lock file; a benchmark running beside the build must not fail it.
    System.setProperty("jmh.ignoreLock", "true");
    Collection<RunResult> results = new Runner(new OptionsBuilder()
        .include(CodecBenchmark.class.getName())
        .param("pair", "tiny")
        .param("tool", "deltaglider-java default (-6) -S none", "jvcdiff 2.0.2",
            "zstd-jni --patch-from -3")
        .forks(0)
        .warmupIterations(0)
        .measurementIterations(1)
        .measurementTime(TimeValue.milliseconds(100))
        .shouldFailOnError(true)
        .verbosity(VerboseMode.SILENT)
        .build()).run();

    assertEquals(6, results.size(), "encode and decode for three tools");
    for (RunResult r : results) {
      assertTrue(r.getPrimaryResult().getScore() > 0, r.getParams().toString());
    }
  }
}
