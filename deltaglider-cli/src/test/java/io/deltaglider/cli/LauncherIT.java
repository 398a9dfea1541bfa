package io.deltaglider.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./deltaglider} launcher, run by bash. Its rebuild logic is checked in a copy of the
 * repository's shape with a stand-in for Maven, so no real build runs inside the test.
 */
class LauncherIT {
  private static final Path ROOT =
      Path.of(System.getProperty("deltaglider.repo.root", "..")).toAbsolutePath().normalize();
  private static final Path REAL_JAR =
      Path.of(System.getProperty("deltaglider.cli.jar", "target/deltaglider-cli.jar")).toAbsolutePath();

  @TempDir Path repo;
  @TempDir Path elsewhere; // the current directory of each run: the launcher works from anywhere

  private Path fakeMvnLog;
  private Path jar;
  private Path cliSource;

  @BeforeEach
  void fakeRepository() throws Exception {
    Path launcher = Files.copy(ROOT.resolve("deltaglider"), repo.resolve("deltaglider"));
    Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.writeString(repo.resolve("pom.xml"), "<project/>");
    for (String m : List.of("deltaglider-vcdiff", "deltaglider-cli")) {
      Files.createDirectories(repo.resolve(m + "/src/main/java"));
      Files.writeString(repo.resolve(m + "/pom.xml"), "<project/>");
      Files.writeString(repo.resolve(m + "/src/main/java/X.java"), "class X {}");
    }
    cliSource = repo.resolve("deltaglider-cli/src/main/java/X.java");
    jar = repo.resolve("deltaglider-cli/target/deltaglider-cli.jar");
    Files.createDirectories(jar.getParent());
    Files.copy(REAL_JAR, jar);

    // Everything older than the jar: nothing to build.
    Instant past = Instant.now().minusSeconds(600);
    try (var s = Files.walk(repo)) {
      for (Path p : s.toList()) {
        Files.setLastModifiedTime(p, FileTime.from(past));
      }
    }
    Files.setLastModifiedTime(jar, FileTime.from(past.plusSeconds(60)));

    fakeMvnLog = elsewhere.resolve("mvn.log");
    Path fakeMvn = elsewhere.resolve("fake-mvn");
    Files.writeString(
        fakeMvn,
        String.join(
            "\n",
            "#!/usr/bin/env bash",
            "echo \"$PWD $*\" >> '" + fakeMvnLog + "'",
            "echo 'fake maven output'",
            "[[ \"${FAKE_MVN_FAIL:-}\" == 1 ]] && exit 1",
            "mkdir -p deltaglider-cli/target",
            "cp '" + REAL_JAR + "' deltaglider-cli/target/deltaglider-cli.jar",
            ""));
    Files.setPosixFilePermissions(fakeMvn, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private Cli.Result launch(Map<String, String> extraEnv, String... args) throws Exception {
    Map<String, String> env = new HashMap<>();
    env.put("MVN", elsewhere.resolve("fake-mvn").toString());
    env.put("JAVA_HOME", System.getProperty("java.home"));
    env.put("DELTAGLIDER_JAVA_OPTS", "");
    env.putAll(extraEnv);
    List<String> cmd = new java.util.ArrayList<>(List.of("bash", repo.resolve("deltaglider").toString()));
    cmd.addAll(List.of(args));
    return Proc.run(elsewhere, env, new byte[0], cmd);
  }

  @Test
  void freshJarRunsWithoutBuilding() throws Exception {
    Cli.Result r = launch(Map.of(), "--version");
    assertEquals(0, r.exitCode(), r::toString);
    assertTrue(r.out().startsWith("deltaglider "), r.out());
    assertFalse(Files.exists(fakeMvnLog), "no build expected");
  }

  @Test
  void newerSourceRebuildsWithBuildOutputOnStderrOnly() throws Exception {
    Files.setLastModifiedTime(cliSource, FileTime.from(Instant.now()));

    Cli.Result r = launch(Map.of(), "--version");

    assertEquals(0, r.exitCode(), r::toString);
    String log = Files.readString(fakeMvnLog, StandardCharsets.UTF_8);
    assertTrue(log.startsWith(repo.toRealPath() + " "), log);
    assertTrue(log.contains("-DskipTests"), log);
    assertTrue(log.contains("-pl deltaglider-cli -am package"), log);
    assertTrue(r.out().startsWith("deltaglider "), "stdout has only the command's output: " + r.out());
    assertFalse(r.out().contains("fake maven output"));
    assertTrue(r.stderr().contains("fake maven output"), r.stderr());

    Files.delete(fakeMvnLog);
    Cli.Result again = launch(Map.of(), "--version");
    assertEquals(0, again.exitCode(), again::toString);
    assertFalse(Files.exists(fakeMvnLog), "built once, fresh afterwards");
  }

  @Test
  void worksThroughASymlinkFromAnotherDirectory() throws Exception {
    Path bin = Files.createDirectories(elsewhere.resolve("bin"));
    Path link = Files.createSymbolicLink(bin.resolve("deltaglider"), repo.resolve("deltaglider"));
    Path relative = Files.createSymbolicLink(bin.resolve("dg"), bin.relativize(link));
    for (Path p : List.of(link, relative)) {
      Cli.Result r =
          Proc.run(
              elsewhere,
              Map.of("JAVA_HOME", System.getProperty("java.home"), "MVN", "false"),
              new byte[0],
              List.of("bash", p.toString(), "--version"));
      assertEquals(0, r.exitCode(), r::toString);
      assertTrue(r.out().startsWith("deltaglider "), r.out());
    }
  }

  @Test
  void newerPomRebuilds() throws Exception {
    Files.setLastModifiedTime(repo.resolve("pom.xml"), FileTime.from(Instant.now()));
    Cli.Result r = launch(Map.of(), "--version");
    assertEquals(0, r.exitCode(), r::toString);
    assertTrue(Files.exists(fakeMvnLog));
  }

  @Test
  void missingJarIsBuilt() throws Exception {
    Files.delete(jar);
    Cli.Result r = launch(Map.of(), "--help");
    assertEquals(0, r.exitCode(), r::toString);
    assertTrue(Files.exists(fakeMvnLog));
    assertTrue(r.out().startsWith("Usage: deltaglider"), r.out());
  }

  @Test
  void failedBuildExitsNonZeroWithoutRunning() throws Exception {
    Files.delete(jar);
    Cli.Result r = launch(Map.of("FAKE_MVN_FAIL", "1"), "--version");
    assertEquals(1, r.exitCode(), r::toString);
    assertEquals("", r.out());
    assertTrue(r.stderr().contains("deltaglider: build failed"), r.stderr());
  }

  @Test
  void skipBuildRunsTheJarAsItIs() throws Exception {
    Files.setLastModifiedTime(cliSource, FileTime.from(Instant.now()));
    Cli.Result r = launch(Map.of("DELTAGLIDER_SKIP_BUILD", "1"), "--version");
    assertEquals(0, r.exitCode(), r::toString);
    assertFalse(Files.exists(fakeMvnLog));
  }

  @Test
  void javaOptionsReachTheJvm() throws Exception {
    Cli.Result r =
        launch(Map.of("DELTAGLIDER_JAVA_OPTS", "-Xmx64m -XX:+PrintCommandLineFlags"), "--version");
    assertEquals(0, r.exitCode(), r::toString);
    assertTrue(r.out().contains("-XX:MaxHeapSize=67108864"), r.out());
  }

  @Test
  void exitStatusAndStderrPassThrough() throws Exception {
    Cli.Result r = launch(Map.of(), "vcdiff", "decode", "missing.vcdiff", "out");
    assertEquals(1, r.exitCode(), r::toString);
    assertEquals(List.of("deltaglider: no such file: missing.vcdiff"), r.errLines());
  }

  @Test
  void theRepositoryLauncherRunsTheBuiltJar() throws Exception {
    List<String> cmd = List.of("bash", ROOT.resolve("deltaglider").toString(), "--version");
    Cli.Result r =
        Proc.run(
            elsewhere,
            Map.of("DELTAGLIDER_SKIP_BUILD", "1", "JAVA_HOME", System.getProperty("java.home")),
            new byte[0],
            cmd);
    assertEquals(0, r.exitCode(), r::toString);
    assertTrue(r.out().startsWith("deltaglider "), r.out());
  }

}
