package io.deltaglider.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** {@code deltaglider}: the top command. It does nothing itself; a subcommand is required. */
@Command(
    name = "deltaglider",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description =
        "Store many versions of large binary files as VCDIFF deltas against a reference, and make"
            + " and apply xdelta3-compatible VCDIFF deltas (RFC 3284).",
    subcommands = {VcdiffCommand.class},
    footerHeading = "%n",
    footer = {
      "Examples:",
      "  deltaglider vcdiff decode -s old.tar new.tar.vcdiff new.tar",
      "  deltaglider vcdiff decode -s old.tar - - < new.tar.vcdiff > new.tar",
      ""
    })
final class DeltagliderCommand {

  /** Read from the parse result by {@link Main}; declared here so that help lists it everywhere. */
  @Option(
      names = "--debug",
      scope = ScopeType.INHERIT,
      description = "On failure, print the full stack trace as well.")
  boolean debug;
}
