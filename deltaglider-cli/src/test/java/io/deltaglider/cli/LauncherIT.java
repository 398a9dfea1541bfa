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
import org.junit.jupiter.api.Assumptions;
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
    env.put("DELTAGLIDER_CDS", "0"); // the class-data sharing tests below turn it on
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
  void worksRunAsBashDeltagliderFromTheRepository() throws Exception {
    // BASH_SOURCE is then "deltaglider", without a directory part.
    Cli.Result r =
        Proc.run(
            repo,
            Map.of("JAVA_HOME", System.getProperty("java.home"), "MVN", "false"),
            new byte[0],
            List.of("bash", "deltaglider", "--version"));
    assertEquals(0, r.exitCode(), r::toString);
    assertTrue(r.out().startsWith("deltaglider "), r.out());
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
  void vcdiffCommandsGetC1OnlyAndHugePagesWhereTheKernelOffersThem() throws Exception {
    Map<String, String> env = Map.of("DELTAGLIDER_JAVA_OPTS", "-XX:+PrintCommandLineFlags");
    Cli.Result vcdiff = launch(env, "vcdiff", "encode", "--help");
    assertEquals(0, vcdiff.exitCode(), vcdiff::toString);
    String flags = vcdiff.out().lines().findFirst().orElse("");
    assertTrue(flags.contains("-XX:TieredStopAtLevel=1"), flags);
    Path thp = Path.of("/sys/kernel/mm/transparent_hugepage/enabled");
    String offered = Files.isReadable(thp) ? Files.readString(thp) : "";
    boolean expectHuge = offered.contains("[always]") || offered.contains("[madvise]");
    assertEquals(expectHuge, flags.contains("-XX:+UseTransparentHugePages"), offered + " / " + flags);
    assertTrue(vcdiff.stderr().isEmpty(), vcdiff.stderr());

    Cli.Result other = launch(env, "--version");
    assertEquals(0, other.exitCode(), other::toString);
    String otherFlags = other.out().lines().findFirst().orElse("");
    assertFalse(otherFlags.contains("TieredStopAtLevel"), otherFlags);
    assertFalse(otherFlags.contains("UseTransparentHugePages"), otherFlags);
  }

  @Test
  void serveKeepsOnlySmallTemporaryDirectBuffers() throws Exception {
    Map<String, String> env = Map.of("DELTAGLIDER_JAVA_OPTS", "-XshowSettings:properties");
    Cli.Result serve = launch(env, "serve", "--help");
    assertEquals(0, serve.exitCode(), serve::toString);
    assertTrue((serve.out() + serve.stderr()).contains("jdk.nio.maxCachedBufferSize = 262144"), serve::toString);
    Cli.Result other = launch(env, "--version");
    assertEquals(0, other.exitCode(), other::toString);
    assertFalse((other.out() + other.stderr()).contains("jdk.nio.maxCachedBufferSize"), other::toString);
  }

  @Test
  void exitStatusAndStderrPassThrough() throws Exception {
    Cli.Result r = launch(Map.of(), "vcdiff", "decode", "missing.vcdiff", "out");
    assertEquals(1, r.exitCode(), r::toString);
    assertEquals(List.of("deltaglider: no such file: missing.vcdiff"), r.errLines());
  }

  // Class-data sharing archive: recorded once, then used; never a reason to fail or to print.

  private static final Map<String, String> CDS = Map.of("DELTAGLIDER_CDS", "1");

  private Path cdsDir() {
    return repo.resolve("deltaglider-cli/target/cds");
  }

  private List<Path> archives() throws Exception {
    if (!Files.isDirectory(cdsDir())) {
      return List.of();
    }
    try (var s = Files.list(cdsDir())) {
      return s.filter(p -> p.getFileName().toString().matches(".*\\.(jsa|aot)")).sorted().toList();
    }
  }

  /** Encodes and decodes a small pair through the launcher; the decoded bytes must come back exact. */
  private Cli.Result roundTrip(Map<String, String> env) throws Exception {
    byte[] source = new byte[300_000];
    new java.util.Random(3).nextBytes(source);
    byte[] target = source.clone();
    target[1000] ^= 1;
    Path src = Files.write(elsewhere.resolve("src.bin"), source);
    Path tgt = Files.write(elsewhere.resolve("tgt.bin"), target);
    Path delta = elsewhere.resolve("d.vcdiff");
    Cli.Result e = launch(env, "vcdiff", "encode", "-s", src.toString(), tgt.toString(), delta.toString());
    assertEquals(0, e.exitCode(), e::toString);
    assertEquals("", e.out() + e.stderr());
    Cli.Result d = launch(env, "vcdiff", "decode", "-s", src.toString(), delta.toString(), "-");
    assertEquals(0, d.exitCode(), d::toString);
    assertEquals("", d.stderr());
    assertTrue(java.util.Arrays.equals(target, d.stdout()), "stdout carries exactly the decoded bytes");
    return d;
  }

  @Test
  void recordsAClassDataArchiveOnceAndRunsWithIt() throws Exception {
    roundTrip(CDS);
    List<Path> first = archives();
    assertEquals(1, first.size(), "one archive: " + first);
    Path archive = first.get(0);
    String name = archive.getFileName().toString();
    assertTrue(name.endsWith("." + Files.size(archive) + ".jsa"), "size in the name: " + name);
    FileTime recorded = Files.getLastModifiedTime(archive);

    Cli.Result r = launch(Map.of("DELTAGLIDER_CDS", "1", "DELTAGLIDER_JAVA_OPTS", "-Xlog:class+load=info:stderr"),
        "vcdiff", "decode", "--help");
    assertEquals(0, r.exitCode(), r::toString);
    assertTrue(r.stderr().contains("source: shared objects file (top)"), "classes come from the archive");
    assertEquals(List.of(archive), archives());
    assertEquals(recorded, Files.getLastModifiedTime(archive), "not recorded again");
  }

  @Test
  void aTruncatedArchiveIsNotUsed() throws Exception {
    roundTrip(CDS);
    Path archive = archives().get(0);
    byte[] bytes = Files.readAllBytes(archive);
    archive.toFile().setWritable(true);
    Files.write(archive, java.util.Arrays.copyOf(bytes, bytes.length / 2)); // JDK 17 would crash on it
    roundTrip(CDS);
    roundTrip(Map.of("DELTAGLIDER_CDS", "1", "DELTAGLIDER_SKIP_BUILD", "1"));
  }

  @Test
  void aCorruptArchiveIsDroppedSilently() throws Exception {
    roundTrip(CDS);
    Path archive = archives().get(0);
    byte[] bytes = Files.readAllBytes(archive);
    for (int i = bytes.length / 3; i < bytes.length / 3 + 4096; i++) {
      bytes[i] ^= 0x5A;
    }
    archive.toFile().setWritable(true);
    Files.write(archive, bytes);
    roundTrip(CDS);
    Files.write(archive, new byte[bytes.length]); // same size, all zeros
    roundTrip(CDS);
  }

  @Test
  void aStaleArchiveIsRecordedAgain() throws Exception {
    roundTrip(CDS);
    Path old = archives().get(0);
    Files.setLastModifiedTime(old, FileTime.from(Instant.now().minusSeconds(3600)));
    roundTrip(CDS);
    List<Path> now = archives();
    assertEquals(1, now.size(), now::toString);
    assertTrue(Files.getLastModifiedTime(now.get(0)).compareTo(Files.getLastModifiedTime(jar)) > 0);
  }

  @Test
  void noArchiveWhenTurnedOffOrWhenBuildsAreSkipped() throws Exception {
    roundTrip(Map.of("DELTAGLIDER_CDS", "0"));
    assertEquals(List.of(), archives());
    roundTrip(Map.of("DELTAGLIDER_CDS", "1", "DELTAGLIDER_SKIP_BUILD", "1"));
    assertEquals(List.of(), archives());
  }

  @Test
  void aFailedRecordingIsNotRetriedUntilTheJarChanges() throws Exception {
    // A "java" that runs the real one but fails every recording (-XX:ArchiveClassesAtExit).
    Path home = Files.createDirectories(elsewhere.resolve("jdk/bin"));
    Path fakeJava = home.resolve("java");
    Path calls = elsewhere.resolve("java.calls");
    Files.writeString(fakeJava, String.join("\n",
        "#!/usr/bin/env bash",
        "echo \"$*\" >> '" + calls + "'",
        "for a in \"$@\"; do [[ $a == -XX:ArchiveClassesAtExit=* ]] && exit 1; done",
        "exec '" + Path.of(System.getProperty("java.home"), "bin", "java") + "' \"$@\"",
        ""));
    Files.setPosixFilePermissions(fakeJava, PosixFilePermissions.fromString("rwxr-xr-x"));
    Map<String, String> env = Map.of("DELTAGLIDER_CDS", "1", "JAVA_HOME", elsewhere.resolve("jdk").toString());
    roundTrip(env);
    roundTrip(env);
    long recordings = Files.readAllLines(calls).stream().filter(l -> l.contains("ArchiveClassesAtExit")).count();
    assertEquals(1, recordings, "tried once");
    assertEquals(List.of(), archives());
  }

  /**
   * A JDK of feature version 25 or later installed beside the one running the tests (its release
   * file says so), or null.
   */
  private static Path newerJdk() throws Exception {
    Path jvms = Path.of(System.getProperty("deltaglider.test.jvms", "/usr/lib/jvm"));
    if (!Files.isDirectory(jvms)) {
      return null;
    }
    try (var s = Files.list(jvms)) {
      for (Path home : s.sorted().toList()) {
        Path release = home.resolve("release");
        if (Files.isSymbolicLink(home) || !Files.isRegularFile(release)
            || !Files.isExecutable(home.resolve("bin/java"))) {
          continue;
        }
        var m = java.util.regex.Pattern.compile("(?m)^JAVA_VERSION=\"(\\d+)")
            .matcher(Files.readString(release));
        if (m.find() && Integer.parseInt(m.group(1)) >= 25) {
          return home;
        }
      }
    }
    return null;
  }

  @Test
  void onJdk25AndLaterTheArchiveIsAnAotCache() throws Exception {
    Path jdk = newerJdk();
    Assumptions.assumeTrue(jdk != null,
        "no JDK 25 or later under /usr/lib/jvm: the launcher's AOT-cache path is not tested");
    Map<String, String> env = Map.of("DELTAGLIDER_CDS", "1", "JAVA_HOME", jdk.toString());
    roundTrip(env);
    List<Path> first = archives();
    assertEquals(1, first.size(), "one archive: " + first);
    Path cache = first.get(0);
    assertTrue(cache.getFileName().toString().endsWith("." + Files.size(cache) + ".aot"), cache::toString);

    Map<String, String> logged = new HashMap<>(env);
    logged.put("DELTAGLIDER_JAVA_OPTS", "-Xlog:class+load=info:stderr");
    Cli.Result r = launch(logged, "vcdiff", "decode", "--help");
    assertEquals(0, r.exitCode(), r::toString);
    assertTrue(r.stderr().contains("source: shared objects file"), "classes come from the cache");

    // The JDK 17 archive sits beside it (one per JVM), and each JVM keeps using its own.
    roundTrip(CDS);
    assertEquals(2, archives().size(), archives()::toString);
    assertTrue(archives().contains(cache), archives()::toString);

    byte[] bytes = Files.readAllBytes(cache);
    cache.toFile().setWritable(true);
    Files.write(cache, java.util.Arrays.copyOf(bytes, bytes.length / 2));
    roundTrip(env); // a truncated cache is not used, and a new one is recorded
    Map<String, String> skip = new HashMap<>(env);
    skip.put("DELTAGLIDER_SKIP_BUILD", "1");
    roundTrip(skip);
    Path again = archives().stream().filter(p -> p.toString().endsWith(".aot")).findFirst().orElseThrow();
    byte[] same = Files.readAllBytes(again);
    for (int i = same.length / 3; i < same.length / 3 + 4096; i++) {
      same[i] ^= 0x5A;
    }
    again.toFile().setWritable(true);
    Files.write(again, same); // same size, corrupt contents: dropped silently
    roundTrip(env);
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
