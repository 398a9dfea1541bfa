package io.deltaglider.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deltaglider.vcdiff.testing.TestData;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store commands run as real {@code java -jar deltaglider-cli.jar} processes on a local
 * directory store (and once through {@code ./deltaglider}): success and failure paths, output and
 * exit codes, and a stored file corrupted on disk.
 */
class StoreCliJarIT {
  private static final Path ROOT =
      Path.of(System.getProperty("deltaglider.repo.root", "..")).toAbsolutePath().normalize();
  private static Path jar;

  @TempDir Path dir;
  private Path store;
  private byte[] v1;
  private byte[] v2;

  @BeforeAll
  static void findJar() {
    // The local directory store is the deltaglider-storage-fs module; these tests need it built in.
    Assumptions.assumeTrue(localStoreBuiltIn(), "deltaglider-storage-fs is not in this build");
    String prop = System.getProperty("deltaglider.cli.jar");
    jar = Path.of(prop != null ? prop : "target/deltaglider-cli.jar").toAbsolutePath();
    assertTrue(Files.isRegularFile(jar), "the shaded jar is missing: " + jar + " (run mvn verify)");
  }

  @BeforeEach
  void files() throws Exception {
    store = dir.resolve("store");
    v1 = TestData.text(21, 400_000);
    v2 = TestData.edited(v1, 22, 30, 300, true);
    Files.write(dir.resolve("app-1.0.zip"), v1);
    Files.write(dir.resolve("app-1.1.zip"), v2);
  }

  /** Runs the jar in {@link #dir} with DELTAGLIDER_STORE set to the test's store. */
  private Cli.Result dg(String... args) throws Exception {
    return dgWithInput(new byte[0], args);
  }

  private Cli.Result dgWithInput(byte[] stdin, String... args) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-jar");
    cmd.add(jar.toString());
    cmd.addAll(Arrays.asList(args));
    Map<String, String> env = new HashMap<>();
    env.put("DELTAGLIDER_STORE", store.toString());
    return Proc.run(dir, env, stdin, cmd);
  }

  private void ok(Cli.Result r) {
    assertEquals(0, r.exitCode(), r::toString);
    assertEquals("", r.stderr());
  }

  private void putBoth() throws Exception {
    ok(dg("put", "app-1.0.zip", "releases/app/"));
    ok(dg("put", "app-1.1.zip", "releases/app/"));
  }

  @Test
  void putListGetVerifyStatsRoundTrip() throws Exception {
    Cli.Result first = dg("put", "app-1.0.zip", "releases/app/");
    ok(first);
    assertEquals("stored releases/app/app-1.0.zip: new deltaspace reference, 391 KiB kept whole as reference.bin\n",
        first.out());
    Cli.Result second = dg("put", "app-1.1.zip", "releases/app/");
    ok(second);
    assertTrue(second.out().matches("stored releases/app/app-1.1.zip: delta, 391 KiB -> [\\d.]+ KiB \\(9\\d\\.\\d% saved\\)\n"),
        second.out());
    // The layout is DeltaGlider's: a reference and one delta per version.
    assertTrue(Files.isRegularFile(store.resolve("releases/app/reference.bin")));
    assertTrue(Files.isRegularFile(store.resolve("releases/app/app-1.1.zip.delta")));

    Cli.Result ls = dg("ls", "--recursive");
    ok(ls);
    List<String> lines = ls.out().lines().toList();
    assertEquals(4, lines.size(), ls.out());
    assertTrue(lines.get(2).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\s+391 KiB\\s+[\\d.]+ KiB\\s+delta\\s+9\\d\\.\\d%\\s+releases/app/app-1.1.zip"),
        lines.get(2));
    assertTrue(lines.get(3).startsWith("Total: 2 object(s), 781 KiB original, "), lines.get(3));

    ok(dg("get", "releases/app/app-1.1.zip", "restored.zip"));
    assertArrayEquals(v2, Files.readAllBytes(dir.resolve("restored.zip")));
    Cli.Result toStdout = dg("get", "releases/app/app-1.0.zip", "-");
    ok(toStdout);
    assertArrayEquals(v1, toStdout.stdout());

    Cli.Result verify = dg("verify");
    ok(verify);
    assertEquals("OK      releases/app/app-1.0.zip\nOK      releases/app/app-1.1.zip\n2 verified, 0 failed\n",
        verify.out());

    Cli.Result stats = dg("stats", "--json");
    ok(stats);
    assertTrue(stats.out().startsWith("{\"objects\":2,\"deltas\":2,\"whole\":0,\"original_bytes\":" + (v1.length + v2.length)),
        stats.out());

    Cli.Result migrate = dg("upgrade-metadata", "--json");
    ok(migrate);
    assertEquals("{\"upgraded\":0}\n", migrate.out());
  }

  @Test
  void putFromStdinAndQuiet() throws Exception {
    Cli.Result r = dgWithInput(v1, "put", "--quiet", "-", "dumps/db.sql");
    ok(r);
    assertEquals("", r.out());
    Cli.Result back = dg("get", "dumps/db.sql", "-");
    ok(back);
    assertArrayEquals(v1, back.stdout());
  }

  @Test
  void corruptedFileOnDiskFailsGetAndVerifyWithExitFive() throws Exception {
    putBoth();
    Path delta = store.resolve("releases/app/app-1.1.zip.delta");
    FileTime mtime = Files.getLastModifiedTime(delta);
    try (RandomAccessFile f = new RandomAccessFile(delta.toFile(), "rw")) {
      f.seek(f.length() / 2);
      int b = f.read();
      f.seek(f.length() / 2);
      f.write(b ^ 0x5A);
    }
    Files.setLastModifiedTime(delta, mtime); // looks untouched to anything that checks times

    Cli.Result get = dg("get", "releases/app/app-1.1.zip", "bad.zip");
    assertEquals(5, get.exitCode(), get::toString);
    assertEquals(1, get.errLines().size(), get.stderr());
    assertTrue(get.stderr().startsWith("deltaglider: integrity check failed for releases/app/app-1.1.zip"), get.stderr());
    assertFalse(Files.exists(dir.resolve("bad.zip")), "nothing written on a failed check");

    Cli.Result verify = dg("verify", "releases/");
    assertEquals(5, verify.exitCode(), verify::toString);
    assertTrue(verify.out().contains("OK      releases/app/app-1.0.zip\n"), verify.out());
    assertTrue(verify.out().contains("FAILED  releases/app/app-1.1.zip: integrity check failed"), verify.out());
    assertEquals(List.of("deltaglider: 1 of 2 object(s) failed verification, first: releases/app/app-1.1.zip"),
        verify.errLines());

    Cli.Result debug = dg("get", "--debug", "releases/app/app-1.1.zip", "bad.zip");
    assertEquals(5, debug.exitCode());
    assertTrue(debug.stderr().contains("\tat io.deltaglider."), "--debug adds the stack trace");
  }

  @Test
  void failuresExitWithTheirCodeAndOneLine() throws Exception {
    Cli.Result noStore = dg("ls");
    assertEquals(1, noStore.exitCode(), noStore::toString);
    assertEquals(List.of("deltaglider: no store at " + store + " (nothing has been stored there; --store names another)"),
        noStore.errLines());

    putBoth();
    Cli.Result notFound = dg("get", "releases/app/app-2.0.zip", "x.zip");
    assertEquals(4, notFound.exitCode(), notFound::toString);
    assertEquals(List.of("deltaglider: no such object: releases/app/app-2.0.zip"), notFound.errLines());

    Cli.Result badKey = dg("put", "app-1.0.zip", "releases/../etc/app.zip");
    assertEquals(2, badKey.exitCode(), badKey::toString);
    assertEquals(List.of("deltaglider: invalid key \"releases/../etc/app.zip\": has a '..' path segment"),
        badKey.errLines());

    Cli.Result missingFile = dg("put", "nope.zip", "releases/app/");
    assertEquals(1, missingFile.exitCode(), missingFile::toString);
    assertEquals(List.of("deltaglider: no such file: nope.zip"), missingFile.errLines());

    Cli.Result usage = dg("ls", "--bogus");
    assertEquals(2, usage.exitCode(), usage::toString);
    assertTrue(usage.stderr().startsWith("deltaglider: unknown option: '--bogus'"), usage.stderr());

    Cli.Result rmMissing = dg("rm", "releases/app/app-2.0.zip");
    assertEquals(4, rmMissing.exitCode(), rmMissing::toString);
  }

  @Test
  void cpSyncAndRmWithDeltagliderPaths() throws Exception {
    Path dist = Files.createDirectories(dir.resolve("dist/logs"));
    Files.write(dir.resolve("dist/app-1.1.zip"), v2);
    Files.writeString(dist.resolve("build.log"), "log");
    ok(dg("cp", "app-1.0.zip", "s3://releases/app/"));
    Cli.Result up = dg("cp", "--recursive", "dist", "s3://releases/app/", "--exclude", "logs/*");
    ok(up);
    assertTrue(up.out().matches("upload: dist/app-1.1.zip to s3://releases/app/app-1.1.zip \\(delta, .* saved\\)\\)\n"), up.out());
    assertFalse(Files.exists(store.resolve("releases/app/logs")));

    Cli.Result top = dg("ls", "s3://releases/");
    ok(top);
    assertTrue(top.out().matches("(?s)MODIFIED.*\n\\s+PRE\\s+s3://releases/app/\n"), top.out());
    Cli.Result ls = dg("ls", "s3://releases/app/");
    ok(ls);
    assertTrue(ls.out().matches("(?s).*delta.*s3://releases/app/app-1.0.zip\n.*delta.*s3://releases/app/app-1.1.zip\n"), ls.out());

    Cli.Result sync = dg("sync", "s3://releases/", "mirror");
    ok(sync);
    assertTrue(sync.out().endsWith("2 transferred, 0 unchanged\n"), sync.out());
    assertArrayEquals(v2, Files.readAllBytes(dir.resolve("mirror/app/app-1.1.zip")));
    Cli.Result again = dg("sync", "s3://releases/", "mirror");
    ok(again);
    assertEquals("0 transferred, 2 unchanged\n", again.out());

    ok(dg("cp", "s3://releases/app/app-1.0.zip", "s3://archive/app-1.0.zip"));
    Cli.Result rm = dg("rm", "--recursive", "s3://releases/app/");
    ok(rm);
    assertEquals("delete: s3://releases/app/app-1.0.zip\ndelete: s3://releases/app/app-1.1.zip\n", rm.out());
    assertFalse(Files.exists(store.resolve("releases/app/reference.bin")), "the reference went with the last delta");
    Cli.Result left = dg("ls", "-r", "--json");
    ok(left);
    assertTrue(left.out().contains("\"objects\":[{\"key\":\"archive/app-1.0.zip\""), left.out());
  }

  @Test
  void s3StoreErrorsAreOneLineWithoutAServer() throws Exception {
    // Nothing listens on port 1: the S3 backend is wired in and its failure is one clear line.
    Map<String, String> env = new HashMap<>();
    env.put("AWS_ACCESS_KEY_ID", "test");
    env.put("AWS_SECRET_ACCESS_KEY", "test");
    env.put("DELTAGLIDER_STORE", "s3://releases");
    List<String> java = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString());
    List<String> cmd = new ArrayList<>(java);
    cmd.addAll(List.of("ls", "--endpoint-url", "http://127.0.0.1:1"));
    Cli.Result unreachable = Proc.run(dir, env, new byte[0], cmd);
    assertEquals(1, unreachable.exitCode(), unreachable::toString);
    assertEquals(1, unreachable.errLines().size(), unreachable.stderr());
    assertTrue(unreachable.stderr().startsWith("deltaglider: check bucket s3://releases/: cannot reach S3 at http://127.0.0.1:1"),
        unreachable.stderr());

    cmd = new ArrayList<>(java);
    cmd.addAll(List.of("ls", "--endpoint-url", "not-a-url"));
    Cli.Result badUrl = Proc.run(dir, env, new byte[0], cmd);
    assertEquals(2, badUrl.exitCode(), badUrl::toString);
    assertEquals(List.of("deltaglider: invalid --endpoint-url: not-a-url"), badUrl.errLines());

    cmd = new ArrayList<>(java);
    cmd.addAll(List.of("get", "--store", "s3://", "releases/app.zip", "x.zip"));
    Cli.Result noBucket = Proc.run(dir, env, new byte[0], cmd);
    assertEquals(2, noBucket.exitCode(), noBucket::toString);
    assertEquals(List.of("deltaglider: no bucket for releases/app.zip: write s3://BUCKET/releases/app.zip or give --store s3://BUCKET"),
        noBucket.errLines());
  }

  @Test
  void theLauncherRunsStoreCommands() throws Exception {
    Map<String, String> env = new HashMap<>();
    env.put("DELTAGLIDER_SKIP_BUILD", "1");
    env.put("JAVA_HOME", System.getProperty("java.home"));
    Cli.Result put = Proc.run(dir, env, new byte[0], List.of("bash", ROOT.resolve("deltaglider").toString(),
        "put", "--store", "file:" + store, "app-1.0.zip", "r/app-1.0.zip"));
    ok(put);
    Cli.Result ls = Proc.run(dir, env, new byte[0], List.of("bash", ROOT.resolve("deltaglider").toString(),
        "ls", "--store", store.toString(), "--recursive", "--bytes"));
    ok(ls);
    assertTrue(ls.out().contains("  400000  "), ls.out());
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
