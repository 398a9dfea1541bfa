package io.deltaglider.cli;

import io.deltaglider.DeltaStore;
import io.deltaglider.ObjectInfo;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
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
    },
    footerHeading = "%n",
    footer = {
      "Examples:",
      "  deltaglider get releases/app/app-1.1.zip app-1.1.zip",
      "  deltaglider get releases/app/app-1.1.zip downloads/      (downloads/app-1.1.zip)",
      "  deltaglider get s3://my-bucket/releases/app/app-1.1.zip - | sha256sum",
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

  GetCommand(Console console) {
    super(console);
  }

  @Override
  int run(StoreLocation base, Stores stores) throws Exception {
    StorePath source = StorePath.resolve(base, key);
    DeltaStore store = stores.open(source.location(), false);
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
}
