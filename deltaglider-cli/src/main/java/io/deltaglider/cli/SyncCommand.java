package io.deltaglider.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code deltaglider sync SOURCE DESTINATION}: cp --recursive of what changed only. */
@Command(
    name = "sync",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Copy only what changed (by size and SHA-256), recursively.",
      "Brings DESTINATION up to date with SOURCE (a local directory or a store prefix): each",
      "file whose counterpart is missing or differs in size or SHA-256 is copied.",
      "As with cp, every destination key is checked before the first copy, and a",
      "symbolic link loop is skipped with a warning.",
    },
    footerHeading = "%n",
    footer = {
      "Examples:",
      "  deltaglider sync dist/ s3://releases/app/",
      "  deltaglider sync s3://releases/app/ mirror/ --exclude '*' --include '*.zip'",
      "  deltaglider sync --delete dist/ s3://releases/app/",
      "  deltaglider sync --dryrun --size-only dist/ s3://releases/app/",
      ""
    })
final class SyncCommand extends TransferCommand {
  @Parameters(index = "0", paramLabel = "SOURCE", description = "A local directory, or s3://BUCKET/PREFIX.")
  String source;

  @Parameters(index = "1", paramLabel = "DESTINATION", description = "A local directory, or s3://BUCKET/PREFIX.")
  String destination;

  @Option(
      names = "--delete",
      description = "Also delete files or objects in DESTINATION that SOURCE does not have"
          + " (those the filters leave out stay).")
  boolean delete;

  @Option(names = "--dryrun", description = "Say what would be copied or deleted, and do nothing.")
  boolean dryRun;

  @Option(names = "--size-only", description = "Treat a file and its counterpart of the same size as the same"
      + " (no SHA-256 is read; faster, and blind to same-size edits).")
  boolean sizeOnly;

  SyncCommand(Console console) {
    super(console);
  }

  @Override
  boolean skipUnchanged() {
    return true;
  }

  @Override
  boolean dryRun() {
    return dryRun;
  }

  @Override
  boolean sizeOnly() {
    return sizeOnly;
  }

  @Override
  boolean deleteExtra() {
    return delete;
  }

  @Override
  boolean recursive() {
    return true;
  }

  @Override
  int run(StoreLocation base, Stores stores) throws Exception {
    return transfer(base, stores, source, destination);
  }
}
