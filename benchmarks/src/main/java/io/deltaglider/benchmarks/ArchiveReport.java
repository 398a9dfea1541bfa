package io.deltaglider.benchmarks;

import io.deltaglider.archive.ArchiveLimits;
import io.deltaglider.archive.ArchiveTransforms;
import io.deltaglider.archive.ExpandResult;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Issue 19's comparison, from a {@link Compare} run's {@code results.tsv}: for each pair of
 * archives (.jar, .tgz, .tar.gz), the delta bytes of every tool next to its uncompressed
 * counterpart (the .tar, or the jars rewritten with stored entries by {@link StoredJar}), the
 * share of deflate streams our archive transforms reproduce, and the ratios the goals name:
 * archive-aware against our plain delta of the uncompressed pair (at most 1.25), and for jars our
 * plain delta against archive-aware (at least 3). Writes {@code archive.md} and {@code sizes.png}
 * ({@link SizePlot}) beside the TSV and prints the Markdown.
 *
 * <pre>java -cp benchmarks.jar io.deltaglider.benchmarks.ArchiveReport RESULTS_DIR [--corpus DIR]</pre>
 *
 * The stream counts come from expanding each pair's files again here, with the store's limits
 * (what {@code ArchivePatch} does on encode).
 */
public final class ArchiveReport {
  /** Our plain delta with the same encoder settings as the archive-aware one. */
  static final String PLAIN = "deltaglider-java default (-6) -S lzma";

  private ArchiveReport() {}

  /** One row of results.tsv, by column name. */
  record Result(String pair, String tool, String status, long delta, double encS, double decS,
      String kind, String load) {}

  public static void main(String[] args) throws IOException {
    if (args.length < 1) {
      System.err.println("usage: ArchiveReport RESULTS_DIR [--corpus DIR]");
      System.exit(2);
    }
    Path dir = Path.of(args[0]);
    Path corpus = args.length >= 3 && args[1].equals("--corpus") ? Path.of(args[2])
        : Compare.defaultCorpus();
    List<Result> results = read(dir.resolve("results.tsv"));
    Map<String, Pair> pairs = new LinkedHashMap<>();
    for (Pair p : Pair.readTsv(corpus.resolve("pairs.tsv"))) {
      pairs.put(p.name(), p);
    }
    String md = markdown(results, pairs);
    Files.writeString(dir.resolve("archive.md"), md, StandardCharsets.UTF_8);
    SizePlot.write(results, dir.resolve("sizes.png"));
    System.out.print(md);
  }

  static List<Result> read(Path tsv) throws IOException {
    List<String> lines = Files.readAllLines(tsv, StandardCharsets.UTF_8);
    List<String> head = List.of(lines.get(0).split("\t", -1));
    List<Result> out = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split("\t", -1);
      out.add(new Result(f[head.indexOf("pair")], f[head.indexOf("tool")],
          f[head.indexOf("status")], Long.parseLong(f[head.indexOf("delta_bytes")]),
          number(f[head.indexOf("enc_s")]), number(f[head.indexOf("dec_s")]),
          f[head.indexOf("kind")], f[head.indexOf("load1")]));
    }
    return out;
  }

  private static double number(String s) {
    return s.isEmpty() ? Double.NaN : Double.parseDouble(s);
  }

  /** The uncompressed counterpart's name, or null when {@code pair} is not a compressed archive. */
  static String uncompressed(String pair) {
    if (pair.endsWith(".stored.jar")) {
      return null;
    }
    if (pair.endsWith(".jar")) {
      return pair.substring(0, pair.length() - 4) + ".stored.jar";
    }
    if (pair.endsWith(".tar.gz")) {
      return pair.substring(0, pair.length() - 3);
    }
    if (pair.endsWith(".tgz")) {
      return pair.substring(0, pair.length() - 4) + ".tar";
    }
    return null;
  }

  static String markdown(List<Result> results, Map<String, Pair> pairs) throws IOException {
    Map<String, Map<String, Result>> byPair = new LinkedHashMap<>();
    List<String> tools = new ArrayList<>();
    for (Result r : results) {
      byPair.computeIfAbsent(r.pair(), k -> new LinkedHashMap<>()).put(r.tool(), r);
      if (!tools.contains(r.tool())) {
        tools.add(r.tool());
      }
    }
    StringBuilder sb = new StringBuilder("## Archive-aware against the other tools (issue 19)\n\n");
    sb.append("Delta bytes per tool; an uncompressed counterpart (.tar, .stored.jar) under each "
        + "archive pair. `-` = skipped or failed (see results.md).\n\n| pair |");
    for (String t : tools) {
      sb.append(' ').append(t).append(" |");
    }
    sb.append("\n|---|").append("---:|".repeat(tools.size())).append('\n');
    for (String pair : order(byPair.keySet())) {
      sb.append("| ").append(pair).append(" |");
      for (String t : tools) {
        Result r = byPair.get(pair).get(t);
        sb.append(' ').append(r == null || !r.status().equals("ok") ? "-"
            : String.format(Locale.ROOT, "%,d", r.delta())).append(" |");
      }
      sb.append('\n');
    }

    sb.append("\nEncode / decode seconds: the whole process for native tools; for in-JVM tools "
        + "the codec call alone, timed inside the worker JVM after its warm-up run (no JVM start; "
        + "results.md has the worker's wall time). Upper bounds at the load shown (1-minute "
        + "average when the pair started).\n\n| pair | load |");
    for (String t : tools) {
      sb.append(' ').append(t).append(" |");
    }
    sb.append("\n|---|---:|").append("---:|".repeat(tools.size())).append('\n');
    for (String pair : order(byPair.keySet())) {
      Map<String, Result> row = byPair.get(pair);
      sb.append("| ").append(pair).append(" | ").append(row.values().iterator().next().load())
          .append(" |");
      for (String t : tools) {
        Result r = row.get(t);
        sb.append(' ').append(r == null || !r.status().equals("ok") ? "-"
            : String.format(Locale.ROOT, "%.2f / %.2f", r.encS(), r.decS())).append(" |");
      }
      sb.append('\n');
    }

    sb.append("\nGoals: archive-aware (AA) within 1.25x of our plain delta of the uncompressed "
        + "pair; jars at least 3x smaller than our plain delta (`" + PLAIN + "`). Streams: "
        + "deflate streams of the newer file expanded (reproduced exactly) of those found, the "
        + "older file's in brackets.\n\n"
        + "| pair | AA bytes | plain | plain of uncompressed | AA / plain uncompressed (≤ 1.25) "
        + "| plain / AA (jars ≥ 3) | streams reproduced | not reproduced / broken |\n"
        + "|---|---:|---:|---:|---:|---:|---|---:|\n");
    for (String pair : byPair.keySet()) {
      String raw = uncompressed(pair);
      if (raw == null) {
        continue;
      }
      Result aa = byPair.get(pair).get(ArchiveAware.NAME);
      Result plain = byPair.get(pair).get(PLAIN);
      Map<String, Result> rawRow = byPair.get(raw);
      Result plainRaw = rawRow == null ? null : rawRow.get(PLAIN);
      Pair p = pairs.get(pair);
      ExpandResult src = p == null ? null : expand(p.source());
      ExpandResult tgt = p == null ? null : expand(p.target());
      sb.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s |%n", pair,
          bytes(aa), bytes(plain), bytes(plainRaw), ratio(aa, plainRaw, "%.2f"),
          pair.endsWith(".jar") ? ratio(plain, aa, "%.1f") : "",
          tgt == null ? "" : String.format(Locale.ROOT, "%d / %d (%.1f %%) [%d / %d]",
              tgt.streamsExpanded(), tgt.deflateStreams(), share(tgt), src.streamsExpanded(),
              src.deflateStreams()),
          tgt == null ? "" : tgt.streamsNotReproduced() + " / " + tgt.streamsBroken()));
    }
    return sb.toString();
  }

  /** Pairs with each uncompressed counterpart right after its archive pair. */
  static List<String> order(Iterable<String> names) {
    List<String> all = new ArrayList<>();
    names.forEach(all::add);
    List<String> out = new ArrayList<>();
    for (String n : all) {
      if (out.contains(n)) {
        continue;
      }
      String raw = uncompressed(n);
      boolean isCounterpart = all.stream().anyMatch(o -> n.equals(uncompressed(o)));
      if (isCounterpart) {
        continue; // placed after its archive pair
      }
      out.add(n);
      if (raw != null && all.contains(raw)) {
        out.add(raw);
      }
    }
    return out;
  }

  static double share(ExpandResult r) {
    return r.deflateStreams() == 0 ? 100.0 : 100.0 * r.streamsExpanded() / r.deflateStreams();
  }

  private static String bytes(Result r) {
    return r == null || !r.status().equals("ok") ? "-" : String.format(Locale.ROOT, "%,d", r.delta());
  }

  private static String ratio(Result a, Result b, String fmt) {
    if (a == null || b == null || !a.status().equals("ok") || !b.status().equals("ok")) {
      return "-";
    }
    return String.format(Locale.ROOT, fmt, (double) a.delta() / b.delta());
  }

  /** Expands {@code file} with the store's limits (as ArchivePatch does), keeping only the counts. */
  static ExpandResult expand(Path file) throws IOException {
    Path tmp = Files.createTempDirectory("archive-report");
    try {
      ArchiveTransforms t = ArchiveTransforms.withLimits(
          ArchiveLimits.builder().tempDirectory(tmp).build());
      return t.expand(file, OutputStream.nullOutputStream(), OutputStream.nullOutputStream());
    } finally {
      Compare.deleteRecursively(tmp);
    }
  }
}
