package io.deltaglider.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collection;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/** The Deflate benchmark starts, passes its @Setup equality check and reports a score. */
class DeflateBenchmarkSmokeTest {
  @Test
  void runsOnASmallInput() throws Exception {
    // JMH takes a machine-wide lock file; a benchmark running beside the build must not fail it.
    System.setProperty("jmh.ignoreLock", "true");
    Collection<RunResult> results = new Runner(new OptionsBuilder()
        .include(DeflateBenchmark.class.getName())
        .param("corpus", "classes")
        .param("level", "6")
        .param("size", "100000")
        .forks(0)
        .warmupIterations(0)
        .measurementIterations(1)
        .measurementTime(TimeValue.milliseconds(100))
        .shouldFailOnError(true)
        .verbosity(VerboseMode.SILENT)
        .build()).run();
    assertEquals(2, results.size(), "jdk and ours");
    for (RunResult r : results) {
      assertTrue(r.getPrimaryResult().getScore() > 0, r.getParams().toString());
    }
  }
}
