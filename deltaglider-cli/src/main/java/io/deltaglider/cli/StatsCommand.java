package io.deltaglider.cli;

import io.deltaglider.DeltaStore;
import io.deltaglider.StoreStats;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code deltaglider stats [PREFIX]}: DeltaStore.stats. */
@Command(
    name = "stats",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Original against stored bytes, per deltaspace and in all.",
      "Stored bytes count everything kept: deltas, whole objects and each deltaspace's",
      "reference.",
    },
    footerHeading = "%n",
    footer = {
      "Examples:",
      "  deltaglider stats",
      "  deltaglider stats --json s3://my-bucket/releases/",
      ""
    })
final class StatsCommand extends StoreCommand {
  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "PREFIX",
      description = "Key prefix, or s3://BUCKET/PREFIX. Default: the whole store.")
  String prefix = "";

  @Option(names = "--bytes", description = "Sizes in bytes rather than KiB/MiB/GiB.")
  boolean bytes;

  StatsCommand(Console console) {
    super(console);
  }

  @Override
  int run(StoreLocation base, Stores stores) throws Exception {
    StorePath path = StorePath.resolve(base, prefix);
    DeltaStore store = stores.open(path.location(), false);
    StoreStats s = store.stats(path.key());
    if (output.json) {
      Map<String, Object> doc = json(s);
      List<Object> per = new ArrayList<>();
      s.perDeltaspace().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("deltaspace", path.display(e.getKey().isEmpty() ? "" : e.getKey() + "/"));
        m.putAll(json(e.getValue()));
        per.add(m);
      });
      doc.put("deltaspaces", per);
      printJson(doc);
      return ExitCode.OK;
    }
    if (output.quiet) {
      return ExitCode.OK;
    }
    boolean human = !bytes;
    Table t = new Table("LRRRRRRR", "DELTASPACE", "OBJECTS", "DELTAS", "WHOLE", "ORIGINAL", "STORED", "REFERENCE", "SAVED");
    s.perDeltaspace().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e ->
        row(t, path.display(e.getKey().isEmpty() ? "" : e.getKey() + "/"), e.getValue(), human));
    row(t, "(total)", s, human);
    t.print(out);
    return ExitCode.OK;
  }

  private static void row(Table t, String name, StoreStats s, boolean human) {
    t.row(name, Long.toString(s.objects()), Long.toString(s.deltas()), Long.toString(s.passthroughs()),
        Sizes.bytes(s.originalBytes(), human), Sizes.bytes(s.storedBytes(), human),
        Sizes.bytes(s.referenceBytes(), human), Sizes.percent(s.savings()));
  }

  static Map<String, Object> json(StoreStats s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("objects", s.objects());
    m.put("deltas", s.deltas());
    m.put("whole", s.passthroughs());
    m.put("original_bytes", s.originalBytes());
    m.put("stored_bytes", s.storedBytes());
    m.put("reference_bytes", s.referenceBytes());
    m.put("saved_bytes", s.savedBytes());
    m.put("savings", s.savings());
    return m;
  }
}
