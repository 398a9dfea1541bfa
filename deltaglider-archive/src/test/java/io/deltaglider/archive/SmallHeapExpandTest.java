package io.deltaglider.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Memory is bounded: a {@code .tar.gz} of 64 MiB of content (one 64 MiB deflate stream, a jar in it)
 * expands and rebuilds in a forked JVM with a 32 MiB heap, running {@link SmallHeapExpand}.
 */
class SmallHeapExpandTest {

  @TempDir
  Path tmp;

  @Test
  void aLargeTarGzExpandsAndRebuildsInA32MiBHeap() throws Exception {
    List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx32m",
        "-XX:+UseSerialGC", "-Djava.io.tmpdir=" + tmp, "-cp", System.getProperty("java.class.path"),
        SmallHeapExpand.class.getName(), tmp.toString(), "64");
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(300, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("child did not finish: " + new String(out, StandardCharsets.UTF_8));
    }
    String log = new String(out, StandardCharsets.UTF_8);
    System.out.print(log);
    assertEquals(0, p.exitValue(), log);
    assertTrue(log.endsWith("DONE\n"), log);
    assertTrue(log.contains("streamsExpanded=3"), "the gzip stream and the jar's two: " + log);
  }
}
