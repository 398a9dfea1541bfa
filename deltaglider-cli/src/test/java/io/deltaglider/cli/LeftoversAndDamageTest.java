package io.deltaglider.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deltaglider.vcdiff.testing.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What interrupted commands leave and damage outside the store's control, on a real local store
 * (issue 15, items 2 and 4): verify reports them, cleanup and rm -r remove what is safe to remove.
 */
class LeftoversAndDamageTest {
  @TempDir Path dir;
  private Path store;

  @BeforeEach
  void files() throws Exception {
    store = dir.resolve("store");
    Files.write(dir.resolve("app-1.0.zip"), TestData.text(1, 200_000));
    Files.write(dir.resolve("app-1.1.zip"), TestData.edited(TestData.text(1, 200_000), 2, 10, 100, false));
  }

  private Cli.Result dg(String... args) {
    String[] all = new String[args.length + 1];
    all[0] = args[0];
    all[1] = "--store=" + store;
    System.arraycopy(args, 1, all, 2, args.length - 1);
    return Cli.run(all);
  }

  private void put(String file, String key) {
    Cli.Result r = dg("put", dir.resolve(file).toString(), key);
    assertEquals(0, r.exitCode(), r::toString);
  }

  /** Leaves the state of a put killed between creating its deltaspace's reference and storing its delta. */
  private void orphanReference(String deltaspace) throws Exception {
    put("app-1.0.zip", deltaspace + "/app-1.0.zip");
    Path delta = store.resolve(deltaspace).resolve("app-1.0.zip.delta");
    Files.delete(delta);
    Files.deleteIfExists(delta.resolveSibling(".app-1.0.zip.delta\\dg-meta"));
    assertTrue(Files.exists(store.resolve(deltaspace).resolve("reference.bin")));
  }

  @Test
  void anOrphanReferenceIsALeftoverThatVerifyReportsAndCleanupRemoves() throws Exception {
    put("app-1.0.zip", "kept/app-1.0.zip");
    orphanReference("orphan");
    Cli.Result v = dg("verify");
    assertEquals(0, v.exitCode(), v::toString);
    assertTrue(v.out().contains("LEFTOVER orphan/reference.bin: "), v.out());
    assertTrue(v.out().contains("1 verified, 0 failed, 1 leftover(s) (deltaglider cleanup removes them)"), v.out());

    Cli.Result c = dg("cleanup");
    assertEquals(0, c.exitCode(), c::toString);
    assertTrue(c.out().contains("removed: orphan/reference.bin"), c.out());
    assertFalse(Files.exists(store.resolve("orphan/reference.bin")));
    assertTrue(Files.exists(store.resolve("kept/reference.bin")), "a used reference stays");
    assertTrue(dg("cleanup").out().contains("removed 0 leftover(s)"));
  }

  /** The case: rm -r could not delete an orphan reference.bin. */
  @Test
  void rmRecursiveRemovesAnOrphanReferenceUnderThePrefix() throws Exception {
    orphanReference("orphan");
    Cli.Result r = dg("rm", "-r", "orphan/");
    assertEquals(0, r.exitCode(), r::toString);
    assertFalse(Files.exists(store.resolve("orphan/reference.bin")), r.out());
  }

  /** The case: a .delta whose metadata was stripped vanished and verify said "1 verified, 0 failed". */
  @Test
  void anObjectWhoseMetadataIsGoneIsReportedAsDamagedAndFailsVerify() throws Exception {
    put("app-1.0.zip", "d/app-1.0.zip");
    put("app-1.1.zip", "d/app-1.1.zip");
    Path delta = store.resolve("d/app-1.1.zip.delta");
    Path sidecar = delta.resolveSibling(".app-1.1.zip.delta\\dg-meta");
    if (Files.exists(sidecar)) {
      Files.delete(sidecar);
    } else {
      Files.getFileAttributeView(delta, UserDefinedFileAttributeView.class).delete("dg.metadata");
    }
    Cli.Result v = dg("verify");
    assertEquals(ExitCode.INTEGRITY, v.exitCode(), v::toString);
    assertTrue(v.out().contains("DAMAGED  ") && v.out().contains("app-1.1.zip.delta"), v.out());
    assertTrue(v.out().contains("1 verified, 0 failed, 1 damaged or unreadable"), v.out());
    assertTrue(v.stderr().contains("app-1.1.zip.delta"), v.stderr());
    // Damaged data is never cleaned up: it may be the only copy of an object.
    dg("cleanup");
    assertTrue(Files.exists(delta));
    try (Stream<Path> s = Files.list(store.resolve("d"))) {
      assertTrue(s.anyMatch(p -> p.getFileName().toString().equals("reference.bin")));
    }
  }
}
