package io.deltaglider.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The README's main job, {@code ./demo.sh}, runs to its end on the built jar. */
class DemoIT {
  private static final Path ROOT =
      Path.of(System.getProperty("deltaglider.repo.root", "..")).toAbsolutePath().normalize();

  @Test
  void demoStoresListsRestoresAndVerifies() throws Exception {
    // The local directory store is the deltaglider-storage-fs module; these tests need it built in.
    Assumptions.assumeTrue(localStoreBuiltIn(), "deltaglider-storage-fs is not in this build");
    Cli.Result r = Proc.run(ROOT, Map.of("DELTAGLIDER_SKIP_BUILD", "1", "JAVA_HOME", System.getProperty("java.home")),
        new byte[0], List.of("bash", ROOT.resolve("demo.sh").toString()));
    assertEquals(0, r.exitCode(), r::toString);
    String out = r.out();
    assertTrue(out.contains("stored releases/slf4j/slf4j-api-2.0.20.jar: delta"), out);
    assertTrue(out.contains("upload: "), out);
    assertTrue(out.matches("(?s).*\nTotal: 7 object\\(s\\), .* saved\n.*"), out);
    assertTrue(out.contains("7 verified, 0 failed"), out);
    assertTrue(out.contains("\nidentical\n"), out);
  }

  static boolean localStoreBuiltIn() {
    try {
      Class.forName("io.deltaglider.storage.fs.FileSystemBackend");
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }
}
