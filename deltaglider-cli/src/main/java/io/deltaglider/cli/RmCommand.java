package io.deltaglider.cli;

import io.deltaglider.DeltaStore;
import io.deltaglider.ObjectNotFoundException;
import io.deltaglider.ObjectSummary;
import io.deltaglider.spi.StorageProblem;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code deltaglider rm KEY}: DeltaStore.delete. */
@Command(
    name = "rm",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Delete an object, or with --recursive every object under a prefix.",
      "A deltaspace's reference is deleted with the last delta that needs it; --recursive also",
      "removes references and temp files under the prefix that interrupted commands left.",
    },
    footerHeading = "%n",
    footer = {
      "Examples:",
      "  deltaglider rm releases/app/app-1.0.zip",
      "  deltaglider rm --recursive s3://my-bucket/releases/old/",
      ""
    })
final class RmCommand extends StoreCommand {
  @Parameters(index = "0", paramLabel = "KEY", description = "The object (or with --recursive the prefix).")
  String key;

  @Option(names = {"-r", "--recursive"}, description = "Delete every object under KEY/.")
  boolean recursive;

  RmCommand(Console console) {
    super(console);
  }

  @Override
  int run(StoreLocation base, Stores stores) throws Exception {
    StorePath path = StorePath.resolve(base, key);
    DeltaStore store = stores.open(path.location(), false);
    List<String> deleted = new ArrayList<>();
    if (recursive) {
      for (ObjectSummary o : store.listAll(path.directoryPrefix())) {
        if (store.delete(o.key())) {
          deleted.add(path.display(o.key()));
          say("delete: " + path.display(o.key()));
        }
      }
      // A put killed after creating its reference leaves one no object uses: not listed, but the
      // prefix is being emptied, so it goes too (as do temp files of writes that never finished).
      for (StorageProblem p : store.cleanup(path.directoryPrefix())) {
        say("delete: " + p.location() + " (" + p.detail() + ")");
      }
    } else {
      if (!store.delete(path.key())) {
        throw new ObjectNotFoundException(path.toString());
      }
      deleted.add(path.toString());
      say("delete: " + path);
    }
    if (output.json) {
      printJson(Map.of("deleted", deleted));
    }
    return ExitCode.OK;
  }
}
