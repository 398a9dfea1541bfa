package io.deltaglider.cli;

import io.deltaglider.DeltaStore;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code deltaglider upgrade-metadata [PREFIX]}: DeltaStore.upgradeMetadata. */
@Command(
    name = "upgrade-metadata",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Rewrite legacy metadata spellings to the current dg-* names.",
      "Bare names such as file_sha256 and dg-note values zero-diff and direct are rewritten in",
      "place; object bytes are not. Running it twice changes nothing the second time.",
    },
    footerHeading = "%n",
    footer = {
      "Examples:",
      "  deltaglider upgrade-metadata",
      "  deltaglider upgrade-metadata --store s3://my-bucket releases/",
      ""
    })
final class UpgradeMetadataCommand extends StoreCommand {
  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "PREFIX",
      description = "Key prefix, or s3://BUCKET/PREFIX. Default: the whole store.")
  String prefix = "";

  UpgradeMetadataCommand(Console console) {
    super(console);
  }

  @Override
  int run(StoreLocation base, Stores stores) throws Exception {
    StorePath path = StorePath.resolve(base, prefix);
    DeltaStore store = stores.open(path.location(), false);
    int n = store.upgradeMetadata(path.key());
    if (output.json) {
      printJson(Map.of("upgraded", n));
    } else {
      say("upgraded the metadata of " + n + " object(s)" + (n == 0 ? " (all metadata already current)" : ""));
    }
    return ExitCode.OK;
  }
}
