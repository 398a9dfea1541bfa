package io.deltaglider.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HelpAndUsageTest {

  @Test
  void helpListsCommandsAndExitStatusesOnStdout() {
    Cli.Result r = Cli.run("--help");
    assertEquals(0, r.exitCode(), r::toString);
    assertEquals("", r.stderr());
    assertTrue(r.out().startsWith("Usage: deltaglider"), r.out());
    assertTrue(r.out().contains("vcdiff"), r.out());
    assertTrue(r.out().contains("Exit status:"), r.out());
    assertTrue(r.out().contains("2  usage error"), r.out());
  }

  @Test
  void versionPrintsTheProjectVersion() {
    Cli.Result r = Cli.run("--version");
    assertEquals(0, r.exitCode(), r::toString);
    assertTrue(r.out().matches("(?s)deltaglider \\d+\\.\\d+\\.\\d+.*"), r.out());
  }

  @Test
  void noCommandIsAUsageErrorOnOneLine() {
    Cli.Result r = Cli.run();
    assertEquals(2, r.exitCode(), r::toString);
    assertEquals(1, r.errLines().size(), r.stderr());
    assertTrue(r.stderr().startsWith("deltaglider: "), r.stderr());
    assertEquals(0, r.stdout().length);
  }

  @Test
  void unknownOptionIsAUsageErrorOnOneLine() {
    Cli.Result r = Cli.run("--frobnicate");
    assertEquals(2, r.exitCode(), r::toString);
    assertEquals(
        "deltaglider: unknown option: '--frobnicate' (see 'deltaglider --help')", r.stderr().strip());
  }

  @Test
  void unknownCommandIsAUsageError() {
    Cli.Result r = Cli.run("frobnicate");
    assertEquals(2, r.exitCode(), r::toString);
    assertEquals(1, r.errLines().size(), r.stderr());
  }

  @Test
  void debugAddsTheStackTraceToAUsageError() {
    Cli.Result r = Cli.run("--debug", "--frobnicate");
    assertEquals(2, r.exitCode(), r::toString);
    assertTrue(r.errLines().size() > 1, r.stderr());
    assertTrue(r.stderr().contains("\tat picocli."), r.stderr());
  }

  @Test
  void serveHelpTellsHowToRunSeveralServersBehindALoadBalancer() {
    Cli.Result r = Cli.run("serve", "--help");
    assertEquals(0, r.exitCode(), r::toString);
    assertTrue(r.out().contains("--shared-uploads"), r.out());
    assertTrue(r.out().contains("load balancer"), r.out());
    assertTrue(r.out().contains("deltaglider-uploads/"), r.out());
  }

  @Test
  void helpListsEveryCommandInOrder() {
    String out = Cli.run("--help").out();
    int at = -1;
    for (String name : List.of("put", "get", "ls", "rm", "cp", "sync", "stats", "verify", "cleanup", "migrate",
        "upgrade-metadata", "serve", "vcdiff", "archive")) {
      int i = out.indexOf("\n  " + name + " ");
      assertTrue(i > at, name + " missing or out of order in:\n" + out);
      at = i;
    }
  }

  @Test
  void theCommandWordIsTheFirstArgumentThatIsNotAnOption() {
    assertEquals("ls", Main.commandWord(new String[] {"--debug", "ls", "-r", "x/"}));
    assertEquals("vcdiff", Main.commandWord(new String[] {"vcdiff", "encode"}));
    assertNull(Main.commandWord(new String[] {"--help"}));
    assertNull(Main.commandWord(new String[] {"--", "put"}));
    assertNull(Main.commandWord(new String[0]));
  }

  @Test
  void aRunBuildsOnlyTheCommandItNamesElseAll() {
    Console c = new Console(new ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream(),
        new PrintStream(new ByteArrayOutputStream()));
    assertEquals(Set.of("ls"), Main.commandLine(c, "ls").getSubcommands().keySet());
    assertEquals(Set.of("encode", "decode"),
        Main.commandLine(c, "vcdiff").getSubcommands().get("vcdiff").getSubcommands().keySet());
    assertEquals(Set.of("encode", "decode"),
        Main.commandLine(c, "archive").getSubcommands().get("archive").getSubcommands().keySet());
    assertEquals(14, Main.commandLine(c, "frobnicate").getSubcommands().size());
    assertEquals(14, Main.commandLine(c, null).getSubcommands().size());
  }

  @Test
  void debugBeforeOrAfterTheCommandWorksWithOnlyThatCommandBuilt() {
    for (String[] args : List.of(new String[] {"--debug", "ls", "--store", "/nonexistent/dg"},
        new String[] {"ls", "--store", "/nonexistent/dg", "--debug"})) {
      Cli.Result r = Cli.run(args);
      assertEquals(1, r.exitCode(), r::toString);
      assertTrue(r.errLines().size() > 1, "no stack trace: " + r.stderr());
    }
  }

  @Test
  void theClassDataTrainingRunsEveryCommandItTrainsSuccessfully() {
    // The launcher records no archive when this fails, so a renamed option would cost every run
    // its fast start without any other test noticing.
    assertEquals(0, CdsTraining.run());
  }
}
