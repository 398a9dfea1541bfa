package io.deltaglider.cli;

import picocli.CommandLine.Command;

/** {@code deltaglider vcdiff}: the xdelta3-style codec commands. */
@Command(
    name = "vcdiff",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Make and apply VCDIFF deltas (RFC 3284) in the format xdelta3 reads and writes.",
      "Reads deltas written by xdelta3 (secondary compression none, lzma, djw, fgk) and by"
          + " open-vcdiff."
    },
    subcommands = {VcdiffEncodeCommand.class, VcdiffDecodeCommand.class},
    footerHeading = "%n")
final class VcdiffCommand {}
