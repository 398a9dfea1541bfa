package io.deltaglider.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What only a real process shows (issue 15): Ctrl-C in the middle of a put, bytes on the command
 * line that are not UTF-8, and standard input redirected from a /proc file.
 */
class InterruptAndRawInputIT {
  private static final Path ROOT =
      Path.of(System.getProperty("deltaglider.repo.root", "..")).toAbsolutePath().normalize();
  private static Path jar;

  @TempDir Path dir;

  @BeforeAll
  static void findJar() {
    Assumptions.assumeTrue(StoreCliJarIT.localStoreBuiltIn(), "deltaglider-storage-fs is not in this build");
    String prop = System.getProperty("deltaglider.cli.jar");
    jar = Path.of(prop != null ? prop : "target/deltaglider-cli.jar").toAbsolutePath();
    assertTrue(Files.isRegularFile(jar), "the shaded jar is missing: " + jar + " (run mvn verify)");
  }

  private List<String> java(String... args) {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-jar", jar.toString()));
    cmd.addAll(List.of(args));
    return cmd;
  }

  /** A file of {@code mib} MiB that compresses poorly, written fast (one random MiB, varied). */
  private Path bigFile(String name, int mib) throws IOException {
    Path p = dir.resolve(name);
    byte[] block = new byte[1 << 20];
    new Random(15).nextBytes(block);
    try (OutputStream out = Files.newOutputStream(p)) {
      for (int i = 0; i < mib; i++) {
        block[i % block.length] ^= (byte) (i + 1);
        out.write(block);
      }
    }
    return p;
  }

  private static Optional<Path> tempFileIn(Path store) throws IOException {
    if (!Files.isDirectory(store)) {
      return Optional.empty();
    }
    try (Stream<Path> s = Files.walk(store)) {
      return s.filter(p -> p.getFileName().toString().startsWith(".dg-tmp")).findFirst();
    }
  }

  @Test
  void ctrlCDuringAPutExits130AfterTheCommandCleanedUp() throws Exception {
    Path big = bigFile("big.zip", 160);
    Path store = dir.resolve("store");
    Process p = new ProcessBuilder(java("put", "--store", store.toString(), big.toString(), "r/big.zip"))
        .directory(dir.toFile()).start();
    CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
    CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));

    // Wait until the backend writes the reference's temp file in the deltaspace, then press Ctrl-C.
    // (The store's own probe file at its top is written and deleted earlier: not that one.)
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    Optional<Path> temp = Optional.empty();
    while (temp.isEmpty() && p.isAlive() && System.nanoTime() < deadline) {
      temp = tempFileIn(store.resolve("r"));
      Thread.sleep(1);
    }
    assertTrue(temp.isPresent(), "no temp file seen while the put ran: " + p + ", "
        + (p.isAlive() ? "still running" : "exit " + p.exitValue() + " " + new String(err.join(), StandardCharsets.UTF_8)));
    long signalled = System.nanoTime();
    assertEquals(0, new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor());
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "still running after SIGINT");
    long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - signalled);

    String stderr = new String(err.join(), StandardCharsets.UTF_8);
    assertEquals(130, p.exitValue(), stderr);
    // One line: the command's own failure (an I/O error from being interrupted) is not reported.
    assertEquals("deltaglider: interrupted; cleaning up\n", stderr);
    assertEquals(0, out.join().length);
    // The hook did not run into its bound: the interrupted main thread unwound and said so.
    assertTrue(tookMs < Interrupts.WAIT_MS, "took " + tookMs + " ms");
    // The interrupted thread ran the backend's finally block, which deletes its temp file; without
    // the hook the JVM halted mid-write and left it (here a part of 160 MiB) in the store.
    assertEquals(Optional.empty(), tempFileIn(store));
    // Wherever the signal falls, a reference stays only with the object that uses it (the store
    // cleans up even on the interrupted thread: core's InterruptedPutTest covers each step).
    assertTrue(!Files.exists(store.resolve("r/reference.bin")) || Files.exists(store.resolve("r/big.zip.delta")));
  }

  @Test
  void ctrlCWhilePutWaitsOnStandardInputStopsPromptlyAndStoresNothing() throws Exception {
    Path store = dir.resolve("store");
    Process p = new ProcessBuilder(java("put", "--store", store.toString(), "-", "s/dump.zip"))
        .directory(dir.toFile()).start();
    CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
    OutputStream stdin = p.getOutputStream();
    // More than a pipe holds: once written, the put has read most of it and waits for the rest.
    stdin.write(new byte[4 << 20]);
    stdin.flush();
    long signalled = System.nanoTime();
    assertEquals(0, new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor());
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "still running after SIGINT");
    long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - signalled);
    stdin.close(); // still open until here: the put never saw the end of its input

    assertEquals(130, p.exitValue());
    assertEquals("deltaglider: interrupted; cleaning up\n", new String(err.join(), StandardCharsets.UTF_8));
    // A read blocked on a pipe ends on the interrupt (a FileChannel's read does; a FileInputStream's
    // would have kept the hook waiting its whole bound).
    assertTrue(tookMs < Interrupts.WAIT_MS / 2, "took " + tookMs + " ms");
    try (Stream<Path> s = Files.walk(store)) {
      assertEquals(List.of(), s.filter(Files::isRegularFile).toList(), "nothing stored");
    }
  }

  @Test
  void undecodableBytesInArgumentsAreRefusedAlsoOnTheLauncherFastPath() throws Exception {
    Files.writeString(dir.resolve("app.txt"), "app");
    Map<String, String> env = Map.of("LC_ALL", "C.UTF-8", "DELTAGLIDER_SKIP_BUILD", "1",
        "JAVA_HOME", System.getProperty("java.home"), "DELTAGLIDER_STORE", dir.resolve("store").toString());
    String launcher = ROOT.resolve("deltaglider").toString();
    // bash's printf makes the byte 0xFF, which no UTF-8 string holds; ProcessBuilder cannot pass it.
    Cli.Result put = Proc.run(dir, env, new byte[0],
        List.of("bash", "-c", "exec bash \"$0\" put app.txt \"k/caf$(printf '\\xff').txt\"", launcher));
    assertEquals(2, put.exitCode(), put::toString);
    assertTrue(put.stderr().startsWith("deltaglider: argument 3 "), put.stderr());
    assertEquals(1, put.errLines().size(), put.stderr());
    assertTrue(Files.notExists(dir.resolve("store")), "nothing stored");

    // vcdiff decode goes through QuickVcdiff (no picocli): refused there too, not "no such file".
    Cli.Result decode = Proc.run(dir, env, new byte[0],
        List.of("bash", "-c", "exec bash \"$0\" vcdiff decode -s \"src$(printf '\\xfe')\" d.vcdiff out", launcher));
    assertEquals(2, decode.exitCode(), decode::toString);
    assertTrue(decode.stderr().startsWith("deltaglider: argument 4 "), decode.stderr());
  }

  @Test
  void putFromStandardInputRedirectedFromAProcFile() throws Exception {
    Path version = Path.of("/proc/version");
    Assumptions.assumeTrue(Files.isRegularFile(version), "Linux procfs");
    Path store = dir.resolve("store");
    // Standard input is then the /proc file itself, whose available() the JDK cannot answer.
    Process put = new ProcessBuilder(java("put", "--store", store.toString(), "-", "proc/version"))
        .directory(dir.toFile()).redirectInput(version.toFile()).redirectErrorStream(true).start();
    String output = new String(readAll(put.getInputStream()), StandardCharsets.UTF_8);
    assertTrue(put.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, put.exitValue(), output);
    Cli.Result back = Proc.run(dir, Map.of(), new byte[0], java("get", "--store", store.toString(), "proc/version", "-"));
    assertEquals(0, back.exitCode(), back::toString);
    assertArrayEquals(Files.readAllBytes(version), back.stdout());
  }

  private static byte[] readAll(InputStream in) {
    try (in) {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      in.transferTo(b);
      return b.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
