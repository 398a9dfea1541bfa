package io.deltaglider.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Which tools --quick runs: the ones the goals name, and one fast peer of each kind (bsdiff and
 * zstd -19, issue 19's peers, in the full run only).
 */
class QuickModeToolsTest {
  @Test
  void quickLeavesOutTheSlowPeersAndOurLevel9Only() {
    Set<String> sitOut = new TreeSet<>();
    Set<String> inFull = new TreeSet<>();
    List<Codec> all = Codecs.all();
    for (Codec c : all) {
      if (Codecs.NOT_QUICK.equals(c.skipReason(null, true))) {
        sitOut.add(c.name());
      }
      if (c.skipReason(null, false) == null) {
        inFull.add(c.name());
      }
    }
    assertEquals(new TreeSet<>(Set.of("open-vcdiff-java 0.1.1", "jbsdiff 1.0", "javaxdelta 2.0.1",
        "deltaglider-java -9 -S none", "bsdiff 4.3", "zstd CLI --patch-from -19 --long=31")),
        sitOut);
    assertEquals(all.size(), inFull.size(), "the full run has every tool: " + inFull);
  }
}
