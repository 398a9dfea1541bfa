package io.deltaglider.cli;

import io.deltaglider.DeltaStore;
import io.deltaglider.PutResult;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code deltaglider put FILE KEY}: DeltaStore.put. */
@Command(
    name = "put",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Store a file under a key.",
      "The first archive of a deltaspace (the key's directory) becomes its reference; later",
      "ones are stored as VCDIFF deltas against it when that pays off, else whole.",
    },
    footerHeading = "%n",
    footer = {
      "Examples:",
      "  deltaglider put app-1.0.zip releases/app/app-1.0.zip",
      "  deltaglider put app-1.1.zip releases/app/    # key releases/app/app-1.1.zip",
      "  deltaglider put --store s3://my-bucket app-1.1.zip releases/app/",
      "  deltaglider put app-1.1.zip s3://my-bucket/releases/app/",
      "  build-dump | deltaglider put - backups/db/2024-05-01.sql",
      ""
    })
final class PutCommand extends WritingCommand {
  @Parameters(index = "0", paramLabel = "FILE", description = "The file to store, or - for standard input (FIFOs and /proc files are read as"
          + " streams too).")
  String file;

  @Parameters(
      index = "1",
      paramLabel = "KEY",
      description = "Where to store it: a key, or s3://BUCKET/KEY. A KEY ending in / gets FILE's name.")
  String key;

  PutCommand(Console console) {
    super(console);
  }



  @Override
  int run(StoreLocation base, Stores stores) throws Exception {
    StorePath target = StorePath.resolve(base, key);
    String k = target.key();
    if (k.isEmpty() || k.endsWith("/")) {
      if ("-".equals(file)) {
        throw new CliException(ExitCode.USAGE, "KEY must name the object when FILE is - (standard input)");
      }
      k = k + Path.of(file).getFileName();
      target = target.withKey(k);
    }
    DeltaStore store = stores.open(target.location(), true);
    PutResult r;
    if ("-".equals(file)) {
      InputStream in = LocalFiles.standardInput(console.in());
      try (Progress.Line p = Progress.start(console, output.quiet, "storing " + target)) {
        r = store.put(k, in);
      }
    } else {
      Path p = Path.of(file);
      if (Files.isDirectory(p)) {
        throw new CliException(ExitCode.FAILURE, "FILE is a directory: " + file + " (use cp --recursive)");
      }
      if (!Files.exists(p)) {
        throw new java.nio.file.NoSuchFileException(file);
      }
      try (Progress.Line line = Progress.start(console, output.quiet, "storing " + target)) {
        if (LocalFiles.readAsStream(p)) {
          try (InputStream in = LocalFiles.openStream(p)) {
            r = store.put(k, in); // a FIFO, <(command), /proc: read like - is
          }
        } else {
          r = store.put(k, p);
        }
      }
    }
    if (output.json) {
      printJson(result(target.display(r.key()), r));
    } else {
      say("stored " + target.display(r.key()) + ": " + describe(r));
    }
    return ExitCode.OK;
  }

  /**
   * {@code delta, 4.00 MiB -> 1.2 KiB (99.9% saved)}, or for the first object of a deltaspace
   * {@code new deltaspace reference, 4.00 MiB kept whole as reference.bin}.
   */
  static String describe(PutResult r) {
    if (r.createdReference()) {
      return "new deltaspace reference, " + Sizes.human(r.originalSize()) + " kept whole as reference.bin";
    }
    return form(r) + ", " + Sizes.human(r.originalSize()) + " -> " + Sizes.human(r.storedSize())
        + " (" + Sizes.percent(Sizes.savings(r.originalSize(), r.storedSize())) + " saved)";
  }

  static Map<String, Object> result(String key, PutResult r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("key", key);
    m.put("form", form(r.form()));
    m.put("archive_aware", r.archiveDelta());
    m.put("size", r.originalSize());
    m.put("stored_size", r.storedSize());
    m.put("created_reference", r.createdReference());
    m.put("sha256", r.sha256());
    return m;
  }
}
