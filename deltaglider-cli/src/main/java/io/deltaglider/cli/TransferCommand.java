package io.deltaglider.cli;

import io.deltaglider.DeltaStore;
import io.deltaglider.InvalidKeyException;
import io.deltaglider.spi.KeyRules;
import io.deltaglider.ObjectInfo;
import io.deltaglider.ObjectNotFoundException;
import io.deltaglider.ObjectSummary;
import io.deltaglider.PutResult;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * What {@code cp} and {@code sync} share: SOURCE and DESTINATION are each a local path or a store
 * path ({@code s3://BUCKET/KEY}), files are picked with {@code --include}/{@code --exclude}, and
 * each transfer prints one line the way {@code aws s3 cp} does.
 */
abstract class TransferCommand extends WritingCommand {
  /** Filters in command-line order: a later match wins, as in the AWS CLI. */
  private final List<Map.Entry<Boolean, Glob>> filters = new ArrayList<>();

  @Option(
      names = "--exclude",
      paramLabel = "GLOB",
      description = "Leave out files whose path relative to SOURCE matches GLOB (* spans /).")
  void exclude(List<String> globs) {
    for (String g : globs) {
      filters.add(Map.entry(false, new Glob(g)));
    }
  }

  @Option(
      names = "--include",
      paramLabel = "GLOB",
      description = "Take files matching GLOB even if an earlier --exclude left them out.")
  void include(List<String> globs) {
    for (String g : globs) {
      filters.add(Map.entry(true, new Glob(g)));
    }
  }

  private final List<Object> report = new ArrayList<>();
  private int unchanged;

  TransferCommand(Console console) {
    super(console);
  }



  /** True for sync: skip what is already there with the same size and SHA-256. */
  abstract boolean skipUnchanged();

  abstract boolean recursive();

  /** sync --dryrun: say what would be copied or deleted, and do nothing. */
  boolean dryRun() {
    return false;
  }

  /** sync --size-only: a file and its counterpart of the same size are the same (no SHA-256 read). */
  boolean sizeOnly() {
    return false;
  }

  /** Whether a counterpart of {@code size} and {@code sha256} is the same as one of {@code otherSize}, {@code otherSha} (read lazily). */
  private boolean same(long size, String sha256, long otherSize, IoSupplier<String> otherSha) throws IOException {
    return size == otherSize && (sizeOnly() || (sha256 != null && sha256.equals(otherSha.get())));
  }

  @FunctionalInterface
  private interface IoSupplier<T> {
    T get() throws IOException;
  }

  /** In a dry run, what would happen, said instead of done; true if it was a dry run. */
  private boolean dryRun(String op, String from, String to) {
    if (!dryRun()) {
      return false;
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("op", op);
    m.put("source", from);
    m.put("destination", to);
    m.put("dryrun", true);
    report.add(m);
    say("(dryrun) " + op + ": " + from + " to " + to);
    return true;
  }

  /** sync --delete: remove what DESTINATION has and SOURCE does not. */
  boolean deleteExtra() {
    return false;
  }

  int transfer(StoreLocation base, Stores stores, String source, String destination) throws Exception {
    boolean srcStore = StorePath.isStorePath(source);
    boolean dstStore = StorePath.isStorePath(destination);
    if (!srcStore && !dstStore) {
      throw new CliException(ExitCode.USAGE,
          "one of SOURCE and DESTINATION must be a store path (s3://BUCKET/KEY)");
    }
    List<Item> items = new ArrayList<>();
    if (!srcStore) {
      Path src = Path.of(source);
      StorePath dst = StorePath.resolve(base, destination);
      if (recursive()) {
        if (!Files.isDirectory(src)) {
          throw Files.exists(src) ? new CliException(ExitCode.FAILURE, "not a directory: " + source)
              : new NoSuchFileException(source);
        }
        String prefix = dst.directoryPrefix();
        for (Map.Entry<String, Path> f : localFiles(src).entrySet()) {
          items.add(new Item(f.getValue(), null, null, dst.withKey(prefix + f.getKey())));
        }
      } else {
        if (Files.isDirectory(src)) {
          throw new CliException(ExitCode.FAILURE, source + " is a directory (use --recursive)");
        }
        if (!Files.exists(src)) {
          throw new NoSuchFileException(source);
        }
        String key = dst.key();
        if (key.isEmpty() || key.endsWith("/")) {
          key += src.getFileName();
        }
        items.add(new Item(src, null, null, dst.withKey(key)));
      }
    } else {
      StorePath src = StorePath.resolve(base, source);
      DeltaStore from = stores.open(src.location(), false);
      if (recursive()) {
        String prefix = src.directoryPrefix();
        for (ObjectSummary o : from.listAll(prefix)) {
          String rel = o.key().substring(prefix.length());
          if (selected(rel)) {
            items.add(storeSourced(base, src.withKey(o.key()), rel, destination, true));
          }
        }
      } else {
        from.head(src.key()); // not found: exit 4 before anything is written
        items.add(storeSourced(base, src, name(src.key()), destination, false));
      }
    }

    checkKeys(items);
    int n = 0;
    for (Item item : items) {
      n++;
      String label = (items.size() > 1 ? "(" + n + "/" + items.size() + ") " : "") + item.describeSource();
      try (Progress.Line p = Progress.start(console, output.quiet, label)) {
        run(stores, item);
      }
    }
    List<String> deleted = deleteExtra() ? deleteExtra(base, stores, destination, items) : List.of();
    if (output.json) {
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("transfers", report);
      if (deleteExtra()) {
        doc.put("deleted", deleted);
      }
      if (skipUnchanged()) {
        doc.put("unchanged", unchanged);
      }
      printJson(doc);
    } else if (skipUnchanged()) {
      say((dryRun() ? "(dryrun) " : "") + (items.size() - unchanged) + (dryRun() ? " to transfer, " : " transferred, ")
          + unchanged + " unchanged"
          + (deleteExtra() ? ", " + deleted.size() + " deleted" : ""));
    }
    return ExitCode.OK;
  }

  /**
   * Deletes files or objects under DESTINATION that no item wrote and the filters select (an
   * excluded file is left alone, as the AWS CLI does).
   */
  private List<String> deleteExtra(StoreLocation base, Stores stores, String destination, List<Item> items)
      throws Exception {
    List<String> deleted = new ArrayList<>();
    if (StorePath.isStorePath(destination)) {
      StorePath dst = StorePath.resolve(base, destination);
      java.util.Set<String> keep = new java.util.HashSet<>();
      for (Item i : items) {
        keep.add(i.storeTarget.key());
      }
      DeltaStore store = stores.open(dst.location(), true);
      String prefix = dst.directoryPrefix();
      for (ObjectSummary o : store.listAll(prefix)) {
        if (!keep.contains(o.key()) && selected(o.key().substring(prefix.length()))
            && (dryRun() || store.delete(o.key()))) {
          deleted.add(dst.display(o.key()));
          say((dryRun() ? "(dryrun) " : "") + "delete: " + dst.display(o.key()));
        }
      }
      return deleted;
    }
    Path root = Path.of(destination);
    if (!Files.isDirectory(root)) {
      return deleted;
    }
    java.util.Set<Path> keep = new java.util.HashSet<>();
    for (Item i : items) {
      keep.add(i.localTarget.toAbsolutePath().normalize());
    }
    for (Map.Entry<String, Path> f : localFiles(root).entrySet()) {
      if (!keep.contains(f.getValue().toAbsolutePath().normalize())) {
        if (!dryRun()) {
          Files.delete(f.getValue());
        }
        deleted.add(f.getValue().toString());
        say((dryRun() ? "(dryrun) " : "") + "delete: " + f.getValue());
      }
    }
    return deleted;
  }

  /**
   * Refuses the command before anything is written when a destination key is invalid (a file
   * named reference.bin or *.delta, say), rather than failing half-way through the copy.
   */
  private void checkKeys(List<Item> items) throws CliException, InvalidKeyException {
    List<String> bad = new ArrayList<>();
    InvalidKeyException first = null;
    for (Item i : items) {
      if (i.storeTarget != null) {
        try {
          KeyRules.validate(i.storeTarget.key());
        } catch (InvalidKeyException e) {
          first = first == null ? e : first;
          bad.add(i.describeSource() + ": " + e.getMessage());
        }
      }
    }
    if (first == null) {
      return;
    }
    if (!recursive()) {
      throw first;
    }
    int shown = Math.min(3, bad.size());
    throw new CliException(ExitCode.USAGE, "nothing copied: " + bad.size() + " of " + items.size()
        + (items.get(0).localSource != null ? " files" : " objects")
        + " would get an invalid key (leave them out with --exclude): "
        + String.join("; ", bad.subList(0, shown))
        + (bad.size() > shown ? "; and " + (bad.size() - shown) + " more" : ""));
  }

  /** One file or object to move: exactly one of localSource/storeSource, one of the targets. */
  private record Item(Path localSource, StorePath storeSource, Path localTarget, StorePath storeTarget) {
    String describeSource() {
      return localSource != null ? localSource.toString() : storeSource.toString();
    }
  }

  private Item storeSourced(StoreLocation base, StorePath src, String rel, String destination, boolean tree)
      throws CliException {
    if (StorePath.isStorePath(destination)) {
      StorePath dst = StorePath.resolve(base, destination);
      String key = tree ? dst.directoryPrefix() + rel
          : dst.key().isEmpty() || dst.key().endsWith("/") ? dst.key() + rel : dst.key();
      return new Item(null, src, null, dst.withKey(key));
    }
    Path dst = Path.of(destination);
    Path target = tree || Files.isDirectory(dst) || destination.endsWith("/") ? dst.resolve(rel) : dst;
    return new Item(null, src, target, null);
  }

  private boolean selected(String rel) {
    boolean in = true;
    for (Map.Entry<Boolean, Glob> f : filters) {
      if (f.getValue().matches(rel)) {
        in = f.getKey();
      }
    }
    return in;
  }

  /** Regular files under {@code dir} that pass the filters, by path relative to it ('/'-separated). */
  private Map<String, Path> localFiles(Path dir) throws IOException {
    return LocalFiles.walk(dir, this::selected, (skipped, why) -> {
      if (!output.quiet) {
        console.err().println("deltaglider: warning: skipping " + Messages.escape(skipped.toString()) + ": " + why);
      }
    });
  }

  private void run(Stores stores, Item item) throws Exception {
    if (item.localSource != null) {
      DeltaStore to = stores.open(item.storeTarget.location(), true);
      if (skipUnchanged() && sameAsStored(to, item.storeTarget.key(), item.localSource)) {
        unchanged++;
        return;
      }
      if (dryRun("upload", item.localSource.toString(), item.storeTarget.toString())) {
        return;
      }
      PutResult r;
      if (LocalFiles.readAsStream(item.localSource)) {
        try (InputStream in = LocalFiles.openStream(item.localSource)) {
          r = to.put(item.storeTarget.key(), in);
        }
      } else {
        r = to.put(item.storeTarget.key(), item.localSource);
      }
      done("upload", item.localSource.toString(), item.storeTarget.toString(), r);
      return;
    }
    DeltaStore from = stores.open(item.storeSource.location(), false);
    if (item.localTarget != null) {
      if (skipUnchanged()) {
        ObjectInfo info = from.head(item.storeSource.key());
        if (Files.isRegularFile(item.localTarget)
            && same(info.size(), info.sha256(), Files.size(item.localTarget), () -> sha256(item.localTarget))) {
          unchanged++;
          return;
        }
      }
      if (dryRun("download", item.storeSource.toString(), item.localTarget.toString())) {
        return;
      }
      Path parent = item.localTarget.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      ObjectInfo info = from.copyTo(item.storeSource.key(), item.localTarget);
      LocalFiles.giveNewFilePermissions(item.localTarget); // copyTo's temp file was owner-only
      done("download", item.storeSource.toString(), item.localTarget.toString(), info);
      return;
    }
    DeltaStore to = stores.open(item.storeTarget.location(), true);
    if (skipUnchanged()) {
      ObjectInfo src = from.head(item.storeSource.key());
      try {
        ObjectInfo dst = to.head(item.storeTarget.key());
        if (same(src.size(), src.sha256(), dst.size(), dst::sha256)) {
          unchanged++;
          return;
        }
      } catch (ObjectNotFoundException absent) {
        // copy it
      }
    }
    if (dryRun("copy", item.storeSource.toString(), item.storeTarget.toString())) {
      return;
    }
    PutResult r;
    if (item.storeSource.location().equals(item.storeTarget.location())) {
      r = to.copy(item.storeSource.key(), item.storeTarget.key());
    } else {
      try (InputStream in = from.open(item.storeSource.key())) {
        r = to.put(item.storeTarget.key(), in);
      }
    }
    done("copy", item.storeSource.toString(), item.storeTarget.toString(), r);
  }

  private boolean sameAsStored(DeltaStore store, String key, Path file) throws IOException {
    ObjectInfo info;
    try {
      info = store.head(key);
    } catch (ObjectNotFoundException absent) {
      return false;
    }
    return same(info.size(), info.sha256(), Files.size(file), () -> sha256(file));
  }

  private void done(String op, String from, String to, PutResult r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("op", op);
    m.put("source", from);
    m.put("destination", to);
    m.put("form", form(r.form()));
    m.put("archive_aware", r.archiveDelta());
    m.put("size", r.originalSize());
    m.put("stored_size", r.storedSize());
    m.put("created_reference", r.createdReference());
    report.add(m);
    say(op + ": " + from + " to " + to + " (" + PutCommand.describe(r) + ")");
  }

  private void done(String op, String from, String to, ObjectInfo info) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("op", op);
    m.put("source", from);
    m.put("destination", to);
    m.put("size", info.size());
    m.put("sha256", info.sha256());
    report.add(m);
    say(op + ": " + from + " to " + to + " (" + Sizes.human(info.size()) + ", " + checked(info) + ")");
  }

  static String sha256(Path file) throws IOException {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), md)) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
    }
    return HexFormat.of().formatHex(md.digest());
  }
}
