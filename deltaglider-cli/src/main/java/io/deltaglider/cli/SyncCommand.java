package io.deltaglider.cli;

import picocli.CommandLine.Command;
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
    },
    footerHeading = "%n",
    footer = {
      "Examples:",
      "  deltaglider sync dist/ s3://releases/app/",
      "  deltaglider sync s3://releases/app/ mirror/ --include '*.zip'",
      ""
    })
final class SyncCommand extends TransferCommand {
  @Parameters(index = "0", paramLabel = "SOURCE", description = "A local directory, or s3://BUCKET/PREFIX.")
  String source;

  @Parameters(index = "1", paramLabel = "DESTINATION", description = "A local directory, or s3://BUCKET/PREFIX.")
  String destination;

  SyncCommand(Console console) {
    super(console);
  }

  @Override
  boolean skipUnchanged() {
    return true;
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
