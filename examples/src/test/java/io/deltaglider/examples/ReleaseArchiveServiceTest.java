package io.deltaglider.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The plain-Java example, run as its main method would run it, on a store in a temp directory. */
class ReleaseArchiveServiceTest {
  @TempDir Path dir;

  Properties settings(Path store) {
    Properties p = new Properties();
    p.setProperty("deltaglider.store.fs.path", store.toString());
    p.setProperty("deltaglider.store.reference-cache-size", "8MB");
    p.setProperty("deltaglider.store.codec-concurrency", "2");
    p.setProperty("deltaglider.store.metrics.tags.store", "releases");
    p.setProperty("example.threads", "4");
    p.setProperty("example.products", "3");
    p.setProperty("example.versions", "3");
    p.setProperty("example.size", String.valueOf(128 << 10));
    return p;
  }

  @Test
  void publishesFromSeveralThreadsReadsEverythingBackAndReportsTheMeters() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ReleaseArchiveService.Summary s = ReleaseArchiveService.run(settings(dir.resolve("store")),
        new PrintStream(out, true, StandardCharsets.UTF_8));
    String report = out.toString(StandardCharsets.UTF_8);

    assertEquals(9, s.published());
    assertEquals(9, s.verified(), report);
    assertEquals(9, s.deltas(), "every version, the first ones as the zero-diff delta of their new reference");
    assertTrue(s.savedPercent() > 90, report);
    for (int p = 0; p < 3; p++) {
      assertTrue(Files.isRegularFile(dir.resolve("store/releases/product-" + p + "/reference.bin")));
    }
    assertTrue(report.contains("verified 9 of 9"), report);
    assertTrue(report.contains("deltaglider.operations operation=put outcome=success store=releases count:9.0"), report);
    assertTrue(report.contains("deltaglider.operations operation=get outcome=success store=releases count:9.0"), report);
    assertTrue(report.contains("deltaglider.store.reference.creations store=releases count:3.0"), report);
    assertTrue(report.contains("deltaglider.reference.cache.max.bytes store=releases value:8388608.0"), report);
  }

  @Test
  void mainReadsThePropertiesFileItIsGiven() throws Exception {
    Path file = dir.resolve("deltaglider.properties");
    try (Writer w = Files.newBufferedWriter(file)) {
      settings(dir.resolve("from-main")).store(w, null);
    }
    ReleaseArchiveService.main(new String[] {file.toString()});
    try (var deltaspaces = Files.list(dir.resolve("from-main/releases"))) {
      assertEquals(3, deltaspaces.count());
    }
  }

  @Test
  void sizesReadAsSpringReadsThem() {
    assertEquals(1024, StoreSettings.dataSize("1024"));
    assertEquals(64L << 20, StoreSettings.dataSize("64MB"));
    assertEquals(2L << 30, StoreSettings.dataSize(" 2gb "));
    assertEquals(0, StoreSettings.dataSize("0"));
    assertThrows(IllegalArgumentException.class, () -> StoreSettings.dataSize("lots"));
    Properties none = new Properties();
    assertThrows(IllegalArgumentException.class, () -> StoreSettings.builder(none), "a store needs its directory");
  }
}
