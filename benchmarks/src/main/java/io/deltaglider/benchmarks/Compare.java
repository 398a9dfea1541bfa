package io.deltaglider.benchmarks;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Side-by-side comparison of delta tools on the same pairs, in one run, alternating between tools:
 * for each pair and round, every tool encodes and then decodes, in an order rotated each round.
 * Records delta bytes, encode and decode time (MB/s of target bytes), peak RSS, and whether the
 * round trip is byte-exact. Tools that fail or time out on a pair are recorded as such; the run
 * goes on.
 *
 * <p>Command line tools ({@link ProcessCodec}) are timed as whole processes. In-JVM tools ({@link
 * JvmCodec}) run in a forked worker JVM per operation ({@link CodecWorker}); their MB/s is timed
 * inside the worker around the codec call alone (after {@code --warmups} untimed runs), their RSS
 * is the worker's peak (JVM baseline and the in-memory inputs included), and the worker's whole
 * wall time is in the TSV as well.
 *
 * <pre>
 * benchmarks/corpus.sh                                   # real releases, once
 * java -cp benchmarks/target/benchmarks.jar io.deltaglider.benchmarks.Compare --quick
 * java -cp benchmarks/target/benchmarks.jar io.deltaglider.benchmarks.Compare [--with-1gib]
 *   [--tools REGEX] [--pairs REGEX] [--rounds N] [--timeout SECONDS] [--out DIR]
 *   [--corpus DIR] [--warmups N] [--in-process]
 * </pre>
 *
 * Writes {@code results.tsv} and {@code results.md} ({@link CompareOutput}) to the output
 * directory (default {@code CORPUS/results/compare-TIMESTAMP}) and prints the Markdown to stdout.
 */
public final class Compare {
  static final long MIB = 1L << 20;
  /** Synthetic pairs up to this size are generated for {@code --quick}. */
  static final long QUICK_MAX_BYTES = 32 * MIB;
  /** Larger pairs get one round by default (their timings are steadier, and long). */
  static final long ROUNDS_2_MAX_BYTES = 64 * MIB;
  /** The pairs of {@code --quick}: one of each kind, all small. */
  static final List<String> QUICK_PAIRS = List.of("typescript-5.8.3-5.9.2.tgz",
      "typescript-5.8.3-5.9.2.tar", "apache-maven-3.9.9-3.9.10-bin.tar",
      "synthetic-scattered-20MiB", "synthetic-moved-20MiB");
  static final String TIME = "/usr/bin/time";

  private Compare() {}

  /**
   * The {@code deltaglider.corpus} system property, else {@code $DELTAGLIDER_CORPUS}, else {@code
   * ~/.cache/deltaglider-corpus}.
   */
  public static Path defaultCorpus() {
    String prop = System.getProperty("deltaglider.corpus");
    if (prop != null && !prop.isBlank()) {
      return Path.of(prop);
    }
    String env = System.getenv("DELTAGLIDER_CORPUS");
    if (env != null && !env.isBlank()) {
      return Path.of(env);
    }
    return Path.of(System.getProperty("user.home"), ".cache", "deltaglider-corpus");
  }

  /** Run settings; see the class Javadoc for the command line. */
  public static final class Options {
    boolean quick;
    boolean with1GiB;
    Path corpus = defaultCorpus();
    /** Explicit pairs (tests); null to use the corpus. */
    List<Pair> pairs;
    Pattern pairFilter;
    Pattern toolFilter;
    /** Explicit tools (tests); null for {@link Codecs#all()}. */
    List<Codec> tools;
    int rounds = -1;
    Duration timeout;
    Path out;
    int warmups = -1;
    boolean inProcess;
    /** Measure RSS by polling /proc even when /usr/bin/time is there (tests that path). */
    boolean procRss;
    boolean noPlots;
    boolean noInterop;
    /** Whole-run cap; tools left when it is spent are listed as skipped. */
    Duration budget;
    String javaClassPath = System.getProperty("java.class.path");

    public Options quick(boolean q) {
      quick = q;
      return this;
    }

    public Options pairs(List<Pair> p) {
      pairs = p;
      return this;
    }

    public Options out(Path p) {
      out = p;
      return this;
    }

    public Options rounds(int r) {
      rounds = r;
      return this;
    }

    public Options warmups(int w) {
      warmups = w;
      return this;
    }

    public Options timeout(Duration d) {
      timeout = d;
      return this;
    }

    public Options tools(List<Codec> t) {
      tools = t;
      return this;
    }

    /** Whether deltas of xdelta3-compatible tools are also decoded by xdelta3 -d (default on). */
    public Options interop(boolean b) {
      noInterop = !b;
      return this;
    }

    public Options procRss(boolean b) {
      procRss = b;
      return this;
    }

    public Options inProcess(boolean b) {
      inProcess = b;
      return this;
    }

    static Options parse(String[] args) {
      Options o = new Options();
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        switch (a) {
          case "--quick" -> o.quick = true;
          case "--with-1gib" -> o.with1GiB = true;
          case "--corpus" -> o.corpus = Path.of(args[++i]);
          case "--pairs" -> o.pairFilter = Pattern.compile(args[++i]);
          case "--tools" -> o.toolFilter = Pattern.compile(args[++i]);
          case "--rounds" -> o.rounds = Integer.parseInt(args[++i]);
          case "--timeout" -> o.timeout = Duration.ofSeconds(Long.parseLong(args[++i]));
          case "--out" -> o.out = Path.of(args[++i]);
          case "--warmups" -> o.warmups = Integer.parseInt(args[++i]);
          case "--in-process" -> o.inProcess = true;
          case "--rss-from-proc" -> o.procRss = true;
          case "--no-plots" -> o.noPlots = true;
          case "--no-interop" -> o.noInterop = true;
          case "--budget" -> o.budget = Duration.ofMinutes(Long.parseLong(args[++i]));
          case "-h", "--help" -> {
            System.out.println("usage: Compare [--quick] [--with-1gib] [--corpus DIR] "
                + "[--pairs REGEX] [--tools REGEX] [--rounds N] [--timeout SECONDS] [--out DIR] "
                + "[--warmups N] [--budget MINUTES] [--in-process] [--rss-from-proc] [--no-plots] [--no-interop]");
            System.exit(0);
          }
          default -> throw new IllegalArgumentException("unknown argument: " + a);
        }
      }
      return o;
    }
  }

  /** One timed operation. */
  record Op(String status, long nanos, long wallNanos, long cpuNanos, long rssKiB, long heapBytes,
      String error) {
    static Op failed(String status, long wallNanos, String error) {
      return new Op(status, -1, wallNanos, -1, -1, -1, error);
    }

    boolean ok() {
      return status.equals("ok");
    }
  }

  /** One tool on one pair, over all rounds. */
  public static final class Row {
    final Pair pair;
    final long sourceBytes;
    final long targetBytes;
    final Codec codec;
    String status = "ok";
    String note = "";
    long deltaBytes = -1;
    final List<Op> enc = new ArrayList<>();
    final List<Op> dec = new ArrayList<>();
    Boolean exact;
    /** xdelta3 -d on this tool's delta: byte-exact, or null when not tried. */
    Boolean xdelta3Exact;
    /** The 1-minute load average when this tool first ran on this pair. */
    String load = "";

    Row(Pair pair, Codec codec) {
      this.pair = pair;
      this.sourceBytes = pair.sourceBytes();
      this.targetBytes = pair.targetBytes();
      this.codec = codec;
    }

    public String tool() {
      return codec.name();
    }

    public String pairName() {
      return pair.name();
    }

    public String status() {
      return status;
    }

    /** True, false, or null when no round trip happened. */
    public Boolean exact() {
      return exact;
    }

    public long deltaBytes() {
      return deltaBytes;
    }

    /** xdelta3 -d reproduced the target from this tool's delta; null when not tried. */
    public Boolean xdelta3Exact() {
      return xdelta3Exact;
    }

    double encSeconds() {
      return median(enc, false);
    }

    double decSeconds() {
      return median(dec, false);
    }

    double encWallSeconds() {
      return median(enc, true);
    }

    double decWallSeconds() {
      return median(dec, true);
    }

    double encCpuSeconds() {
      return median(enc, 2);
    }

    double decCpuSeconds() {
      return median(dec, 2);
    }

    static double median(List<Op> ops, boolean wall) {
      return median(ops, wall ? 1 : 0);
    }

    /** which: 0 timed, 1 wall, 2 CPU. */
    static double median(List<Op> ops, int which) {
      List<Long> v = new ArrayList<>();
      for (Op op : ops) {
        long x = which == 0 ? op.nanos() : which == 1 ? op.wallNanos() : op.cpuNanos();
        if (op.ok() && x >= 0) {
          v.add(x);
        }
      }
      if (v.isEmpty()) {
        return Double.NaN;
      }
      Collections.sort(v);
      int n = v.size();
      double m = n % 2 == 1 ? v.get(n / 2) : (v.get(n / 2 - 1) + v.get(n / 2)) / 2.0;
      return m / 1e9;
    }

    static long max(List<Op> ops, boolean heap) {
      long m = -1;
      for (Op op : ops) {
        m = Math.max(m, heap ? op.heapBytes() : op.rssKiB());
      }
      return m;
    }
  }

  /** What a run produced. */
  public record Result(List<Row> rows, String markdown, Path tsv, Path md) {}

  public static void main(String[] args) throws Exception {
    Options o = Options.parse(args);
    Result r = run(o, System.err);
    System.out.println(r.markdown());
    System.err.println("compare: wrote " + r.tsv() + " and " + r.md());
  }

  public static Result run(Options o, PrintStream log) throws Exception {
    long started = System.nanoTime();
    // rounds: as asked, else 1 (the full run's in-JVM rows get a warm-up run instead, which
    // steadies them more than a second round would; --rounds 2 alternates the order as well)
    int maxRounds = o.rounds > 0 ? o.rounds : 1;
    Duration timeout = o.timeout != null ? o.timeout : Duration.ofSeconds(o.quick ? 30 : 120);
    List<Pair> pairs = selectPairs(o, log);
    List<Codec> tools = new ArrayList<>(o.tools != null ? o.tools : Codecs.all());
    if (o.toolFilter != null) {
      tools.removeIf(c -> !o.toolFilter.matcher(c.name()).find());
    }
    Path out = o.out != null ? o.out : o.corpus.resolve("results").resolve("compare-"
        + LocalDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    Files.createDirectories(out);
    Path work = Files.createTempDirectory(out, "work");
    Duration budget = o.budget != null ? o.budget
        : Duration.ofMinutes(o.quick ? 4 : o.with1GiB ? 30 : 14);
    boolean haveTime = !o.procRss && Files.isExecutable(Path.of(TIME));
    if (!haveTime) {
      log.println("compare: " + TIME + " missing (apt-get install -y time); polling /proc for RSS");
    }

    List<Row> rows = new ArrayList<>();
    // a tool that timed out is not run again on pairs at least that large
    Map<String, Pair> timedOutOn = new HashMap<>();
    for (Pair pair : pairs) {
      Map<Codec, Row> byTool = new LinkedHashMap<>();
      List<Codec> active = new ArrayList<>();
      for (Codec c : tools) {
        Row row = new Row(pair, c);
        byTool.put(c, row);
        rows.add(row);
        String skip = c.skipReason(pair, o.quick);
        Pair slow = timedOutOn.get(c.name());
        if (skip == null && slow != null && pair.maxBytes() >= slow.maxBytes()) {
          skip = "skipped: timed out on " + slow.name();
        }
        if (skip != null) {
          row.status = "skipped";
          row.note = skip;
        } else {
          active.add(c);
        }
      }
      int warmups = o.warmups >= 0 ? o.warmups
          : (!o.quick && pair.maxBytes() <= QUICK_MAX_BYTES ? 1 : 0);
      int rounds = o.rounds > 0 || pair.maxBytes() <= ROUNDS_2_MAX_BYTES ? maxRounds : 1;
      for (int round = 0; round < rounds; round++) {
        List<Codec> order = new ArrayList<>(active);
        Collections.rotate(order, -round);
        if (round % 2 == 1) {
          Collections.reverse(order);
        }
        for (Codec c : order) {
          Row row = byTool.get(c);
          if (!row.status.equals("ok")) {
            continue; // failed in an earlier round
          }
          if (System.nanoTime() - started > budget.toNanos()) {
            if (row.enc.isEmpty()) {
              row.status = "skipped";
              row.note = "skipped: run budget of " + budget.toMinutes() + " min spent";
            }
            continue;
          }
          log.printf(Locale.ROOT, "compare: %s round %d/%d: %s%n", pair.name(), round + 1, rounds,
              c.name());
          runOnce(row, c, pair, work, timeout, warmups, haveTime, o);
          if (row.status.equals("timeout")) {
            timedOutOn.putIfAbsent(c.name(), pair);
          }
        }
      }
    }
    deleteRecursively(work);

    double minutes = (System.nanoTime() - started) / 60e9;
    String md = CompareOutput.markdown(rows, o, maxRounds, timeout, budget, minutes);
    if (!o.noPlots) {
      try {
        List<Path> plots = Plots.write(rows, out);
        StringBuilder links = new StringBuilder("\nPlots (in " + out + "):\n");
        for (Path p : plots) {
          links.append("- ").append(p.getFileName()).append('\n');
        }
        md += links;
      } catch (IOException | RuntimeException | Error e) { // e.g. no fonts on a bare machine
        log.println("compare: no plots: " + e);
      }
    }
    Path tsv = out.resolve("results.tsv");
    Path mdFile = out.resolve("results.md");
    Files.writeString(tsv, CompareOutput.tsv(rows), StandardCharsets.UTF_8);
    Files.writeString(mdFile, md, StandardCharsets.UTF_8);
    return new Result(rows, md, tsv, mdFile);
  }

  static List<Pair> selectPairs(Options o, PrintStream log) throws IOException {
    List<Pair> pairs = new ArrayList<>();
    if (o.pairs != null) {
      pairs.addAll(o.pairs);
    } else {
      Path tsv = o.corpus.resolve("pairs.tsv");
      if (Files.exists(tsv)) {
        for (Pair p : Pair.readTsv(tsv)) {
          if (p.exists()) {
            pairs.add(p);
          } else {
            log.println("compare: missing files for " + p.name() + " (rerun benchmarks/corpus.sh)");
          }
        }
      } else {
        log.println("compare: no " + tsv + ": run benchmarks/corpus.sh for the real releases");
      }
      List<SyntheticPairs.Spec> specs = new ArrayList<>();
      for (SyntheticPairs.Spec s : SyntheticPairs.standard(o.with1GiB)) {
        if (!o.quick || s.sourceBytes() <= QUICK_MAX_BYTES) {
          specs.add(s);
        }
      }
      log.println("compare: ensuring synthetic pairs in " + o.corpus.resolve("synthetic"));
      pairs.addAll(SyntheticPairs.ensureAll(o.corpus.resolve("synthetic"), specs,
          SyntheticPairs.DEFAULT_SEED));
    }
    if (o.quick && o.pairs == null) {
      pairs.removeIf(p -> !QUICK_PAIRS.contains(p.name()));
    }
    if (o.pairFilter != null) {
      pairs.removeIf(p -> !o.pairFilter.matcher(p.name()).find());
    }
    return pairs;
  }

  // ---------------------------------------------------------------------------------------------

  static void runOnce(Row row, Codec c, Pair pair, Path work, Duration timeout, int warmups,
      boolean haveTime, Options o) throws IOException {
    String base = c.name().replaceAll("[^A-Za-z0-9.-]+", "_");
    Path delta = work.resolve(base + ".delta");
    Path decoded = work.resolve(base + ".out");
    Path byXdelta3 = work.resolve(base + ".xdelta3.out");
    if (row.load.isEmpty()) {
      row.load = CompareOutput.loadAverage1();
    }
    try {
      Op enc = operation(c, pair, "encode", pair.source(), pair.target(), delta, timeout,
          warmups, haveTime, work, o);
      row.enc.add(enc);
      if (!enc.ok()) {
        row.status = enc.status();
        row.note = "encode: " + enc.error();
        return;
      }
      long size = Files.size(delta);
      if (row.deltaBytes >= 0 && row.deltaBytes != size) {
        row.note = "delta size varies between rounds (" + row.deltaBytes + ", " + size + ")";
      }
      row.deltaBytes = size;
      Op dec = operation(c, pair, "decode", pair.source(), delta, decoded, timeout, warmups,
          haveTime, work, o);
      row.dec.add(dec);
      if (!dec.ok()) {
        row.status = dec.status();
        row.note = "decode: " + dec.error();
        return;
      }
      boolean same = Files.mismatch(decoded, pair.target()) == -1L;
      row.exact = (row.exact == null || row.exact) && same;
      if (!same) {
        row.status = "mismatch";
        row.note = "decoded output differs from the target";
      }
      String xdelta3 = Codecs.onPath("xdelta3");
      if (c.xdelta3Compatible() && !o.noInterop && xdelta3 != null) {
        // interop, untimed: the native decoder must reproduce the target from our delta
        Op x = runProcess(List.of(xdelta3, "-d", "-f", "-D", "-s", pair.source().toString(),
            delta.toString(), byXdelta3.toString()), timeout, false, work);
        boolean xsame = x.ok() && Files.mismatch(byXdelta3, pair.target()) == -1L;
        row.xdelta3Exact = (row.xdelta3Exact == null || row.xdelta3Exact) && xsame;
        if (!xsame) {
          String why = x.ok() ? "output differs from the target" : x.status() + ": " + x.error();
          row.note = (row.note.isEmpty() ? "" : row.note + "; ") + "xdelta3 -d: " + why;
        }
      }
    } finally {
      Files.deleteIfExists(delta);
      Files.deleteIfExists(decoded);
      Files.deleteIfExists(byXdelta3);
    }
  }

  static Op operation(Codec c, Pair pair, String op, Path source, Path in, Path out,
      Duration timeout, int warmups, boolean haveTime, Path work, Options o) {
    long targetSize = pair.targetBytes();
    if (c instanceof ProcessCodec pc) {
      List<String> cmd = op.equals("encode") ? pc.encodeCommand(source, in, out)
          : pc.decodeCommand(source, in, out);
      Op r = runProcess(cmd, timeout, haveTime, work);
      return r.ok() ? new Op("ok", r.wallNanos(), r.wallNanos(), r.cpuNanos(), r.rssKiB(), -1, "")
          : r;
    }
    JvmCodec jc = (JvmCodec) c;
    if (o.inProcess) {
      long t0 = System.nanoTime();
      try {
        CodecWorker.Timing t = CodecWorker.run(jc, op, source, in, out, warmups, targetSize);
        return new Op("ok", t.nanos(), System.nanoTime() - t0, t.cpuNanos(), -1, -1, "");
      } catch (Exception | OutOfMemoryError | StackOverflowError e) {
        return Op.failed("failed", System.nanoTime() - t0, oneLine(e.toString()));
      }
    }
    String heap = jc.workerHeap(pair);
    if (heap == null) {
      heap = Math.min(8192, Math.max(1024, (16 * (size(source) + size(in)) + 512 * MIB) / MIB))
          + "m";
    }
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx" + heap, "-cp", o.javaClassPath, CodecWorker.class.getName(), c.name(), op,
        source.toString(), in.toString(), out.toString(), Integer.toString(warmups),
        Long.toString(targetSize)));
    Op r = runProcess(cmd, timeout, haveTime, work);
    if (!r.ok()) {
      return r;
    }
    String line = r.error(); // runProcess puts stdout's RESULT line here on success
    long nanos = field(line, "nanos");
    long heapPeak = field(line, "heapPeak");
    long hwm = field(line, "vmHWMKiB");
    long cpu = field(line, "cpuNanos");
    if (nanos < 0) {
      return Op.failed("failed", r.wallNanos(), "worker printed no RESULT line");
    }
    // /usr/bin/time's figure, else the larger of the polled one and the worker's own VmHWM
    long rss = haveTime && r.rssKiB() > 0 ? r.rssKiB() : Math.max(r.rssKiB(), hwm);
    return new Op("ok", nanos, r.wallNanos(), cpu, rss, heapPeak, "");
  }

  private static long size(Path p) {
    try {
      return Files.size(p);
    } catch (IOException e) {
      return 0;
    }
  }

  static long field(String line, String key) {
    if (line == null) {
      return -1;
    }
    for (String part : line.trim().split("\\s+")) {
      if (part.startsWith(key + "=")) {
        return Long.parseLong(part.substring(key.length() + 1));
      }
    }
    return -1;
  }

  /**
   * Runs a command, timing it as a whole process. On success, {@link Op#error()} carries the last
   * stdout line starting with RESULT (for the worker), else empty.
   */
  static Op runProcess(List<String> command, Duration timeout, boolean haveTime, Path work) {
    List<String> cmd = new ArrayList<>();
    Path rssFile = work.resolve("rss.txt");
    Path stdout = work.resolve("stdout.txt");
    Path stderr = work.resolve("stderr.txt");
    if (haveTime) {
      cmd.addAll(List.of(TIME, "-f", "%M %U %S", "-o", rssFile.toString()));
    }
    cmd.addAll(command);
    long t0 = System.nanoTime();
    Process p;
    try {
      Files.deleteIfExists(rssFile);
      p = new ProcessBuilder(cmd).redirectOutput(stdout.toFile()).redirectError(stderr.toFile())
          .start();
    } catch (IOException e) {
      return Op.failed("failed", 0, oneLine(e.toString()));
    }
    long hwm = -1;
    long cpu = -1;
    try {
      boolean done;
      if (haveTime) {
        done = p.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS);
      } else {
        long deadline = t0 + timeout.toNanos();
        done = false;
        while (!done && System.nanoTime() < deadline) {
          hwm = Math.max(hwm, CodecWorker.procStatusKiB(Path.of("/proc/" + p.pid() + "/status"),
              "VmHWM:"));
          done = p.waitFor(5, TimeUnit.MILLISECONDS);
        }
      }
      long wall = System.nanoTime() - t0;
      if (!done) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        p.waitFor(10, TimeUnit.SECONDS);
        return Op.failed("timeout", wall, "over " + timeout.toSeconds() + " s, killed");
      }
      if (haveTime && Files.exists(rssFile)) {
        for (String line : Files.readAllLines(rssFile)) {
          String[] f = line.trim().split(" ");
          if (f.length == 3 && f[0].matches("\\d+")) {
            hwm = Long.parseLong(f[0]);
            cpu = Math.round((Double.parseDouble(f[1]) + Double.parseDouble(f[2])) * 1e9);
          }
        }
      }
      String result = "";
      for (String line : Files.readAllLines(stdout, StandardCharsets.UTF_8)) {
        if (line.startsWith("RESULT ")) {
          result = line;
        }
      }
      if (p.exitValue() != 0) {
        return Op.failed("failed", wall, "exit " + p.exitValue() + ": " + lastLines(stderr));
      }
      return new Op("ok", wall, wall, cpu, hwm, -1, result);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
      return Op.failed("failed", System.nanoTime() - t0, "interrupted");
    } catch (IOException e) {
      return Op.failed("failed", System.nanoTime() - t0, oneLine(e.toString()));
    }
  }

  static String lastLines(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.ISO_8859_1);
    // a Java stack trace's first lines say the most
    for (String l : lines) {
      if (l.startsWith("Exception in thread") || l.contains("Error:") || l.contains("Exception:")) {
        return oneLine(l);
      }
    }
    return oneLine(String.join(" ", lines.subList(Math.max(0, lines.size() - 2), lines.size())));
  }

  static String oneLine(String s) {
    s = s.replaceAll("[\\t\\r\\n|]+", " ").trim();
    return s.length() > 160 ? s.substring(0, 157) + "..." : s;
  }

  static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var s = Files.walk(dir)) {
      for (Path p : s.sorted(Collections.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
