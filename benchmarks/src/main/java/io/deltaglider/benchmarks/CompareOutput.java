package io.deltaglider.benchmarks;

import io.deltaglider.benchmarks.Compare.Options;
import io.deltaglider.benchmarks.Compare.Row;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** What a {@link Compare} run writes: {@code results.tsv}, {@code results.md}, and the figures' formats. */
final class CompareOutput {
  private CompareOutput() {}


  static String tsv(List<Row> rows) {
    StringBuilder sb = new StringBuilder(
        "pair\tsource_bytes\ttarget_bytes\ttool\tkind\tstatus\tdelta_bytes\tdelta_pct\tenc_s"
            + "\tenc_MBps\tdec_s\tdec_MBps\tenc_wall_s\tdec_wall_s\tenc_cpu_s\tdec_cpu_s"
            + "\tenc_rss_KiB\tdec_rss_KiB"
            + "\tenc_heap_bytes\tdec_heap_bytes\troundtrip_exact\txdelta3_d_exact\tload1"
            + "\trounds\tnote\n");
    for (Row r : rows) {
      double es = r.encSeconds();
      double ds = r.decSeconds();
      sb.append(String.join("\t", r.pair.name(), Long.toString(r.sourceBytes),
          Long.toString(r.targetBytes), r.codec.name(), r.codec.kind(), r.status,
          Long.toString(r.deltaBytes),
          r.deltaBytes < 0 ? "" : fmt(100.0 * r.deltaBytes / Math.max(1, r.targetBytes), 3),
          fmt(es, 4), fmt(mbps(r.targetBytes, es), 2), fmt(ds, 4), fmt(mbps(r.targetBytes, ds), 2),
          fmt(r.encWallSeconds(), 4), fmt(r.decWallSeconds(), 4),
          fmt(r.encCpuSeconds(), 4), fmt(r.decCpuSeconds(), 4),
          Long.toString(Row.max(r.enc, false)), Long.toString(Row.max(r.dec, false)),
          Long.toString(Row.max(r.enc, true)), Long.toString(Row.max(r.dec, true)),
          r.exact == null ? "" : r.exact.toString(),
          r.xdelta3Exact == null ? "" : r.xdelta3Exact.toString(), r.load,
          Integer.toString(r.enc.size()), r.note)).append('\n');
    }
    return sb.toString();
  }

  static double mbps(long bytes, double seconds) {
    return Double.isNaN(seconds) || seconds <= 0 ? Double.NaN : bytes / 1e6 / seconds;
  }

  static String fmt(double v, int decimals) {
    return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%." + decimals + "f", v);
  }

  static String markdown(List<Row> rows, Options o, int rounds, Duration timeout, Duration budget,
      double minutes) {
    StringBuilder sb = new StringBuilder();
    sb.append("## Comparison").append(o.quick ? " (--quick)" : "").append("\n\n");
    sb.append("- Machine: ").append(Machine.describe()).append('\n');
    sb.append(String.format(Locale.ROOT,
        "- %d round(s) per tool and pair (1 above 64 MiB), alternating; per-operation timeout %d s; run budget %d "
            + "min; took %.1f min%n",
        rounds, timeout.toSeconds(), budget.toMinutes(), minutes));
    sb.append("- MB/s = target bytes (10^6) per second, median over rounds. Process tools: whole "
        + "process. In-JVM tools: timed inside a forked worker JVM around the codec call (inputs "
        + "in memory, after " + (o.warmups >= 0 ? o.warmups + " warm-up run(s)" : o.quick
        ? "no warm-up run" : "1 warm-up run up to 32 MiB, none above")
        + "; a first run over 3 s is not repeated); RSS is that "
        + "worker's peak, JVM baseline included.\n");
    sb.append("- delta % = delta bytes / target bytes. CPU s = user+sys of the process (process "
        + "tools) or the codec thread's CPU time (in-JVM tools); less sensitive than MB/s to other "
        + "load on the machine (load average at the end: " + loadAverage() + "). load = the "
        + "1-minute load average when the tool started on the pair. Round trip: our decoder "
        + "(or the tool's own); for VCDIFF in xdelta3's dialect also xdelta3 -d on the same "
        + "delta, untimed.\n");
    String current = null;
    for (Row r : rows) {
      if (!r.pair.name().equals(current)) {
        current = r.pair.name();
        sb.append(String.format(Locale.ROOT, "%n### %s (%s → %s)%n%n", current,
            human(r.sourceBytes), human(r.targetBytes)));
        sb.append("| tool | delta bytes | delta % | enc MB/s | dec MB/s | CPU s enc/dec "
            + "| RSS MiB enc/dec | round trip | load | note |\n");
        sb.append("|---|---:|---:|---:|---:|---:|---:|---|---:|---|\n");
      }
      double es = r.encSeconds();
      double ds = r.decSeconds();
      String rt = r.exact == null ? r.status : (r.exact ? "exact" : "MISMATCH");
      if (r.exact != null && r.exact && !r.status.equals("ok")) {
        rt = r.status;
      }
      if (r.xdelta3Exact != null) {
        rt += r.xdelta3Exact ? "; xdelta3 -d exact" : "; xdelta3 -d MISMATCH";
      }
      long erss = Row.max(r.enc, false);
      long drss = Row.max(r.dec, false);
      String note = r.note;
      if (r.codec.kind().equals("jvm") && r.status.equals("ok")) {
        note = String.format(Locale.ROOT, "jvm; worker wall %.2f s / %.2f s", r.encWallSeconds(),
            r.decWallSeconds()) + (note.isEmpty() ? "" : "; " + note);
      }
      sb.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |%n",
          r.codec.name(), r.deltaBytes < 0 ? "" : String.format(Locale.ROOT, "%,d", r.deltaBytes),
          r.deltaBytes < 0 ? "" : fmt(100.0 * r.deltaBytes / Math.max(1, r.targetBytes), 2),
          fmt(mbps(r.targetBytes, es), 1), fmt(mbps(r.targetBytes, ds), 1),
          slash(fmt(r.encCpuSeconds(), 2), fmt(r.decCpuSeconds(), 2)),
          slash(erss < 0 ? "" : fmt(erss / 1024.0, 0), drss < 0 ? "" : fmt(drss / 1024.0, 0)), rt,
          r.load, note.replace("|", "/")));
    }
    return sb.toString();
  }

  static String slash(String a, String b) {
    return a.isEmpty() && b.isEmpty() ? "" : a + " / " + b;
  }

  static String human(long bytes) {
    if (bytes >= Compare.MIB) {
      return String.format(Locale.ROOT, "%.1f MiB", bytes / (double) Compare.MIB);
    }
    return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
  }

  static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim().split(" ", 4)[0]
          + " over 1 min, " + Runtime.getRuntime().availableProcessors() + " cores";
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }

  /** The 1-minute load average, or "" off Linux. */
  static String loadAverage1() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim().split(" ", 2)[0];
    } catch (IOException | RuntimeException e) {
      return "";
    }
  }
}
