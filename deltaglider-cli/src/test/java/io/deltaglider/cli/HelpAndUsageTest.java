package io.deltaglider.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
}
