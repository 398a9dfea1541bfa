package io.deltaglider.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code deltaglider cp SOURCE DESTINATION}, as the DeltaGlider and AWS CLIs spell it. */
@Command(
    name = "cp",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Copy files into the store, objects out of it, or within it.",
      "Store paths are written s3://BUCKET/KEY; with a local store its top-level directories",
      "are the buckets. A KEY ending in / (or a directory DESTINATION) keeps the source's name.",
      "Every destination key is checked before the first copy: one invalid key (a",
      "file named reference.bin or *.delta) refuses the whole command. --recursive",
      "follows symbolic links and skips, with a warning, one that loops back to a",
      "directory it is in. A FIFO, <(command) or /proc file is read as a stream.",
    },
    footerHeading = "%n",
    footer = {
      "Examples:",
      "  deltaglider cp app-1.1.zip s3://releases/app/",
      "  deltaglider cp s3://releases/app/app-1.1.zip ./downloads/",
      "  deltaglider cp -r dist/ s3://releases/app/1.1/ --exclude '*' --include '*.zip'",
      "  deltaglider cp s3://releases/app/app-1.1.zip s3://archive/app/app-1.1.zip",
      "  deltaglider cp --store s3:// --endpoint-url http://127.0.0.1:9000 \\",
      "      app.zip s3://my-bucket/app/",
      ""
    })
final class CpCommand extends TransferCommand {
  @Parameters(index = "0", paramLabel = "SOURCE", description = "A local file or directory, or s3://BUCKET/KEY.")
  String source;

  @Parameters(index = "1", paramLabel = "DESTINATION", description = "A local path, or s3://BUCKET/KEY.")
  String destination;

  @Option(
      names = {"-r", "--recursive"},
      description = "Copy a directory, or every object under a prefix, keeping relative paths.")
  boolean recursive;

  CpCommand(Console console) {
    super(console);
  }

  @Override
  boolean skipUnchanged() {
    return false;
  }

  @Override
  boolean recursive() {
    return recursive;
  }

  @Override
  int run(StoreLocation base, Stores stores) throws Exception {
    return transfer(base, stores, source, destination);
  }
}
