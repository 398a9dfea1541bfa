package io.deltaglider.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Starts a test class's {@code main} in a fresh JVM on this test run's class path: for tests in
 * which several processes share one store (cross-process races, crashes).
 */
public final class ChildJvm {
  private ChildJvm() {}

  /**
   * Starts {@code mainClass} with {@code args}, its output appended to {@code output}.
   *
   * @return the child process
   * @throws IOException if it cannot be started
   */
  public static Process start(Class<?> mainClass, Path output, String... args) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-XX:TieredStopAtLevel=1");
    cmd.add("-XX:+UseSerialGC");
    cmd.add("-Xmx256m");
    cmd.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(mainClass.getName());
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()));
    return pb.start();
  }

  /**
   * Waits until {@code marker} exists (the child writes it when it is ready), or the child dies.
   *
   * @throws Exception an AssertionError with the child's output if it died or took over 60 s
   */
  public static void awaitFile(Process p, Path marker, Path output) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!Files.exists(marker)) {
      if (!p.isAlive()) {
        throw new AssertionError("child exited with " + p.exitValue() + ": " + Files.readString(output));
      }
      if (System.nanoTime() > deadline) {
        p.destroyForcibly();
        throw new AssertionError("child did not get ready: " + Files.readString(output));
      }
      Thread.sleep(2);
    }
  }
}
