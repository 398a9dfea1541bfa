package io.deltaglider.cli;

import io.deltaglider.DeltaStore;
import io.deltaglider.VerifyReport;
import io.deltaglider.spi.StorageProblem;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code deltaglider verify [PREFIX]}: DeltaStore.verify. */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Check every object's SHA-256; exit 5 if any fails.",
      "Reads back every object under PREFIX (or the one object PREFIX names), rebuilds it from",
      "its delta and reference and compares its SHA-256 with the one recorded at put. Prints",
      "one line per object, then what the store holds there that is not an object: DAMAGED",
      "(data whose metadata is missing or invalid) and UNREADABLE entries, which also fail,",
      "and LEFTOVERs of interrupted commands, which do not (cleanup removes them).",
    },
    footerHeading = "%n",
    footer = {
      "Examples:",
      "  deltaglider verify",
      "  deltaglider verify releases/app/",
      "  deltaglider verify --quiet s3://my-bucket/releases/ || echo 'store damaged'",
      ""
    })
final class VerifyCommand extends StoreCommand {

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "PREFIX",
      description = "A key prefix or one key, or s3://BUCKET/.... Default: the whole store.")
  String prefix = "";

  VerifyCommand(Console console) {
    super(console);
  }

  @Override
  int run(StoreLocation base, Stores stores) throws Exception {
    StorePath path = StorePath.resolve(base, prefix);
    DeltaStore store = stores.open(path.location(), false);
    VerifyReport report;
    try (Progress.Line p = Progress.start(console, output.quiet, "verifying " + path)) {
      report = store.verify(path.key());
    }
    Map<String, String> failed = new TreeMap<>(report.failures());
    List<StorageProblem> problems = report.problems();
    long bad = problems.stream().filter(p -> p.kind() != StorageProblem.Kind.LEFTOVER).count();
    int total = report.verified().size() + report.unverifiable().size() + failed.size();
    if (total == 0 && problems.isEmpty() && !path.key().isEmpty()) {
      throw new CliException(ExitCode.NOT_FOUND, "nothing to verify: no object under " + path);
    }
    if (output.json) {
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("verified", report.verified().stream().sorted().map(path::display).toList());
      List<Object> f = new ArrayList<>();
      failed.forEach((k, why) -> f.add(Map.of("key", path.display(k), "error", Messages.oneLine(why))));
      doc.put("failed", f);
      doc.put("not_verifiable", report.unverifiable().stream().sorted().map(path::display).toList());
      List<Object> p = new ArrayList<>();
      problems.forEach(x -> p.add(Map.of("kind", x.kind().name(), "location", x.location(),
          "detail", Messages.oneLine(x.detail()))));
      doc.put("problems", p);
      doc.put("ok", report.ok());
      printJson(doc);
    } else if (!output.quiet) {
      java.util.Set<String> plain = new java.util.HashSet<>(report.unverifiable());
      java.util.SortedSet<String> keys = new java.util.TreeSet<>(failed.keySet());
      keys.addAll(report.verified());
      keys.addAll(plain);
      for (String k : keys) {
        String line = failed.containsKey(k) ? "FAILED  " + path.display(k) + ": " + Messages.oneLine(failed.get(k))
            : plain.contains(k) ? "PLAIN   " + path.display(k) + ": not verifiable (no DeltaGlider metadata; size and ETag checked)"
            : "OK      " + path.display(k);
        out.println(Messages.escape(line));
      }
      for (StorageProblem x : problems) {
        out.println(Messages.escape(String.format("%-8s %s: %s", x.kind().name(), x.location(), Messages.oneLine(x.detail()))));
      }
      long leftovers = problems.size() - bad;
      out.println(report.verified().size() + " verified, " + failed.size() + " failed"
          + (report.unverifiable().isEmpty() ? "" : ", " + report.unverifiable().size() + " not verifiable")
          + (bad > 0 ? ", " + bad + " damaged or unreadable" : "")
          + (leftovers > 0 ? ", " + leftovers + " leftover(s) (deltaglider cleanup removes them)" : ""));
    }
    if (!failed.isEmpty() || bad > 0) {
      out.flush();
      String first = !failed.isEmpty() ? path.display(failed.keySet().iterator().next())
          : problems.stream().filter(x -> x.kind() != StorageProblem.Kind.LEFTOVER).findFirst().get().location();
      String what = failed.size() + " of " + total + " object(s) failed verification"
          + (bad > 0 ? " and " + bad + " damaged or unreadable entr" + (bad == 1 ? "y was" : "ies were") + " found" : "");
      throw new CliException(ExitCode.INTEGRITY, what + ", first: " + first);
    }
    return ExitCode.OK;
  }
}
