package io.deltaglider.cli;

import io.deltaglider.vcdiff.DecodeResult;
import io.deltaglider.vcdiff.SourceData;
import io.deltaglider.vcdiff.VcdiffDecoder;
import io.deltaglider.vcdiff.VcdiffException;
import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code deltaglider vcdiff decode [-s SOURCE] DELTA OUTPUT}, like {@code xdelta3 -d}. */
@Command(
    name = "decode",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Rebuild a file from a VCDIFF delta and the source it was made against",
      "(what 'xdelta3 -d -s SOURCE DELTA OUTPUT' does)."
    },
    footerHeading = "%n")
final class VcdiffDecodeCommand implements Callable<Integer> {
  private static final int BUFFER = 1 << 16;

  private final Console console;

  @Option(
      names = {"-s", "--source"},
      paramLabel = "SOURCE",
      description = "The file the delta was made against. Leave it out for a delta that needs none.")
  Path source;

  @Option(
      names = "--no-checksum",
      description = "Do not verify the Adler-32 checksums of the windows (xdelta3 -n).")
  boolean noChecksum;

  @Option(
      names = "-f",
      description = "Accepted for xdelta3 compatibility: OUTPUT is always replaced.")
  boolean force;

  @Option(
      names = {"-v", "--verbose"},
      description = "Print what was decoded to standard error when done.")
  boolean verbose;

  @Parameters(index = "0", paramLabel = "DELTA", description = "The delta, or - for standard input.")
  String delta;

  @Parameters(
      index = "1",
      paramLabel = "OUTPUT",
      description = {
        "Where the rebuilt file goes, or - for standard output. A file appears only when the",
        "whole delta decoded: it is written beside OUTPUT under a temporary name and moved",
        "into place at the end (an existing OUTPUT is replaced)."
      })
  String output;

  VcdiffDecodeCommand(Console console) {
    this.console = console;
  }

  @Override
  public Integer call() throws Exception {
    VcdiffDecoder decoder =
        VcdiffDecoder.builder().verifyChecksums(!noChecksum).writeBehind(true).build();
    long start = System.nanoTime();
    DecodeResult result;
    try (SourceData src = openSource();
        InputStream in = openDelta()) {
      if ("-".equals(output)) {
        OutputStream out = ChannelOutputStream.over(console.out());
        result = decode(decoder, src, in, out);
        out.flush();
      } else {
        result = AtomicOutput.write(Path.of(output), out -> decode(decoder, src, in, out));
      }
    }
    if (verbose) {
      console.err().printf(
          Locale.ROOT,
          "deltaglider: %s: %d bytes in %d window(s), secondary %s, in %.2f s%n",
          "-".equals(delta) ? "standard input" : Messages.escape(delta),
          result.targetLength(),
          result.windowCount(),
          result.secondaryCompression().name().toLowerCase(Locale.ROOT),
          (System.nanoTime() - start) / 1e9);
    }
    return ExitCode.OK;
  }

  private DecodeResult decode(
      VcdiffDecoder decoder, SourceData src, InputStream in, OutputStream out)
      throws IOException, CliException {
    try {
      return decoder.decode(src, in, out);
    } catch (VcdiffException e) {
      String deltaName = "-".equals(delta) ? "standard input" : delta;
      String hint = "";
      if (source == null && String.valueOf(e.getMessage()).contains("source")) {
        hint = " (no source was given: pass the file the delta was made against with -s SOURCE)";
      }
      throw new CliException(
          ExitCode.FAILURE, "cannot decode " + deltaName + ": " + Messages.describe(e) + hint, e);
    }
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

  private InputStream openDelta() throws IOException, CliException {
    if ("-".equals(delta)) {
      return new BufferedInputStream(unclosable(console.in()), BUFFER);
    }
    Path p = Path.of(delta);
    if (Files.isDirectory(p)) {
      throw new CliException(ExitCode.FAILURE, "delta is a directory: " + delta);
    }
    return new BufferedInputStream(Files.newInputStream(p), BUFFER);
  }

  /** The standard streams stay open when the command's wrappers are closed. */
  private static InputStream unclosable(InputStream in) {
    return new FilterInputStream(in) {
      @Override
      public void close() {}
    };
  }
}
