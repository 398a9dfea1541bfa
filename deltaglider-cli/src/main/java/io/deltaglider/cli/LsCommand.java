package io.deltaglider.cli;

import io.deltaglider.DeltaStore;
import io.deltaglider.ListPage;
import io.deltaglider.ObjectSummary;
import io.deltaglider.StoreStats;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code deltaglider ls [PREFIX]}: DeltaStore.list. */
@Command(
    name = "ls",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "List objects with their size, stored size, stored form and savings.",
      "Without --recursive, keys below the next / are rolled up into PRE lines, as 'aws s3 ls'",
      "shows them. References are not listed (stats and the --recursive total count them).",
    },
    footerHeading = "%n",
    footer = {
      "Examples:",
      "  deltaglider ls",
      "  deltaglider ls --recursive releases/",
      "  deltaglider ls --json s3://my-bucket/releases/app/",
      ""
    })
final class LsCommand extends StoreCommand {
  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "PREFIX",
      description = "Key prefix, or s3://BUCKET/PREFIX. Default: the whole store.")
  String prefix = "";

  @Option(names = {"-r", "--recursive"}, description = "List every key under PREFIX, with a total.")
  boolean recursive;

  @Option(names = "--bytes", description = "Sizes in bytes rather than KiB/MiB/GiB.")
  boolean bytes;

  LsCommand(Console console) {
    super(console);
  }

  @Override
  int run(StoreLocation base, Stores stores) throws Exception {
    StorePath path = StorePath.resolve(base, prefix);
    DeltaStore store = stores.open(path.location(), false);
    List<ObjectSummary> objects = new ArrayList<>();
    List<String> prefixes = new ArrayList<>();
    String token = null;
    do {
      ListPage page = store.list(path.key(), recursive ? null : "/", null, token, 1000);
      objects.addAll(page.objects());
      prefixes.addAll(page.commonPrefixes());
      token = page.nextContinuationToken();
    } while (token != null);
    StoreStats total = recursive ? store.stats(path.key()) : null;

    if (output.json) {
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("prefix", path.display(path.key()));
      List<Object> objs = new ArrayList<>();
      for (ObjectSummary o : objects) {
        objs.add(summary(path, o));
      }
      doc.put("objects", objs);
      doc.put("prefixes", prefixes.stream().map(path::display).toList());
      if (total != null) {
        doc.put("total", StatsCommand.json(total));
      }
      printJson(doc);
      return ExitCode.OK;
    }
    if (output.quiet) {
      return ExitCode.OK;
    }
    boolean human = !bytes;
    Table t = new Table("LRRLRL", "MODIFIED", "SIZE", "STORED", "FORM", "SAVED", "KEY");
    for (String p : prefixes) {
      t.row("", "", "", "PRE", "", path.display(p));
    }
    for (ObjectSummary o : objects) {
      t.row(
          time(o.lastModified()),
          Sizes.bytes(o.size(), human),
          Sizes.bytes(o.storedSize(), human),
          form(o),
          o.size() < 0 ? "?" : Sizes.percent(Sizes.savings(o.size(), o.storedSize())),
          path.display(o.key()));
    }
    if (!t.isEmpty()) {
      t.print(out);
    }
    if (total != null && total.objects() > 0) {
      out.println(String.format(Locale.ROOT,
          "Total: %d object(s), %s original, %s stored (references included), %s saved",
          total.objects(), Sizes.bytes(total.originalBytes(), human),
          Sizes.bytes(total.storedBytes(), human), Sizes.percent(total.savings())));
    }
    return ExitCode.OK;
  }

  static String form(ObjectSummary o) {
    return form(o.form());
  }

  private static Map<String, Object> summary(StorePath path, ObjectSummary o) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("key", path.display(o.key()));
    m.put("size", o.size());
    m.put("stored_size", o.storedSize());
    m.put("form", form(o));
    m.put("savings", o.size() < 0 ? null : Sizes.savings(o.size(), o.storedSize()));
    m.put("last_modified", o.lastModified() == null ? null : o.lastModified().toString());
    return m;
  }
}
