package io.deltaglider.cli;

import io.deltaglider.ArchivePatch;
import io.deltaglider.archive.ArchiveFormatException;
import java.io.BufferedOutputStream;
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

/** {@code deltaglider archive encode -s SOURCE TARGET PATCH}: ArchivePatch.encode. */
@Command(
    name = "encode",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Make an archive-aware patch that rebuilds TARGET from SOURCE; 'deltaglider",
      "archive decode' applies it. Any two files work; archives (jar, war, zip, apk,",
      "whl, .tgz, .tar.gz, ...) give the small patches. Made with the store's VCDIFF",
      "settings."
    },
    footerHeading = "%n",
    footer = {
      "Example:",
      "  deltaglider archive encode -s app-1.0.jar app-1.1.jar app-1.1.jar.patch",
      ""
    })
final class ArchiveEncodeCommand implements Callable<Integer> {
  private final Console console;

  @Option(
      names = {"-s", "--source"},
      required = true,
      paramLabel = "SOURCE",
      description = "The old file, which the patch is made against.")
  Path source;

  @Option(names = "-f", description = "Accepted for symmetry with vcdiff encode: PATCH is always replaced.")
  boolean force;

  @Option(
      names = {"-v", "--verbose"},
      description = "Print the sizes and how many deflate streams were expanded to standard error.")
  boolean verbose;

  @Parameters(index = "0", paramLabel = "TARGET", description = "The new file, or - for standard input.")
  String target;

  @Parameters(
      index = "1",
      paramLabel = "PATCH",
      description = "Where the patch goes, or - for standard output. A file appears only when the patch"
          + " was made (written under a temporary name beside it, then moved into place).")
  String patch;

  ArchiveEncodeCommand(Console console) {
    this.console = console;
  }

  @Override
  public Integer call() throws Exception {
    ArchivePatch patcher = ArchivePatch.create(Stores.encoder(), null);
    requireFile(source, "source");
    long start = System.nanoTime();
    try (InputStream in = openTarget()) {
      ArchivePatch.Made made;
      if ("-".equals(patch)) {
        OutputStream out = new BufferedOutputStream(StoreCommand.unclosable(console.out()), 1 << 16);
        made = encode(patcher, in, out);
        out.flush();
      } else {
        made = AtomicOutput.write(Path.of(patch), out -> encode(patcher, in, out));
      }
      if (verbose) {
        console.err().printf(Locale.ROOT,
            "deltaglider: %s: %d bytes -> patch %d bytes (%.2f%%) in %.2f s; deflate streams expanded: %d of %d"
                + " (source: %d of %d)%n",
            "-".equals(target) ? "standard input" : Messages.escape(target), made.targetLength(), made.patchLength(),
            made.targetLength() == 0 ? 0.0 : 100.0 * made.patchLength() / made.targetLength(),
            (System.nanoTime() - start) / 1e9, made.target().streamsExpanded(), made.target().deflateStreams(),
            made.source().streamsExpanded(), made.source().deflateStreams());
      }
    }
    return ExitCode.OK;
  }

  private InputStream openTarget() throws IOException, CliException {
    if ("-".equals(target)) {
      return new FilterInputStream(console.in()) {
        @Override
        public void close() {}
      };
    }
    Path t = Path.of(target);
    requireFile(t, "target");
    return Files.newInputStream(t);
  }

  private ArchivePatch.Made encode(ArchivePatch patcher, InputStream t, OutputStream out)
      throws IOException, CliException {
    try {
      return patcher.encode(source, t, out);
    } catch (ArchiveFormatException e) {
      throw new CliException(ExitCode.FAILURE, "cannot make an archive-aware patch: " + Messages.describe(e)
          + " (vcdiff encode makes a plain delta)", e);
    }
  }

  static void requireFile(Path p, String what) throws CliException, IOException {
    if (Files.isDirectory(p)) {
      throw new CliException(ExitCode.FAILURE, what + " is a directory: " + p);
    }
    if (!Files.exists(p)) {
      throw new java.nio.file.NoSuchFileException(p.toString());
    }
  }
}
