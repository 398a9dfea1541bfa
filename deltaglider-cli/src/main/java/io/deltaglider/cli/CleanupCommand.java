package io.deltaglider.cli;

import io.deltaglider.DeltaStore;
import io.deltaglider.spi.StorageProblem;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code deltaglider cleanup [PREFIX]}: DeltaStore.cleanup. */
@Command(
    name = "cleanup",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Remove what interrupted or killed commands left behind under PREFIX.",
      "Temp files of writes that never finished, and deltaspace references that no object uses",
      "(a put stopped between creating the reference and storing its object). Never removes an",
      "object, a write in progress, or data whose metadata is damaged (verify reports those).",
    },
    footerHeading = "%n",
    footer = {
      "Examples:",
      "  deltaglider cleanup",
      "  deltaglider cleanup releases/app/",
      ""
    })
final class CleanupCommand extends StoreCommand {
  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "PREFIX",
      description = "Key prefix, or s3://BUCKET/PREFIX. Default: the whole store.")
  String prefix = "";

  CleanupCommand(Console console) {
    super(console);
  }

  @Override
  int run(StoreLocation base, Stores stores) throws Exception {
    StorePath path = StorePath.resolve(base, prefix);
    DeltaStore store = stores.open(path.location(), false);
    List<StorageProblem> removed = store.cleanup(path.key());
    if (output.json) {
      List<Object> items = new ArrayList<>();
      removed.forEach(p -> items.add(Map.of("location", p.location(), "detail", p.detail())));
      printJson(Map.of("removed", items));
    } else {
      removed.forEach(p -> say("removed: " + p.location() + " (" + p.detail() + ")"));
      say("removed " + removed.size() + " leftover(s)" + (removed.isEmpty() ? " (nothing to clean up)" : ""));
    }
    return ExitCode.OK;
  }
}
