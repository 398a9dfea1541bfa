package io.deltaglider.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deltaglider.spi.InMemoryBackend;
import io.deltaglider.spi.StorageBackend;
import io.deltaglider.vcdiff.testing.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store commands in-process over {@link InMemoryBackend}s (one per store location) through
 * the {@link Stores#testBackends} seam: command logic, output and exit codes without a real store.
 */
class StoreCommandsTest {
  @TempDir Path dir;

  private final Map<StoreLocation, InMemoryBackend> backends = new ConcurrentHashMap<>();
  private byte[] v1;
  private byte[] v2;

  @BeforeEach
  void memoryStores() throws Exception {
    Stores.testBackends = loc -> backends.computeIfAbsent(loc, l -> new InMemoryBackend());
    v1 = TestData.text(1, 300_000);
    v2 = TestData.edited(v1, 2, 20, 200, false);
    Files.write(dir.resolve("app-1.0.zip"), v1);
    Files.write(dir.resolve("app-1.1.zip"), v2);
  }

  @AfterEach
  void realStores() {
    Stores.testBackends = null;
  }

  private String f(String name) {
    return dir.resolve(name).toString();
  }

  private Cli.Result dg(String... args) {
    String[] all = new String[args.length + 1];
    all[0] = args[0];
    all[1] = "--store=" + dir.resolve("store");
    System.arraycopy(args, 1, all, 2, args.length - 1);
    return Cli.run(all);
  }

  private InMemoryBackend backend() {
    return backends.get(StoreLocation.local(dir.resolve("store")));
  }

  private void putBoth() {
    assertEquals(0, dg("put", f("app-1.0.zip"), "releases/app/").exitCode());
    assertEquals(0, dg("put", f("app-1.1.zip"), "releases/app/app-1.1.zip").exitCode());
  }

  @Test
  void storeCommandsEncodeLikeTheStoreButOnTheCores() {
    io.deltaglider.vcdiff.VcdiffEncoder e = Stores.encoder();
    assertEquals(io.deltaglider.vcdiff.VcdiffEncoder.DEFAULT_LEVEL, e.level());
    assertEquals(io.deltaglider.vcdiff.SecondaryCompression.LZMA, e.secondary());
    assertEquals(Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors())), e.threads());
  }

  @Test
  void putStoresTheSecondVersionAsASmallDelta() {
    Cli.Result first = dg("put", f("app-1.0.zip"), "releases/app/");
    assertEquals(0, first.exitCode(), first::toString);
    assertEquals("stored releases/app/app-1.0.zip: new deltaspace reference, 293 KiB kept whole as reference.bin\n",
        first.out());

    Cli.Result second = dg("put", "--json", f("app-1.1.zip"), "releases/app/app-1.1.zip");
    assertEquals(0, second.exitCode(), second::toString);
    assertTrue(second.out().contains("\"form\":\"delta\""), second.out());
    assertTrue(second.out().contains("\"created_reference\":false"), second.out());
    assertTrue(backend().head("releases/app/app-1.1.zip.delta").orElseThrow().size() < v2.length / 10);
  }

  @Test
  void maxDeltaSizeStoresLargerFilesWhole() {
    assertEquals(0, dg("put", f("app-1.0.zip"), "releases/app/").exitCode());
    Cli.Result whole = dg("put", "--json", "--max-delta-size", "64K", f("app-1.1.zip"), "releases/app/app-1.1.zip");
    assertEquals(0, whole.exitCode(), whole::toString);
    assertTrue(whole.out().contains("\"form\":\"whole\""), whole.out());
    Cli.Result delta = dg("put", "--json", "--max-delta-size", "1G", f("app-1.1.zip"), "releases/app/app-1.1.zip");
    assertTrue(delta.out().contains("\"form\":\"delta\""), delta.out());
    Cli.Result bad = dg("put", "--max-delta-size", "lots", f("app-1.1.zip"), "releases/app/app-1.1.zip");
    assertEquals(2, bad.exitCode(), bad::toString);
    assertTrue(bad.stderr().contains("--max-delta-size must be a size"), bad.stderr());
    // serve takes the same policy options, checked before it binds a port.
    Cli.Result serve = dg("serve", "--max-delta-size", "lots");
    assertEquals(2, serve.exitCode(), serve::toString);
    assertTrue(serve.stderr().contains("--max-delta-size must be a size"), serve.stderr());
    Cli.Result both = dg("serve", "--archive-aware", "--no-delta");
    assertEquals(2, both.exitCode(), both::toString);
  }

  @Test
  void sizesReadBinaryUnits() {
    assertEquals(123, Sizes.parse("123"));
    assertEquals(64 << 10, Sizes.parse("64k"));
    assertEquals(8L << 20, Sizes.parse("8M"));
    assertEquals(4L << 30, Sizes.parse("4G"));
    assertEquals(1L << 40, Sizes.parse(" 1T "));
    assertEquals(-1, Sizes.parse("-1"));
    assertEquals(-1, Sizes.parse("G"));
    assertEquals(-1, Sizes.parse("99999999999T"), "overflow");
  }

  @Test
  void getRestoresTheBytesToAFileAndToStdout() throws Exception {
    putBoth();
    Cli.Result r = dg("get", "releases/app/app-1.1.zip", f("restored.zip"));
    assertEquals(0, r.exitCode(), r::toString);
    assertArrayEquals(v2, Files.readAllBytes(dir.resolve("restored.zip")));
    assertTrue(r.out().contains("SHA-256 verified"), r.out());

    Cli.Result s = dg("get", "releases/app/app-1.0.zip", "-");
    assertEquals(0, s.exitCode(), s::toString);
    assertArrayEquals(v1, s.stdout());
    assertEquals("", s.stderr());
  }

  @Test
  void putFromStdin() {
    Cli.Result r = Cli.runWithInput(v1, "put", "--store", f("store"), "-", "dumps/db.sql");
    assertEquals(0, r.exitCode(), r::toString);
    assertArrayEquals(v1, dg("get", "dumps/db.sql", "-").stdout());
  }

  @Test
  void lsShowsFormSizesSavingsAndATotal() {
    putBoth();
    Cli.Result top = dg("ls");
    assertEquals(0, top.exitCode(), top::toString);
    assertTrue(top.out().contains("PRE  releases/") || top.out().matches("(?s).*PRE\\s+releases/.*"), top.out());

    Cli.Result r = dg("ls", "--recursive", "releases/");
    assertEquals(0, r.exitCode(), r::toString);
    List<String> lines = r.out().lines().toList();
    assertTrue(lines.get(0).matches("MODIFIED\\s+SIZE\\s+STORED\\s+FORM\\s+SAVED\\s+KEY"), lines.get(0));
    assertTrue(lines.get(1).matches(".*delta\\s+\\d+\\.\\d%\\s+releases/app/app-1.0.zip"), lines.get(1));
    assertTrue(lines.get(2).matches(".*delta\\s+9\\d\\.\\d%\\s+releases/app/app-1.1.zip"), lines.get(2));
    assertTrue(lines.get(3).startsWith("Total: 2 object(s), "), lines.get(3));
    // columns are aligned: every KEY starts at the same offset
    int col = lines.get(0).indexOf("KEY");
    assertEquals(col, lines.get(1).indexOf("releases/"));
    assertEquals(col, lines.get(2).indexOf("releases/"));

    Cli.Result json = dg("ls", "--json", "-r", "releases/");
    assertTrue(json.out().startsWith("{\"prefix\":\"releases/\",\"objects\":[{\"key\":\"releases/app/app-1.0.zip\",\"size\":300000,"), json.out());
    assertTrue(json.out().contains("\"total\":{\"objects\":2,"), json.out());
  }

  @Test
  void notFoundExitsFourWithOneLine() {
    putBoth();
    Cli.Result r = dg("get", "releases/app/app-9.zip", f("x.zip"));
    assertEquals(4, r.exitCode(), r::toString);
    assertEquals(List.of("deltaglider: no such object: releases/app/app-9.zip"), r.errLines());
    assertFalse(Files.exists(dir.resolve("x.zip")));
    assertEquals(4, dg("rm", "releases/app/app-9.zip").exitCode());
  }

  @Test
  void badKeyIsAUsageError() throws Exception {
    Cli.Result r = dg("put", f("app-1.0.zip"), "releases//app.zip");
    assertEquals(2, r.exitCode(), r::toString);
    assertEquals(1, r.errLines().size(), r.stderr());
    assertTrue(r.stderr().startsWith("deltaglider: invalid key \"releases//app.zip\": "), r.stderr());
    Cli.Result ref = dg("put", f("app-1.0.zip"), "a/reference.bin");
    assertEquals(2, ref.exitCode(), ref::toString);
  }

  @Test
  void corruptedDeltaFailsGetAndVerifyWithExitFive() throws Exception {
    putBoth();
    backend().corrupt("releases/app/app-1.1.zip.delta", 40, (byte) 0x55);

    Cli.Result get = dg("get", "releases/app/app-1.1.zip", f("bad.zip"));
    assertEquals(5, get.exitCode(), get::toString);
    assertEquals(1, get.errLines().size(), get.stderr());
    assertTrue(get.stderr().startsWith("deltaglider: integrity check failed for releases/app/app-1.1.zip"), get.stderr());
    assertFalse(Files.exists(dir.resolve("bad.zip")));

    Cli.Result v = dg("verify");
    assertEquals(5, v.exitCode(), v::toString);
    assertTrue(v.out().contains("OK      releases/app/app-1.0.zip"), v.out());
    assertTrue(v.out().contains("FAILED  releases/app/app-1.1.zip: integrity check failed"), v.out());
    assertTrue(v.out().contains("1 verified, 1 failed"), v.out());
    assertEquals(List.of("deltaglider: 1 of 2 object(s) failed verification, first: releases/app/app-1.1.zip"), v.errLines());
  }

  @Test
  void verifyPassesOnAHealthyStore() {
    putBoth();
    Cli.Result v = dg("verify", "releases/");
    assertEquals(0, v.exitCode(), v::toString);
    assertTrue(v.out().endsWith("2 verified, 0 failed\n"), v.out());
    assertEquals(4, dg("verify", "nothing/here/").exitCode());
  }

  @Test
  void statsPerDeltaspace() {
    putBoth();
    assertEquals(0, dg("put", f("app-1.0.zip"), "other/app-1.0.zip").exitCode());
    Cli.Result r = dg("stats", "--bytes");
    assertEquals(0, r.exitCode(), r::toString);
    List<String> lines = r.out().lines().toList();
    assertTrue(lines.get(0).matches("DELTASPACE\\s+OBJECTS\\s+DELTAS\\s+WHOLE\\s+ORIGINAL\\s+STORED\\s+REFERENCE\\s+SAVED"), lines.get(0));
    assertTrue(lines.get(1).matches("other/\\s+1\\s+1\\s+0\\s+300000\\s+\\d+\\s+300000\\s+-?\\d+\\.\\d%"), lines.get(1));
    assertTrue(lines.get(2).matches("releases/app/\\s+2\\s+2\\s+0\\s+\\d+\\s+\\d+\\s+300000\\s+4\\d\\.\\d%"), lines.get(2));
    assertTrue(lines.get(3).startsWith("(total)"), lines.get(3));
    Cli.Result json = dg("stats", "--json", "releases/");
    assertTrue(json.out().contains("\"deltaspaces\":[{\"deltaspace\":\"releases/app/\",\"objects\":2,"), json.out());
  }

  @Test
  void rmDeletesOneOrAPrefix() {
    putBoth();
    Cli.Result r = dg("rm", "releases/app/app-1.0.zip");
    assertEquals(0, r.exitCode(), r::toString);
    assertEquals("delete: releases/app/app-1.0.zip\n", r.out());
    Cli.Result all = dg("rm", "--recursive", "releases");
    assertEquals(0, all.exitCode(), all::toString);
    assertEquals("delete: releases/app/app-1.1.zip\n", all.out());
    assertEquals(0, backend().size(), "the reference went with the last delta");
  }

  @Test
  void cpRecursiveWithFiltersAndBackAgain() throws Exception {
    Path dist = Files.createDirectories(dir.resolve("dist/sub"));
    Files.write(dist.resolve("app-1.0.zip"), v1);
    Files.writeString(dir.resolve("dist/notes.txt"), "notes");
    Files.writeString(dir.resolve("dist/skip.log"), "log");

    Cli.Result up = dg("cp", "-r", f("dist"), "s3://releases/app/", "--exclude", "*.log");
    assertEquals(0, up.exitCode(), up::toString);
    List<String> lines = up.out().lines().toList();
    assertEquals(2, lines.size(), up.out());
    assertTrue(lines.get(0).startsWith("upload: " + f("dist/notes.txt") + " to s3://releases/app/notes.txt (whole"), lines.get(0));
    assertTrue(lines.get(1).startsWith("upload: " + f("dist/sub/app-1.0.zip") + " to s3://releases/app/sub/app-1.0.zip (new deltaspace reference, "), lines.get(1));
    // with a local store, the bucket is the top-level directory
    assertTrue(backend().head("releases/app/sub/reference.bin").isPresent());

    Cli.Result down = dg("cp", "--recursive", "s3://releases/app", f("back"), "--exclude", "*", "--include", "*.zip");
    assertEquals(0, down.exitCode(), down::toString);
    assertArrayEquals(v1, Files.readAllBytes(dir.resolve("back/sub/app-1.0.zip")));
    assertFalse(Files.exists(dir.resolve("back/notes.txt")));

    Cli.Result one = dg("cp", f("app-1.1.zip"), "s3://releases/app/sub/");
    assertEquals(0, one.exitCode(), one::toString);
    Cli.Result copy = dg("cp", "s3://releases/app/sub/app-1.1.zip", "s3://archive/app-1.1.zip");
    assertEquals(0, copy.exitCode(), copy::toString);
    assertTrue(copy.out().startsWith("copy: s3://releases/app/sub/app-1.1.zip to s3://archive/app-1.1.zip"), copy.out());
    assertArrayEquals(v2, dg("get", "archive/app-1.1.zip", "-").stdout());
  }

  @Test
  void cpNeedsAStorePathAndRecursiveForDirectories() {
    Cli.Result r = dg("cp", f("app-1.0.zip"), f("copy.zip"));
    assertEquals(2, r.exitCode(), r::toString);
    assertEquals(List.of("deltaglider: one of SOURCE and DESTINATION must be a store path (s3://BUCKET/KEY)"), r.errLines());
    Cli.Result d = dg("cp", dir.toString(), "s3://b/");
    assertEquals(1, d.exitCode(), d::toString);
    assertTrue(d.stderr().contains("is a directory (use --recursive)"), d.stderr());
    Cli.Result missing = dg("cp", "s3://b/none.zip", f("none.zip"));
    assertEquals(4, missing.exitCode(), missing::toString);
  }

  @Test
  void syncCopiesOnlyWhatChanged() throws Exception {
    Path src = Files.createDirectories(dir.resolve("src"));
    Files.write(src.resolve("a.zip"), v1);
    Files.writeString(src.resolve("b.txt"), "b");
    Cli.Result first = dg("sync", src.toString(), "s3://mirror/");
    assertEquals(0, first.exitCode(), first::toString);
    assertTrue(first.out().endsWith("2 transferred, 0 unchanged\n"), first.out());

    Files.writeString(src.resolve("b.txt"), "c"); // same size, other digest
    Cli.Result second = dg("sync", src.toString(), "s3://mirror/");
    assertEquals(0, second.exitCode(), second::toString);
    assertTrue(second.out().startsWith("upload: " + src.resolve("b.txt") + " to s3://mirror/b.txt"), second.out());
    assertTrue(second.out().endsWith("1 transferred, 1 unchanged\n"), second.out());

    Cli.Result down = dg("sync", "--json", "s3://mirror/", f("out"));
    assertEquals(0, down.exitCode(), down::toString);
    assertTrue(down.out().contains("\"unchanged\":0"), down.out());
    Cli.Result again = dg("sync", "--json", "s3://mirror/", f("out"));
    assertTrue(again.out().equals("{\"transfers\":[],\"unchanged\":2}\n"), again.out());

    // --delete: what the source no longer has goes, except what the filters leave out
    Files.delete(src.resolve("b.txt"));
    Files.writeString(dir.resolve("out/keep.log"), "kept: excluded");
    Files.writeString(dir.resolve("out/extra.txt"), "extra");
    Cli.Result up = dg("sync", "--delete", src.toString(), "s3://mirror/");
    assertEquals(0, up.exitCode(), up::toString);
    assertEquals("delete: s3://mirror/b.txt\n0 transferred, 1 unchanged, 1 deleted\n", up.out());
    Cli.Result mirror = dg("sync", "--delete", "s3://mirror/", f("out"), "--exclude", "*.log");
    assertEquals(0, mirror.exitCode(), mirror::toString);
    assertTrue(mirror.out().endsWith("0 transferred, 1 unchanged, 2 deleted\n"), mirror.out());
    assertFalse(Files.exists(dir.resolve("out/b.txt")));
    assertFalse(Files.exists(dir.resolve("out/extra.txt")));
    assertTrue(Files.exists(dir.resolve("out/keep.log")));
  }

  @Test
  void quietPrintsNothingAndMigrateReportsZero() {
    Cli.Result q = dg("put", "--quiet", f("app-1.0.zip"), "r/");
    assertEquals(0, q.exitCode(), q::toString);
    assertEquals("", q.out());
    Cli.Result m = dg("upgrade-metadata");
    assertEquals(0, m.exitCode(), m::toString);
    assertEquals("upgraded the metadata of 0 object(s) (all metadata already current)\n", m.out());
  }

  /** Files another tool put in the bucket (issue 17): get serves them, verify names them, migrate converts them. */
  @Test
  void plainObjectsAreServedReportedAndMigrated() throws Exception {
    putBoth();
    backend().put("releases/app/app-0.9.zip", io.deltaglider.spi.Payload.of(v1), Map.of());
    Cli.Result get = dg("get", "releases/app/app-0.9.zip", f("old.zip"));
    assertEquals(0, get.exitCode(), get::toString);
    assertTrue(get.out().contains("not verifiable: no SHA-256 recorded"), get.out());
    assertArrayEquals(v1, Files.readAllBytes(dir.resolve("old.zip")));
    Cli.Result v = dg("verify");
    assertEquals(0, v.exitCode(), v::toString);
    assertTrue(v.out().contains("PLAIN   releases/app/app-0.9.zip: not verifiable"), v.out());
    assertTrue(v.out().contains("2 verified, 0 failed, 1 not verifiable"), v.out());
    Cli.Result dry = dg("migrate", "--dryrun");
    assertEquals("(dryrun) migrate: releases/app/app-0.9.zip\nwould migrate 1 plain object(s)\n", dry.out());
    Cli.Result m = dg("migrate");
    assertEquals("migrate: releases/app/app-0.9.zip\nmigrated 1 plain object(s)\n", m.out());
    assertTrue(dg("verify").out().contains("3 verified, 0 failed\n"));
    assertTrue(backend().head("releases/app/app-0.9.zip.delta").isPresent());
  }

  /** Files another tool named like the layout (issue 17 item 2): ls, get and verify treat them as plain files. */
  @Test
  void foreignFilesUnderReservedNamesAreListedServedAndNotVerifiable() throws Exception {
    InMemoryBackend bucket = backends.computeIfAbsent(StoreLocation.local(dir.resolve("store")), l -> new InMemoryBackend());
    bucket.put("docs/patch.delta", io.deltaglider.spi.Payload.of(v1), Map.of());
    bucket.put("docs/REFERENCE.BIN", io.deltaglider.spi.Payload.of(v2), Map.of());
    Cli.Result ls = dg("ls", "--recursive", "docs/");
    assertEquals(0, ls.exitCode(), ls::toString);
    assertTrue(ls.out().matches("(?s).*plain\\s.*docs/patch\\.delta\n.*"), ls.out());
    assertTrue(ls.out().contains("docs/REFERENCE.BIN"), ls.out());
    Cli.Result get = dg("get", "docs/patch.delta", f("patch.delta"));
    assertEquals(0, get.exitCode(), get::toString);
    assertArrayEquals(v1, Files.readAllBytes(dir.resolve("patch.delta")));
    assertArrayEquals(v2, dg("get", "docs/REFERENCE.BIN", "-").stdout());
    Cli.Result missing = dg("get", "docs/patch", "-");
    assertEquals(4, missing.exitCode(), "not found, not corrupt: " + missing);
    Cli.Result v = dg("verify", "docs/");
    assertEquals(0, v.exitCode(), v::toString);
    assertTrue(v.out().contains("PLAIN   docs/patch.delta: not verifiable"), v.out());
    assertTrue(v.out().contains("0 verified, 0 failed, 2 not verifiable"), v.out());
  }

  @Test
  void storeLocationsParse() throws Exception {
    assertEquals(StoreLocation.s3("bucket", "pre/"), StoreLocation.parse("s3://bucket/pre"));
    assertEquals(StoreLocation.s3(null, ""), StoreLocation.parse("s3://"));
    assertEquals(StoreLocation.local(Path.of("/tmp/st")), StoreLocation.parse("file:///tmp/st"));
    assertEquals(StoreLocation.local(Path.of("rel")), StoreLocation.parse("file:rel"));
    Cli.Result bad = Cli.run("ls", "--store", "ftp://x/y");
    assertEquals(2, bad.exitCode(), bad::toString);
    Cli.Result noBucket = Cli.run("ls", "--store", "s3://", "releases/");
    assertEquals(2, noBucket.exitCode(), noBucket::toString);
    assertTrue(noBucket.stderr().contains("s3://BUCKET"), noBucket.stderr());
    StorageBackend unused = null;
    assertEquals(null, unused);
  }

  @Test
  void everyStoreCommandHasHelpWithExamples() {
    for (String c : List.of("put", "get", "ls", "rm", "cp", "sync", "stats", "verify", "cleanup", "migrate",
        "upgrade-metadata")) {
      Cli.Result r = Cli.run(c, "--help");
      assertEquals(0, r.exitCode(), c);
      assertTrue(r.out().startsWith("Usage: deltaglider " + c), r.out());
      assertTrue(r.out().contains("Examples:\n  deltaglider " + c), c + ": " + r.out());
      assertTrue(r.out().contains("--store=LOCATION"), r.out());
      assertTrue(r.out().contains("5  integrity failure"), r.out());
    }
  }

  /** Store options before the subcommand, as `aws --endpoint-url URL s3 ls` takes them (issue 17 item 7). */
  @Test
  void storeOptionsMayComeBeforeTheSubcommand() {
    Cli.Result r = Cli.run("--store", dir.resolve("store").toString(), "put", f("app-1.0.zip"), "releases/app/");
    assertEquals(0, r.exitCode(), r::toString);
    Cli.Result ls = Cli.run("--store=" + dir.resolve("store"), "--debug", "ls", "-r", "releases/");
    assertEquals(0, ls.exitCode(), ls::toString);
    assertTrue(ls.out().contains("releases/app/app-1.0.zip"), ls.out());
    assertEquals(StoreOptions.hoist(new String[] {"ls", "--store", "x"}).length, 3, "after it: unchanged");
  }

  @Test
  void anUnknownCommandIsAUsageErrorEvenWithHelp() {
    for (String[] line : new String[][] {{"nosuch"}, {"nosuch", "--help"}, {"--store", "x", "nosuch"}}) {
      Cli.Result r = Cli.run(line);
      assertEquals(2, r.exitCode(), r::toString);
      assertTrue(r.stderr().startsWith("deltaglider: unknown command 'nosuch'"), r.stderr());
      assertEquals("", r.out());
    }
  }

  @Test
  void syncDryrunChangesNothingAndSizeOnlyTrustsSizes() throws Exception {
    Path src = Files.createDirectories(dir.resolve("src"));
    Files.write(src.resolve("a.zip"), v1);
    Files.write(src.resolve("b.zip"), v2);
    Cli.Result dry = dg("sync", "--dryrun", src.toString(), "s3://r/app/");
    assertEquals(0, dry.exitCode(), dry::toString);
    assertTrue(dry.out().contains("(dryrun) upload: " + src.resolve("a.zip") + " to s3://r/app/a.zip"), dry.out());
    assertTrue(dry.out().endsWith("(dryrun) 2 to transfer, 0 unchanged\n"), dry.out());
    assertTrue(backend() == null || backend().list(io.deltaglider.spi.BlobQuery.under("")).objects().isEmpty(),
        "a dry run writes nothing");
    assertEquals(0, dg("sync", src.toString(), "s3://r/app/").exitCode());
    byte[] sameSize = v1.clone();
    sameSize[10] ^= 1;
    Files.write(src.resolve("a.zip"), sameSize);
    assertTrue(dg("sync", "--size-only", src.toString(), "s3://r/app/").out().endsWith("0 transferred, 2 unchanged\n"));
    assertTrue(dg("sync", src.toString(), "s3://r/app/").out().endsWith("1 transferred, 1 unchanged\n"));
  }
}
