package io.deltaglider.cli;

import picocli.CommandLine.Command;

/** {@code deltaglider archive}: archive-aware patches between two files. */
@Command(
    name = "archive",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Make and apply archive-aware patches: VCDIFF deltas between two files whose",
      "deflate streams (jar, zip, gzip, .tgz, .tar.gz, nested ones too) are inflated",
      "first where they can be compressed back exactly; often a small fraction of a",
      "plain delta. A patch records the SHA-256 of both files, and applying it checks",
      "them. Only deltaglider applies these patches (xdelta3 does not); they are the",
      "store's archive-aware deltas."
    },
    subcommands = {ArchiveEncodeCommand.class, ArchiveDecodeCommand.class},
    footerHeading = "%n")
final class ArchiveCommand {}
