package io.deltaglider.cli;

import io.deltaglider.vcdiff.SecondaryCompression;
import io.deltaglider.vcdiff.SourceData;
import io.deltaglider.vcdiff.VcdiffEncoder;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.ISetter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code deltaglider vcdiff encode [-0..-9] ... -s SOURCE TARGET DELTA}, like {@code xdelta3 -e}. */
@Command(
    name = "encode",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    customSynopsis =
        "deltaglider vcdiff encode [-0..-9] [-fnv] [-S none|lzma] [-A[=HEADER]] [-W SIZE]"
            + " [-s SOURCE] TARGET DELTA",
    description = {
      "Make a VCDIFF delta that rebuilds TARGET from SOURCE (what 'xdelta3 -e -s SOURCE TARGET"
          + " DELTA' does). 'xdelta3 -d' and 'deltaglider vcdiff decode' apply it.",
      ""
    },
    footerHeading = "%n")
final class VcdiffEncodeCommand implements Callable<Integer>, SpecCustomizer {
  private static final int BUFFER = 1 << 16;

  /** Secondary compressors the encoder writes. */
  enum Secondary {
    NONE(SecondaryCompression.NONE),
    LZMA(SecondaryCompression.LZMA);

    final SecondaryCompression codec;

    Secondary(SecondaryCompression codec) {
      this.codec = codec;
    }

    @Override
    public String toString() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private final Console console;

  @Spec CommandSpec spec;

  int level = VcdiffEncoder.DEFAULT_LEVEL;

  @Option(
      names = "--level",
      paramLabel = "N",
      description =
          "How hard to look for matches: 0 (fastest, no matching) to 9 (smallest delta);"
              + " -0 .. -9 say the same. Default: " + VcdiffEncoder.DEFAULT_LEVEL + ".")
  void setLevel(int n) {
    if (n < 0 || n > 9) {
      throw new ParameterException(spec.commandLine(), "level must be 0 to 9, was " + n);
    }
    level = n;
  }

  @Option(
      names = "-S",
      paramLabel = "none|lzma",
      description =
          "Secondary compression of the delta's sections. Default: lzma, as xdelta3 does.")
  Secondary secondary = Secondary.LZMA;

  @Option(names = "-n", description = "Write no Adler-32 checksums (xdelta3 -n).")
  boolean noChecksum;

  @Option(
      names = "-A",
      arity = "0..1",
      paramLabel = "HEADER",
      description = {
        "Application header. Without -A the delta carries xdelta3's default, the file names"
            + " 'TARGET//SOURCE/' (base names), which 'xdelta3 -d' uses when run without -s or"
            + " OUTPUT. -A alone writes none; -A=HEADER writes HEADER."
      })
  String appHeader;

  int windowSize = VcdiffEncoder.DEFAULT_WINDOW_SIZE;

  @Option(
      names = "-W",
      paramLabel = "SIZE",
      description =
          "Target window size in bytes (suffix K or M for KiB, MiB), up to 16M, the most"
              + " xdelta3 3.0.11 reads. Default: 8M.")
  void setWindowSize(String text) {
    long bytes = Sizes.parse(text);
    if (bytes < 1 || bytes > VcdiffEncoder.MAX_WINDOW_SIZE) {
      throw new ParameterException(
          spec.commandLine(),
          "window size must be 1 to " + VcdiffEncoder.MAX_WINDOW_SIZE + " bytes (16M), was " + text);
    }
    windowSize = (int) bytes;
  }

  @Option(
      names = {"-s", "--source"},
      paramLabel = "SOURCE",
      description =
          "The file to make the delta against. Leave it out to compress TARGET on its own.")
  Path source;

  @Option(
      names = "-f",
      description = "Accepted for xdelta3 compatibility: DELTA is always replaced.")
  boolean force;

  @Option(
      names = {"-v", "--verbose"},
      description = "Print the sizes to standard error when done.")
  boolean verbose;

  @Parameters(index = "0", paramLabel = "TARGET", description = "The new file, or - for standard input.")
  String target;

  @Parameters(
      index = "1",
      paramLabel = "DELTA",
      description = {
        "Where the delta goes, or - for standard output. A file appears only when encoding"
            + " succeeded (written under a temporary name beside it, then moved into place)."
      })
  String delta;

  VcdiffEncodeCommand(Console console) {
    this.console = console;
  }

  /** Adds -0 .. -9 (hidden; --level documents them): picocli cannot bind ten names to one value. */
  @Override
  public void customize(CommandSpec commandSpec) {
    for (int i = 0; i <= 9; i++) {
      final int n = i;
      commandSpec.addOption(
          OptionSpec.builder("-" + n)
              .type(boolean.class)
              .arity("0")
              .hidden(true)
              .description("Same as --level " + n + ".")
              .setter(
                  new ISetter() {
                    @Override
                    public <T> T set(T value) {
                      if (Boolean.TRUE.equals(value)) {
                        level = n;
                      }
                      return null;
                    }
                  })
              .build());
    }
  }

  /**
   * Windows are matched on every core the JVM is given, up to 4 (more rarely pays: reading and
   * writing stay on one thread). The delta is the same for any count; {@code
   * DELTAGLIDER_JAVA_OPTS=-XX:ActiveProcessorCount=1} makes the encode use one.
   */
  static int threads() {
    return Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
  }

  @Override
  public Integer call() throws Exception {
    VcdiffEncoder encoder =
        VcdiffEncoder.builder()
            .level(level)
            .windowSize(windowSize)
            .checksum(!noChecksum)
            .secondary(secondary.codec)
            .applicationHeader(header())
            .threads(threads())
            .build();
    long start = System.nanoTime();
    long[] sizes = new long[2];
    try (SourceData src = openSource();
        CountingInputStream in = new CountingInputStream(openTarget())) {
      if ("-".equals(delta)) {
        BufferedOutputStream out = new BufferedOutputStream(unclosable(console.out()), BUFFER);
        sizes[1] = encoder.encode(src, in, out);
        out.flush();
      } else {
        sizes[1] = AtomicOutput.write(Path.of(delta), out -> encoder.encode(src, in, out));
      }
      sizes[0] = in.count;
    }
    if (verbose) {
      double secs = (System.nanoTime() - start) / 1e9;
      console.err().printf(
          Locale.ROOT,
          "deltaglider: %s: %d bytes -> delta %d bytes (%.2f%%) in %.2f s%n",
          "-".equals(target) ? "standard input" : Messages.escape(target),
          sizes[0],
          sizes[1],
          sizes[0] == 0 ? 0.0 : 100.0 * sizes[1] / sizes[0],
          secs);
    }
    return ExitCode.OK;
  }

  /** The application header: given, none (-A alone), or xdelta3's default of file names. */
  private byte[] header() {
    if (appHeader != null) {
      return appHeader.isEmpty() ? null : appHeader.getBytes(StandardCharsets.UTF_8);
    }
    String t = "-".equals(target) ? "-" : baseName(Path.of(target));
    String h = source == null ? t + "/" : t + "//" + baseName(source) + "/";
    return h.getBytes(StandardCharsets.UTF_8);
  }

  private static String baseName(Path p) {
    Path name = p.getFileName();
    return name == null ? p.toString() : name.toString();
  }

  private SourceData openSource() throws IOException, CliException {
    if (source == null) {
      return SourceData.empty();
    }
    if (Files.isDirectory(source)) {
      throw new CliException(ExitCode.FAILURE, "source is a directory: " + source);
    }
    return SourceData.open(source);
  }

  private InputStream openTarget() throws IOException, CliException {
    if ("-".equals(target)) {
      return new BufferedInputStream(
          new FilterInputStream(console.in()) {
            @Override
            public void close() {}
          },
          BUFFER);
    }
    Path p = Path.of(target);
    if (Files.isDirectory(p)) {
      throw new CliException(ExitCode.FAILURE, "target is a directory: " + target);
    }
    return new BufferedInputStream(Files.newInputStream(p), BUFFER);
  }

  private static OutputStream unclosable(OutputStream out) {
    return new FilterOutputStream(out) {
      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
      }

      @Override
      public void close() throws IOException {
        out.flush();
      }
    };
  }

  /** Counts the target bytes read, for --verbose. */
  private static final class CountingInputStream extends FilterInputStream {
    long count;

    CountingInputStream(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = in.read();
      if (b >= 0) {
        count++;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = in.read(b, off, len);
      if (n > 0) {
        count += n;
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      long s = in.skip(n);
      count += s;
      return s;
    }
  }
}
