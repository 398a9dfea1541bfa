package io.deltaglider.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deltaglider.spi.InMemoryBackend;
import io.deltaglider.spi.Payload;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The inputs of an adversarial test pass (issue 15) that showed a bug, in-process over in-memory
 * stores; one section per finding, numbered as in the issue.
 */
class HostileInputTest {
  @TempDir Path dir;

  private final Map<StoreLocation, InMemoryBackend> backends = new ConcurrentHashMap<>();

  @BeforeEach
  void memoryStores() {
    Stores.testBackends = loc -> backends.computeIfAbsent(loc, l -> new InMemoryBackend());
  }

  @AfterEach
  void realStores() {
    Stores.testBackends = null;
  }

  /** Runs a store command against the test's store (--store right after the command word). */
  private Cli.Result dg(String... args) {
    String[] all = new String[args.length + 1];
    all[0] = args[0];
    all[1] = "--store=" + dir.resolve("store");
    System.arraycopy(args, 1, all, 2, args.length - 1);
    return Cli.run(all);
  }

  private InMemoryBackend backend() {
    return backends.computeIfAbsent(StoreLocation.local(dir.resolve("store")), l -> new InMemoryBackend());
  }

  private String f(String name) {
    return dir.resolve(name).toString();
  }

  private Path write(String name, String content) throws Exception {
    Path p = dir.resolve(name);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content);
    return p;
  }

  // 1. A symbolic link loop in a tree: was exit 3 (FileSystemLoopException as an internal error).

  @Test
  void cpRecursiveSkipsASymlinkLoopWithAWarning() throws Exception {
    write("tree/a.txt", "a");
    write("tree/sub/b.txt", "b");
    Files.createSymbolicLink(dir.resolve("tree/sub/loop"), Path.of(".."));
    Cli.Result r = dg("cp", "-r", f("tree"), "s3://b/t/");
    assertEquals(0, r.exitCode(), r::toString);
    assertEquals(List.of("deltaglider: warning: skipping " + dir.resolve("tree/sub/loop")
        + ": symbolic link loop (it leads back to a directory it is in)"), r.errLines());
    assertTrue(backend().head("b/t/a.txt").isPresent());
    assertTrue(backend().head("b/t/sub/b.txt").isPresent());
    assertEquals(2, backend().size(), "nothing under the loop");

    Cli.Result quiet = dg("sync", "--quiet", f("tree"), "s3://b/t/");
    assertEquals(0, quiet.exitCode(), quiet::toString);
    assertEquals("", quiet.stderr(), "--quiet: no warning either");
  }

  @Test
  void cpRecursiveSkipsAFifoAndABrokenLinkWithAWarningEach() throws Exception {
    write("tree/a.txt", "a");
    Path fifo = dir.resolve("tree/pipe");
    Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
    org.junit.jupiter.api.Assumptions.assumeTrue(mkfifo.waitFor() == 0, "mkfifo is not available here");
    Files.createSymbolicLink(dir.resolve("tree/dangling"), dir.resolve("nowhere"));
    Cli.Result r = dg("cp", "-r", f("tree"), "s3://b/t/");
    assertEquals(0, r.exitCode(), r::toString);
    assertEquals(List.of(
        "deltaglider: warning: skipping " + dir.resolve("tree/dangling") + ": broken symbolic link",
        "deltaglider: warning: skipping " + fifo + ": not a regular file (a FIFO, device or socket)"),
        r.errLines().stream().sorted().toList());
    assertTrue(backend().head("b/t/a.txt").isPresent());
    assertEquals(1, backend().size(), "only the regular file");
  }

  @Test
  void aSymlinkToADirectoryOutsideIsFollowed() throws Exception {
    write("elsewhere/c.txt", "c");
    write("tree/a.txt", "a");
    Files.createSymbolicLink(dir.resolve("tree/link"), dir.resolve("elsewhere"));
    Cli.Result r = dg("cp", "-r", f("tree"), "s3://b/t/");
    assertEquals(0, r.exitCode(), r::toString);
    assertEquals("", r.stderr());
    assertTrue(backend().head("b/t/link/c.txt").isPresent());
  }

  // 2. Files named reference.bin or *.delta in a tree: cp stopped half-way (exit 2 after uploads).

  @Test
  void cpRecursiveRefusesInvalidKeysBeforeUploadingAnything() throws Exception {
    write("dist/a.txt", "a");
    write("dist/reference.bin", "r");
    write("dist/sub/x.delta", "d");
    write("dist/z.txt", "z");
    Cli.Result r = dg("cp", "-r", f("dist"), "s3://b/app/");
    assertEquals(2, r.exitCode(), r::toString);
    assertEquals(1, r.errLines().size(), r.stderr());
    assertEquals("deltaglider: nothing copied: 2 of 4 files would get an invalid key (leave them out with"
        + " --exclude): " + f("dist/reference.bin") + ": invalid key \"b/app/reference.bin\": 'reference.bin'"
        + " is reserved for deltaspace references; " + f("dist/sub/x.delta") + ": invalid key"
        + " \"b/app/sub/x.delta\": names ending in '.delta' are reserved for stored deltas", r.errLines().get(0));
    assertEquals("", r.out());
    assertEquals(0, backend().size(), "nothing uploaded, not even a.txt");

    Cli.Result sync = dg("sync", f("dist"), "s3://b/app/");
    assertEquals(2, sync.exitCode(), sync::toString);
    assertTrue(sync.stderr().startsWith("deltaglider: nothing copied: 2 of 4 files"), sync.stderr());
    assertEquals(0, backend().size());

    Cli.Result excluded = dg("cp", "-r", f("dist"), "s3://b/app/", "--exclude", "reference.bin", "--exclude", "*.delta");
    assertEquals(0, excluded.exitCode(), excluded::toString);
    assertEquals(2, backend().size());
  }

  @Test
  void theRefusalListsTheFirstThreeBadPaths() throws Exception {
    for (String n : List.of("a.delta", "b.delta", "c.DELTA", "d.Delta", "ok.txt")) {
      write("many/" + n, n);
    }
    Cli.Result r = dg("sync", f("many"), "s3://b/m/");
    assertEquals(2, r.exitCode(), r::toString);
    assertTrue(r.stderr().contains("4 of 5 files"), r.stderr());
    assertTrue(r.stderr().contains(f("many/c.DELTA") + ": invalid key"), r.stderr());
    assertFalse(r.stderr().contains("d.Delta"), r.stderr());
    assertTrue(r.stderr().endsWith("; and 1 more\n"), r.stderr());
    assertEquals(0, backend().size());
  }

  // 3. Sources that are not regular files: "changed while it was being read".

  @Test
  void putAndCpReadAFifoAsAStream() throws Exception {
    byte[] content = "from a pipe\n".repeat(10_000).getBytes(StandardCharsets.UTF_8);
    for (List<String> command : List.of(List.of("put", "FIFO", "fifo/put.txt"), List.of("cp", "FIFO", "s3://fifo/cp.txt"))) {
      Path fifo = dir.resolve("fifo-" + command.get(0));
      Assumptions.assumeTrue(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0, "mkfifo");
      CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
        try (OutputStream out = Files.newOutputStream(fifo)) {
          out.write(content);
        } catch (Exception e) {
          throw new RuntimeException(e);
        }
      });
      Cli.Result r = dg(command.get(0), fifo.toString(), command.get(2));
      assertEquals(0, r.exitCode(), r::toString);
      writer.get(10, TimeUnit.SECONDS);
    }
    assertArrayEquals(content, dg("get", "fifo/put.txt", "-").stdout());
    assertArrayEquals(content, dg("get", "fifo/cp.txt", "-").stdout());
  }

  @Test
  void putReadsAProcFileWhoseSizeSaysZero() throws Exception {
    Path version = Path.of("/proc/version"); // size 0, content constant while the system runs
    Assumptions.assumeTrue(Files.isRegularFile(version) && Files.size(version) == 0, "Linux procfs");
    Cli.Result r = dg("put", version.toString(), "proc/version");
    assertEquals(0, r.exitCode(), r::toString);
    assertArrayEquals(Files.readAllBytes(version), dg("get", "proc/version", "-").stdout());
  }

  @Test
  void anEmptyRegularFileIsStillStored() throws Exception {
    Path empty = Files.createFile(dir.resolve("empty.txt"));
    assertEquals(0, dg("put", empty.toString(), "e/empty.txt").exitCode());
    assertEquals(0, dg("get", "e/empty.txt", "-").stdout().length);
  }

  // 4. Restored files were created 0600 (the mode of the temp file they were moved from).

  @Test
  void restoredFilesGetTheModeOfANewFile() throws Exception {
    Path out = Files.createDirectories(dir.resolve("out"));
    Set<PosixFilePermission> newFile;
    try {
      newFile = Files.getPosixFilePermissions(Files.createFile(out.resolve("probe")));
    } catch (UnsupportedOperationException e) {
      Assumptions.abort("no POSIX permissions here");
      return;
    }
    Files.delete(out.resolve("probe"));
    Assumptions.assumeFalse(newFile.equals(PosixFilePermissions.fromString("rw-------")),
        "the umask makes new files owner-only: nothing to tell apart");
    write("app.txt", "app");
    assertEquals(0, dg("put", f("app.txt"), "r/app.txt").exitCode());

    assertEquals(0, dg("get", "r/app.txt", out.resolve("got.txt").toString()).exitCode());
    assertEquals(newFile, Files.getPosixFilePermissions(out.resolve("got.txt")));
    assertEquals(0, dg("cp", "s3://r/app.txt", out.resolve("cp.txt").toString()).exitCode());
    assertEquals(newFile, Files.getPosixFilePermissions(out.resolve("cp.txt")));
    assertEquals(0, dg("sync", "s3://r/", out.resolve("tree").toString()).exitCode());
    assertEquals(newFile, Files.getPosixFilePermissions(out.resolve("tree/app.txt")));
    try (var left = Files.list(out)) {
      assertEquals(List.of("cp.txt", "got.txt", "tree"),
          left.map(p -> p.getFileName().toString()).sorted().toList(), "no probe left behind");
    }
  }

  // 5. C1 controls and bidi characters: accepted in keys, printed raw.

  @Test
  void bidiAndC1CharactersInKeysAreRefusedNamingTheCodePoint() throws Exception {
    write("app.txt", "app");
    Cli.Result bidi = dg("put", f("app.txt"), "mail/invoice-\u202Efdp.exe");
    assertEquals(2, bidi.exitCode(), bidi::toString);
    assertEquals(List.of("deltaglider: invalid key \"mail/invoice-\\u202efdp.exe\": contains a bidirectional"
        + " formatting character (U+202E)"), bidi.errLines());
    Cli.Result c1 = dg("put", f("app.txt"), "x/a\u009Bb");
    assertEquals(2, c1.exitCode(), c1::toString);
    assertEquals(List.of("deltaglider: invalid key \"x/a\\u009bb\": contains a control character (U+009B)"),
        c1.errLines());
    Cli.Result upper = dg("put", f("app.txt"), "x/REFERENCE.BIN");
    assertEquals(2, upper.exitCode(), upper::toString);
    assertEquals(0, backend().size());
  }

  @Test
  void keysFromAForeignStoreArePrintedEscaped() throws Exception {
    // Written straight into the backend, as another tool could have: DeltaStore would refuse them.
    backend().put("in/invoice-\u202Efdp.exe", Payload.of(new byte[] {1}), Map.of());
    backend().put("in/csi-\u009B31m", Payload.of(new byte[] {2}), Map.of());
    Cli.Result ls = dg("ls", "in/");
    assertEquals(0, ls.exitCode(), ls::toString);
    assertTrue(ls.out().contains("in/invoice-\\u202efdp.exe\n"), ls.out());
    assertTrue(ls.out().contains("in/csi-\\u009b31m\n"), ls.out());
    assertFalse(ls.out().contains("\u202E") || ls.out().contains("\u009B"), ls.out());
    Cli.Result json = dg("ls", "--json", "in/");
    assertTrue(json.out().contains("\"in/invoice-\\u202efdp.exe\""), json.out());
    assertFalse(json.out().contains("\u202E"), json.out());
  }

  @Test
  void localFileNamesInMessagesAreEscaped() {
    Cli.Result r = dg("put", f("new\nline-\u202Etxt.exe"), "k/a.txt");
    assertEquals(1, r.exitCode(), r::toString);
    // The line break was already made a space (one line per error); the override is escaped.
    assertEquals(List.of("deltaglider: no such file: " + dir.resolve("new") + " line-\\u202etxt.exe"),
        r.errLines());
  }

  @Test
  void escapeLeavesOrdinaryTextAloneAndIsLossyOnlyForUnsafeCharacters() {
    String ok = "caf\u00E9 \uD83D\uDE00 \u200D \t";
    assertEquals("caf\u00E9 \uD83D\uDE00 \u200D \\u0009", Messages.escape(ok));
    assertEquals("a\\u2066b\\u2069\\u061c\\u200e\\u200f\\u2028\\ud800", Messages.escape("a\u2066b\u2069\u061C\u200E\u200F\u2028\uD800"));
    assertEquals("\"a\\u202eb\\u0085\"", Json.write("a\u202Eb\u0085"));
  }

  // 6. Undecodable arguments silently became U+FFFD (a key or file name other than the one typed).

  @Test
  void argumentsWithUFFFDAreRefusedByPosition() {
    write0("app.txt");
    Cli.Result r = dg("put", f("app.txt"), "k/caf\uFFFD.txt");
    assertEquals(2, r.exitCode(), r::toString);
    assertEquals(1, r.errLines().size(), r.stderr());
    assertTrue(r.stderr().startsWith("deltaglider: argument 4 "), r.stderr()); // put --store=... FILE KEY
    assertEquals(0, backend().size());

    // Also on the vcdiff fast path (QuickVcdiff), which would otherwise look for that file (exit 1).
    Cli.Result vcdiff = Cli.run("vcdiff", "decode", "-s", f("src\uFFFD"), f("d.vcdiff"), f("out"));
    assertEquals(2, vcdiff.exitCode(), vcdiff::toString);
    assertTrue(vcdiff.stderr().startsWith("deltaglider: argument 4 "), vcdiff.stderr());
  }

  private void write0(String name) {
    try {
      write(name, "x");
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
