package io.deltaglider.cli;

import io.deltaglider.ByteRange;
import io.deltaglider.DeltaStore;
import io.deltaglider.ObjectInfo;
import io.deltaglider.RangeStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code deltaglider get KEY [FILE]}: DeltaStore.copyTo / open. */
@Command(
    name = "get",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Restore an object into a file (or standard output).",
      "Its SHA-256 is checked against the one recorded at put before FILE appears (it is",
      "written under a temporary name and moved into place); a mismatch leaves FILE untouched",
      "and exits 5.",
      "With --range only those bytes are written, verified too: an object stored whole over",
      "8 MiB by this tool reads and checks just the chunks around them; any other object is",
      "rebuilt and checked whole first. A range starting past the object's end exits 1.",
    },
    footerHeading = "%n",
    footer = {
      "Examples:",
      "  deltaglider get releases/app/app-1.1.zip app-1.1.zip",
      "  deltaglider get releases/app/app-1.1.zip downloads/      (downloads/app-1.1.zip)",
      "  deltaglider get s3://my-bucket/releases/app/app-1.1.zip - | sha256sum",
      "  deltaglider get --range bytes=0-1023 releases/app/app-1.1.zip head.bin",
      "  deltaglider get --range -22 releases/app/app-1.1.zip -    (the last 22 bytes)",
      ""
    })
final class GetCommand extends StoreCommand {
  @Parameters(index = "0", paramLabel = "KEY", description = "The object: a key, or s3://BUCKET/KEY.")
  String key;

  @Parameters(
      index = "1",
      arity = "0..1",
      paramLabel = "FILE",
      description = "Where to write it (a directory gets the key's name), - for standard output."
          + " Default: the key's name in the current directory.")
  String file;

  @Option(
      names = "--range",
      paramLabel = "RANGE",
      description = "Only these bytes, as an HTTP/S3 Range: bytes=FIRST-LAST (inclusive), bytes=FIRST-"
          + " (to the end) or bytes=-COUNT (the last COUNT); 'bytes=' may be left out. A range past the"
          + " end is cut there.")
  String range;

  GetCommand(Console console) {
    super(console);
  }

  @Override
  int run(StoreLocation base, Stores stores) throws Exception {
    StorePath source = StorePath.resolve(base, key);
    DeltaStore store = stores.open(source.location(), false);
    if (range != null) {
      return getRange(store, source);
    }
    if ("-".equals(file)) {
      OutputStream stdout = console.out();
      try (Progress.Line p = Progress.start(console, false, "restoring " + source);
          InputStream in = store.open(source.key())) {
        in.transferTo(stdout);
      }
      stdout.flush();
      return ExitCode.OK;
    }
    Path target = file == null ? Path.of(name(source.key())) : Path.of(file);
    if (Files.isDirectory(target) || (file != null && file.endsWith("/"))) {
      target = target.resolve(name(source.key()));
    }
    Path dir = target.toAbsolutePath().getParent();
    if (dir != null && !Files.isDirectory(dir)) {
      throw new CliException(ExitCode.FAILURE, "output directory does not exist: " + dir);
    }
    ObjectInfo info;
    try (Progress.Line p = Progress.start(console, output.quiet, "restoring " + source)) {
      info = store.copyTo(source.key(), target);
    }
    LocalFiles.giveNewFilePermissions(target); // copyTo's temp file was owner-only
    if (output.json) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("key", source.display(info.key()));
      m.put("file", target.toString());
      m.put("size", info.size());
      m.put("sha256", info.sha256());
      m.put("verified", info.form() != io.deltaglider.StoredForm.PLAIN);
      printJson(m);
    } else {
      say("restored " + source + " to " + target + " (" + Sizes.human(info.size()) + ", " + checked(info) + ")");
    }
    return ExitCode.OK;
  }

  /** {@code --range}: the verified bytes of the range, to standard output or (atomically) a file. */
  private int getRange(DeltaStore store, StorePath source) throws Exception {
    ByteRange r;
    try {
      r = ByteRange.parse(range);
    } catch (IllegalArgumentException e) {
      throw new CliException(ExitCode.USAGE, "--range: " + e.getMessage());
    }
    if ("-".equals(file)) {
      OutputStream stdout = console.out();
      try (Progress.Line p = Progress.start(console, false, "reading " + r + " of " + source);
          RangeStream in = store.open(source.key(), r)) {
        in.transferTo(stdout);
      }
      stdout.flush();
      return ExitCode.OK;
    }
    Path target = file == null ? Path.of(name(source.key())) : Path.of(file);
    if (Files.isDirectory(target) || (file != null && file.endsWith("/"))) {
      target = target.resolve(name(source.key()));
    }
    RangeStream written;
    try (Progress.Line p = Progress.start(console, output.quiet, "reading " + r + " of " + source);
        RangeStream in = store.open(source.key(), r)) {
      AtomicOutput.write(target, out -> in.transferTo(out));
      written = in;
    }
    String bytes = written.length() == 0 ? "no bytes"
        : "bytes " + written.offset() + "-" + (written.offset() + written.length() - 1);
    if (output.json) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("key", source.display(source.key()));
      m.put("file", target.toString());
      m.put("offset", written.offset());
      m.put("length", written.length());
      m.put("objectSize", written.objectSize());
      m.put("verified", written.verified());
      printJson(m);
    } else {
      say("restored " + bytes + " of " + source + " (" + written.objectSize() + " bytes) to " + target + " ("
          + Sizes.human(written.length()) + (written.verified() ? ", verified)" : ", not verifiable: no digest)"));
    }
    return ExitCode.OK;
  }
}
