package io.deltaglider.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deltaglider.spi.InMemoryBackend;
import io.deltaglider.spi.MetadataNames;
import io.deltaglider.vcdiff.testing.TestData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --archive-aware} on put, cp and sync, and {@code archive encode/decode} on files. */
class ArchiveCommandsTest {
  @TempDir Path dir;

  private final Map<StoreLocation, InMemoryBackend> backends = new ConcurrentHashMap<>();
  private byte[] jar1;
  private byte[] jar2;

  /** A jar of 200 made-up classes; {@code changed} rewrites a few bytes of one in the middle. */
  static byte[] jar(boolean changed) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(out)) {
      for (int i = 0; i < 200; i++) {
        ZipEntry e = new ZipEntry("com/example/C" + i + ".class");
        e.setTime(1_700_000_000_000L);
        zip.putNextEntry(e);
        byte[] c = TestData.text(i, 3000 + i * 31);
        if (changed && i == 100) {
          System.arraycopy("CHANGED!".getBytes(), 0, c, c.length / 2, 8);
        }
        zip.write(c);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  @BeforeEach
  void files() throws IOException {
    Stores.testBackends = loc -> backends.computeIfAbsent(loc, l -> new InMemoryBackend());
    jar1 = jar(false);
    jar2 = jar(true);
    Files.write(dir.resolve("app-1.0.jar"), jar1);
    Files.write(dir.resolve("app-1.1.jar"), jar2);
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

  /** dg-form of a raw key, in whichever store holds it. */
  private String form(String rawKey) {
    return backends.values().stream().flatMap(b -> b.head(rawKey).stream()).findFirst()
        .orElseThrow(() -> new AssertionError(rawKey + " not in " + keys())).metadata().get(MetadataNames.FORM);
  }

  private List<String> keys() {
    List<String> all = new java.util.ArrayList<>();
    backends.forEach((loc, b) -> b.list(io.deltaglider.spi.BlobQuery.of("", null, null, null, 1000)).objects()
        .forEach(o -> all.add(loc.describe() + " " + o.key())));
    return all;
  }

  @Test
  void putWithTheFlagStoresAnArchiveAwareDelta() throws Exception {
    assertEquals(0, dg("put", "--archive-aware", f("app-1.0.jar"), "rel/app/").exitCode());
    Cli.Result r = dg("put", "--archive-aware", f("app-1.1.jar"), "rel/app/");
    assertEquals(0, r.exitCode(), r::toString);
    assertTrue(r.out().startsWith("stored rel/app/app-1.1.jar: archive-aware delta, "), r.out());
    assertEquals(MetadataNames.FORM_ARCHIVE_DELTA, form("rel/app/app-1.1.jar.delta"));
    Cli.Result json = dg("put", "--archive-aware", "--json", f("app-1.1.jar"), "rel/app/again.jar");
    assertTrue(json.out().contains("\"form\":\"delta\",\"archive_aware\":true"), json.out());
    // Any store reads it back, verified; without the flag a put stores a plain delta.
    Cli.Result get = dg("get", "rel/app/app-1.1.jar", f("out.jar"));
    assertEquals(0, get.exitCode(), get::toString);
    assertArrayEquals(jar2, Files.readAllBytes(dir.resolve("out.jar")));
    assertEquals(0, dg("verify").exitCode());
    Cli.Result plain = dg("put", f("app-1.1.jar"), "rel/app/plain.jar");
    assertTrue(plain.out().contains(": delta, "), plain.out());
    assertEquals(null, form("rel/app/plain.jar.delta"));
  }

  @Test
  void cpAndSyncTakeTheFlag() throws Exception {
    Path src = Files.createDirectories(dir.resolve("src"));
    Files.write(src.resolve("a-1.jar"), jar1);
    assertEquals(0, dg("cp", "--archive-aware", src.resolve("a-1.jar").toString(), "s3://bucket/cp/").exitCode());
    Files.write(src.resolve("a-2.jar"), jar2);
    Cli.Result cp = dg("cp", "--archive-aware", src.resolve("a-2.jar").toString(), "s3://bucket/cp/");
    assertEquals(0, cp.exitCode(), cp::toString);
    assertTrue(cp.out().contains("archive-aware delta"), cp.out());
    assertEquals(MetadataNames.FORM_ARCHIVE_DELTA, form("bucket/cp/a-2.jar.delta"));

    Files.write(src.resolve("a-2.jar"), jar1);
    assertEquals(0, dg("sync", "--archive-aware", src.toString(), "s3://bucket/sync/").exitCode());
    Files.write(src.resolve("a-2.jar"), jar2);
    Cli.Result sync = dg("sync", "--archive-aware", src.toString(), "s3://bucket/sync/");
    assertEquals(0, sync.exitCode(), sync::toString);
    assertTrue(sync.out().contains("archive-aware delta"), sync.out());
  }

  @Test
  void theFlagWithNoDeltaIsAUsageError() {
    Cli.Result r = dg("put", "--archive-aware", "--no-delta", f("app-1.0.jar"), "x/");
    assertEquals(ExitCode.USAGE, r.exitCode(), r::toString);
  }

  @Test
  void anObjectInAFormThisVersionDoesNotKnowIsAnIntegrityFailure() throws Exception {
    assertEquals(0, dg("put", "--archive-aware", f("app-1.0.jar"), "u/").exitCode());
    assertEquals(0, dg("put", "--archive-aware", f("app-1.1.jar"), "u/").exitCode());
    Map<String, String> meta = new java.util.HashMap<>(backend().head("u/app-1.1.jar.delta").orElseThrow().metadata());
    meta.put(MetadataNames.FORM, "some-future-form");
    backend().replaceMetadata("u/app-1.1.jar.delta", meta);
    Cli.Result r = dg("get", "u/app-1.1.jar", f("never.jar"));
    assertEquals(ExitCode.INTEGRITY, r.exitCode(), r::toString);
    assertTrue(r.stderr().contains("some-future-form"), r.stderr());
    assertFalse(Files.exists(dir.resolve("never.jar")));
  }

  @Test
  void encodeAndDecodeFiles() throws Exception {
    Cli.Result e = Cli.run("archive", "encode", "-v", "-s", f("app-1.0.jar"), f("app-1.1.jar"), f("p"));
    assertEquals(0, e.exitCode(), e::toString);
    assertTrue(e.stderr().contains("deflate streams expanded: 200 of 200"), e.stderr());
    long patch = Files.size(dir.resolve("p"));
    Cli.Result plain = Cli.run("vcdiff", "encode", "-s", f("app-1.0.jar"), f("app-1.1.jar"), f("plain"));
    assertEquals(0, plain.exitCode());
    assertTrue(patch * 3 < Files.size(dir.resolve("plain")), patch + " against " + Files.size(dir.resolve("plain")));
    Cli.Result d = Cli.run("archive", "decode", "-v", "-s", f("app-1.0.jar"), f("p"), f("out.jar"));
    assertEquals(0, d.exitCode(), d::toString);
    assertTrue(d.stderr().contains("SHA-256 verified"), d.stderr());
    assertArrayEquals(jar2, Files.readAllBytes(dir.resolve("out.jar")));
  }

  @Test
  void encodeAndDecodeThroughStandardStreams() throws Exception {
    Cli.Result e = Cli.runWithInput(jar2, "archive", "encode", "-s", f("app-1.0.jar"), "-", "-");
    assertEquals(0, e.exitCode(), e::toString);
    Cli.Result d = Cli.runWithInput(e.stdout(), "archive", "decode", "-s", f("app-1.0.jar"), "-", "-");
    assertEquals(0, d.exitCode(), d::toString);
    assertArrayEquals(jar2, d.stdout());
  }

  @Test
  void decodeRefusesAnotherSourceAndADamagedPatchAndLeavesNoOutput() throws Exception {
    assertEquals(0, Cli.run("archive", "encode", "-s", f("app-1.0.jar"), f("app-1.1.jar"), f("p")).exitCode());
    Cli.Result wrong = Cli.run("archive", "decode", "-s", f("app-1.1.jar"), f("p"), f("out.jar"));
    assertEquals(ExitCode.FAILURE, wrong.exitCode(), wrong::toString);
    assertTrue(wrong.stderr().startsWith("deltaglider: cannot apply "), wrong.stderr());
    assertTrue(wrong.stderr().contains("is not the file the patch was made from"), wrong.stderr());
    byte[] p = Files.readAllBytes(dir.resolve("p"));
    p[p.length - 20] ^= 1;
    Files.write(dir.resolve("bad"), p);
    Cli.Result bad = Cli.run("archive", "decode", "-s", f("app-1.0.jar"), f("bad"), f("out.jar"));
    assertEquals(ExitCode.FAILURE, bad.exitCode(), bad::toString);
    Cli.Result none = Cli.run("archive", "decode", "-s", f("app-1.0.jar"), f("missing"), f("out.jar"));
    assertEquals(ExitCode.FAILURE, none.exitCode(), none::toString);
    assertEquals(ExitCode.USAGE, Cli.run("archive", "decode", f("p"), f("out.jar")).exitCode(), "-s is required");
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(List.of("app-1.0.jar", "app-1.1.jar", "bad", "p"),
          files.map(x -> x.getFileName().toString()).sorted().toList(), "no output, no temp file");
    }
  }

  @Test
  void aStoredArchiveAwareDeltaDecodesWithItsReference() throws Exception {
    assertEquals(0, dg("put", "--archive-aware", f("app-1.0.jar"), "r/").exitCode());
    assertEquals(0, dg("put", "--archive-aware", f("app-1.1.jar"), "r/").exitCode());
    try (InputStream ref = backend().get("r/reference.bin"); InputStream delta = backend().get("r/app-1.1.jar.delta")) {
      Files.write(dir.resolve("reference.bin"), ref.readAllBytes());
      Files.write(dir.resolve("app-1.1.jar.delta"), delta.readAllBytes());
    }
    String cmd = backend().head("r/app-1.1.jar.delta").orElseThrow().metadata().get(MetadataNames.DELTA_CMD);
    assertEquals("deltaglider archive encode -s reference.bin app-1.1.jar app-1.1.jar.delta", cmd);
    Cli.Result d = Cli.run("archive", "decode", "-s", f("reference.bin"), f("app-1.1.jar.delta"), f("rebuilt.jar"));
    assertEquals(0, d.exitCode(), d::toString);
    assertArrayEquals(jar2, Files.readAllBytes(dir.resolve("rebuilt.jar")));
  }
}
