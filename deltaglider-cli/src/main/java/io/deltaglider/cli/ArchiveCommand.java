package io.deltaglider.cli;

import picocli.CommandLine.Command;

/** {@code deltaglider archive}: archive-aware patches between two files. */
@Command(
    name = "archive",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Make and apply archive-aware patches: a VCDIFF delta between the two files with every",
      "deflate stream of a jar, zip, gzip, .tgz or .tar.gz (nested ones too) that can be",
      "compressed back exactly inflated first, often a small fraction of a plain delta.",
      "The patch records the SHA-256 of both files; applying it checks them. Only deltaglider",
      "applies these patches (xdelta3 does not); they are the store's archive-aware deltas."
    },
    subcommands = {ArchiveEncodeCommand.class, ArchiveDecodeCommand.class},
    footerHeading = "%n")
final class ArchiveCommand {}
