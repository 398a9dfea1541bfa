package io.deltaglider.vcdiff.testing;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs the native {@code xdelta3} binary for interop tests. Tests call {@link #require()} first:
 * without the binary they are skipped with a clear message, unless {@code
 * DELTAGLIDER_REQUIRE_XDELTA3=1}, in which case they fail (CI sets it).
 */
public final class Xdelta3 {
  private static final String REQUIRE_ENV = "DELTAGLIDER_REQUIRE_XDELTA3";
  private static volatile String binary;

  private Xdelta3() {}

  /** Path of the xdelta3 binary on PATH, or {@code null}. */
  public static String find() {
    String b = binary;
    if (b != null) {
      return b.isEmpty() ? null : b;
    }
    String found = "";
    String path = System.getenv("PATH");
    if (path != null) {
      for (String dir : path.split(File.pathSeparator)) {
        Path p = Path.of(dir, "xdelta3");
        if (Files.isExecutable(p)) {
          found = p.toString();
          break;
        }
      }
    }
    binary = found;
    return found.isEmpty() ? null : found;
  }

  /** Skips the calling test when xdelta3 is missing, or fails it when the environment requires it. */
  public static void require() {
    if (find() != null) {
      return;
    }
    String msg = "xdelta3 not found on PATH (install it with: apt-get install -y xdelta3)";
    if ("1".equals(System.getenv(REQUIRE_ENV))) {
      throw new AssertionError(msg + "; " + REQUIRE_ENV + "=1 makes this a failure");
    }
    Assumptions.abort(msg + "; skipping");
  }

  /**
   * {@code xdelta3 -e -f [flags] [-s source] target out}, returning the delta. A {@code null}
   * source encodes without one.
   */
  public static byte[] encode(Path workDir, byte[] source, byte[] target, String... flags)
      throws IOException {
    require();
    Path t = Files.write(Files.createTempFile(workDir, "target", ".bin"), target);
    Path out = workDir.resolve("xd-" + System.nanoTime() + ".vcdiff");
    List<String> cmd = new ArrayList<>(List.of(find(), "-e", "-f"));
    cmd.addAll(List.of(flags));
    if (source != null) {
      Path s = Files.write(Files.createTempFile(workDir, "source", ".bin"), source);
      cmd.add("-s");
      cmd.add(s.toString());
    }
    cmd.add(t.toString());
    cmd.add(out.toString());
    run(cmd);
    return Files.readAllBytes(out);
  }

  /** {@code xdelta3 -d -f [-s source] delta out}, returning the reconstructed target. */
  public static byte[] decode(Path workDir, byte[] source, byte[] delta) throws IOException {
    require();
    Path d = Files.write(Files.createTempFile(workDir, "delta", ".vcdiff"), delta);
    Path out = workDir.resolve("xd-" + System.nanoTime() + ".out");
    List<String> cmd = new ArrayList<>(List.of(find(), "-d", "-f"));
    if (source != null) {
      Path s = Files.write(Files.createTempFile(workDir, "source", ".bin"), source);
      cmd.add("-s");
      cmd.add(s.toString());
    }
    cmd.add(d.toString());
    cmd.add(out.toString());
    run(cmd);
    return Files.readAllBytes(out);
  }

  /** Runs xdelta3 with the given arguments (binary excluded) and returns its stdout. */
  public static String run(List<String> cmd) throws IOException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    byte[] output = p.getInputStream().readAllBytes();
    try {
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException("xdelta3 timed out: " + cmd);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    String text = new String(output, StandardCharsets.UTF_8);
    if (p.exitValue() != 0) {
      throw new IOException("xdelta3 exited " + p.exitValue() + ": " + cmd + "\n" + text);
    }
    return text;
  }
}
