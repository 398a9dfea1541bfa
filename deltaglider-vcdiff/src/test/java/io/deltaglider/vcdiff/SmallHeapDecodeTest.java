package io.deltaglider.vcdiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The decoder in a 64 MiB heap (issue 15, item 6), in forked JVMs running {@link SmallHeapDecode}:
 * deltas whose lengths claim more than the heap fail with a {@link VcdiffException}, never an
 * {@link OutOfMemoryError}; valid windows of half the heap still decode; and mutated deltas either
 * decode or fail with a {@code VcdiffException}.
 */
class SmallHeapDecodeTest {
  private static final int MIB = 1 << 20;

  /** Runs {@link SmallHeapDecode} with {@code -Xmx64m} and the given collector; returns its output. */
  private static String child(String gc, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx64m", gc, "-XX:TieredStopAtLevel=1",
        "-cp", System.getProperty("java.class.path"), SmallHeapDecode.class.getName()));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("child did not finish: " + new String(out, StandardCharsets.UTF_8));
    }
    String log = new String(out, StandardCharsets.UTF_8);
    assertEquals(0, p.exitValue(), log);
    assertTrue(log.contains("heap ") && log.endsWith("DONE\n"), log);
    return log;
  }

  @Test
  void deltasClaimingMoreThanTheHeapAreRefusedWithoutRunningOutOfMemory() throws Exception {
    String log = child("-XX:+UseG1GC", "hostile");
    // Each of the three deltas, each way of decoding, refused for what it is (not for memory).
    assertEquals(9, log.lines().filter(l -> l.startsWith("refused ")).count(), log);
    assertEquals(6, log.lines().filter(l -> l.contains("instructions produce 0 bytes, the header says 67108864")
        || l.contains("addresses section underflow")).count(), log);
    assertEquals(3, log.lines().filter(l -> l.startsWith("refused lzmaSectionClaiming")
        && l.contains("LZMA")).count(), log);
  }

  @ParameterizedTest
  @ValueSource(strings = {"-XX:+UseG1GC", "-XX:+UseSerialGC"})
  void threeValid32MiBWindowsStreamThroughA64MiBHeap(String gc) throws Exception {
    String log = child(gc, "runs", "3", String.valueOf(32 * MIB));
    assertTrue(log.contains("streamed: decoded " + 96L * MIB + " bytes\n"), log);
    assertTrue(log.contains("write-behind: decoded " + 96L * MIB + " bytes\n"), log);
    // 96 MiB of result cannot fit: refused, saying why.
    assertTrue(log.contains("in memory: refused: not enough memory"), log);
  }

  @Test
  void mutatedDeltasDecodeOrFailCleanlyInA64MiBHeap() throws Exception {
    String log = child("-XX:+UseG1GC", "fuzz", "2500", "15006");
    assertTrue(log.contains("fuzz: 2500 deltas"), log);
  }
}
