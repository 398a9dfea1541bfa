package io.deltaglider.cli;

import io.deltaglider.DeltaStore;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code deltaglider migrate [--dryrun] [PREFIX]}: DeltaStore.migrate, plain objects into delta storage. */
@Command(
    name = "migrate",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Bring files other tools put in the store under delta storage, in place.",
      "Every object under PREFIX without DeltaGlider metadata (an existing bucket's files) is",
      "read and stored again at the same key: as a delta where the policy allows, else whole",
      "with metadata. Resumable: what is already converted is skipped. Run it while nothing",
      "else writes those keys. (Legacy metadata spellings: see upgrade-metadata.)",
    },
    footerHeading = "%n",
    footer = {
      "Examples:",
      "  deltaglider migrate --dryrun s3://my-bucket/releases/",
      "  deltaglider migrate s3://my-bucket/releases/",
      ""
    })
final class MigrateCommand extends StoreCommand {
  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "PREFIX",
      description = "Key prefix, or s3://BUCKET/PREFIX. Default: the whole store.")
  String prefix = "";

  @Option(names = "--dryrun", description = "Only list what would be converted.")
  boolean dryRun;

  MigrateCommand(Console console) {
    super(console);
  }

  @Override
  int run(StoreLocation base, Stores stores) throws Exception {
    StorePath path = StorePath.resolve(base, prefix);
    DeltaStore store = stores.open(path.location(), false);
    List<String> keys;
    try (Progress.Line p = Progress.start(console, output.quiet, "migrating " + path)) {
      keys = store.migrate(path.key(), dryRun);
    }
    String verb = dryRun ? "(dryrun) migrate: " : "migrate: ";
    if (output.json) {
      printJson(Map.of(dryRun ? "would_migrate" : "migrated", keys.stream().map(path::display).toList()));
    } else {
      keys.forEach(k -> say(verb + path.display(k)));
      say((dryRun ? "would migrate " : "migrated ") + keys.size() + " plain object(s)"
          + (keys.isEmpty() ? " (nothing without DeltaGlider metadata)" : ""));
    }
    return ExitCode.OK;
  }
}
