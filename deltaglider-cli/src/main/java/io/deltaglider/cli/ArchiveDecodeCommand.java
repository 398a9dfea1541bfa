package io.deltaglider.cli;

import io.deltaglider.ArchivePatch;
import io.deltaglider.archive.ArchiveFormatException;
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

/** {@code deltaglider archive decode -s SOURCE PATCH OUTPUT}: ArchivePatch.decode. */
@Command(
    name = "decode",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Rebuild a file from an archive-aware patch and the file it was made from.",
      "SOURCE must be that file (its SHA-256 is checked) and the result must have the",
      "SHA-256 the patch records, or nothing is written. Also rebuilds a store's",
      "archive-aware NAME.delta from its deltaspace's reference.bin."
    },
    footerHeading = "%n",
    footer = {
      "Example:",
      "  deltaglider archive decode -s app-1.0.jar app-1.1.jar.patch app-1.1.jar",
      ""
    })
final class ArchiveDecodeCommand implements Callable<Integer> {
  private final Console console;

  @Option(
      names = {"-s", "--source"},
      required = true,
      paramLabel = "SOURCE",
      description = "The file the patch was made from.")
  Path source;

  @Option(names = "-f", description = "Accepted for symmetry with vcdiff decode: OUTPUT is always replaced.")
  boolean force;

  @Option(names = {"-v", "--verbose"}, description = "Print what was rebuilt to standard error when done.")
  boolean verbose;

  @Parameters(index = "0", paramLabel = "PATCH", description = "The patch, or - for standard input.")
  String patch;

  @Parameters(
      index = "1",
      paramLabel = "OUTPUT",
      description = "Where the rebuilt file goes, or - for standard output. Written only once verified: a"
          + " file under a temporary name beside OUTPUT, moved into place at the end (an existing"
          + " OUTPUT is replaced); standard output gets the bytes after the check.")
  String output;

  ArchiveDecodeCommand(Console console) {
    this.console = console;
  }

  @Override
  public Integer call() throws Exception {
    ArchivePatch patcher = ArchivePatch.create(Stores.encoder(), null);
    ArchiveEncodeCommand.requireFile(source, "source");
    long start = System.nanoTime();
    long n;
    try (InputStream in = openPatch()) {
      if ("-".equals(output)) {
        // Standard output cannot be taken back: rebuild and verify into a temp file first.
        Path tmp = Files.createTempFile("deltaglider-archive-", ".tmp");
        try {
          try (OutputStream out = Files.newOutputStream(tmp)) {
            n = decode(patcher, in, out);
          }
          OutputStream out = ChannelOutputStream.over(console.out());
          Files.copy(tmp, out);
          out.flush();
        } finally {
          Files.deleteIfExists(tmp);
        }
      } else {
        n = AtomicOutput.write(Path.of(output), out -> decode(patcher, in, out));
      }
    }
    if (verbose) {
      console.err().printf(Locale.ROOT, "deltaglider: %s: %d bytes rebuilt, SHA-256 verified, in %.2f s%n",
          "-".equals(patch) ? "standard input" : Messages.escape(patch), n, (System.nanoTime() - start) / 1e9);
    }
    return ExitCode.OK;
  }

  private long decode(ArchivePatch patcher, InputStream in, OutputStream out) throws IOException, CliException {
    try {
      return patcher.decode(source, in, out);
    } catch (ArchiveFormatException | VcdiffException e) {
      String name = "-".equals(patch) ? "standard input" : patch;
      throw new CliException(ExitCode.FAILURE, "cannot apply " + name + ": " + Messages.describe(e), e);
    }
  }

  private InputStream openPatch() throws IOException, CliException {
    if ("-".equals(patch)) {
      return new BufferedInputStream(new FilterInputStream(console.in()) {
        @Override
        public void close() {}
      }, 1 << 16);
    }
    Path p = Path.of(patch);
    ArchiveEncodeCommand.requireFile(p, "patch");
    return new BufferedInputStream(Files.newInputStream(p), 1 << 16);
  }
}
