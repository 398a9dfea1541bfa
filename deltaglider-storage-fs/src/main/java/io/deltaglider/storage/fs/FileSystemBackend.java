package io.deltaglider.storage.fs;

import io.deltaglider.BackendException;
import io.deltaglider.DeltaStoreException;
import io.deltaglider.ObjectExistsException;
import io.deltaglider.ObjectNotFoundException;
import io.deltaglider.spi.BlobInfo;
import io.deltaglider.spi.BlobListings;
import io.deltaglider.spi.BlobPage;
import io.deltaglider.spi.BlobQuery;
import io.deltaglider.spi.Payload;
import io.deltaglider.spi.StorageBackend;
import io.deltaglider.spi.StorageProblem;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link StorageBackend} in a local directory, laid out as the DeltaGlider proxy's filesystem
 * backend lays out one bucket's {@code deltaspaces/} directory: key {@code a/b/c} is the file
 * {@code ROOT/a/b/c}, and its metadata is one JSON object in the extended attribute
 * {@code user.dg.metadata} of that file, in the proxy's schema: core's {@code dg-file-sha256}
 * is written as {@code file_sha256}, sizes as JSON numbers, {@code dg-user-*} in a nested
 * {@code user_metadata} object (see the module README and FORMAT.md section 5). Our older
 * {@code dg-*} JSON still reads. Thread-safe; several processes may share one root.
 *
 * <h2>Durability</h2>
 * Every write goes to a temp file in the target's directory, which is written, given its metadata,
 * fsynced, atomically renamed over the target (or hard-linked for {@link #putIfAbsent}), after which
 * the directory is fsynced. Metadata travels with the inode, so a crash at any instant leaves either
 * the complete object with its metadata or the previous state. Temp files of writes that never
 * finished, and files without valid metadata, are never shown as objects; {@link #problems} reports
 * them (and what cannot be read), {@link #open} logs what it finds ({@link #problemsAtOpen()}), and
 * {@link #removeLeftovers} deletes the temp files and leftover sidecars, never a file that may be a
 * damaged object.
 *
 * <h2>Without extended attributes</h2>
 * When the filesystem has no user extended attributes, metadata goes to a sidecar file
 * {@code .<name>\dg-meta} per object instead. {@link MetadataStorage#AUTO} decides without writing
 * (a full or read-only store still opens): as the store already keeps it, else sidecars where the
 * root has no user attributes, else attributes, given up for sidecars if the first write cannot set
 * one; the choice is logged. Own files (temp files, sidecars, lock files) have a backslash in their
 * names, which no key can contain, so they never collide with a key. A sidecar records the inode,
 * size and modification time of the data it describes, holding the new and the previous record
 * while a write is in flight, so the pair is still switched atomically; writes in sidecar mode are
 * serialised per directory by a lock file.
 *
 * <h2>Keys</h2>
 * Keys are mapped segment by segment and can never leave the root: segments core refuses (empty,
 * {@code .} and {@code ..}, control characters, backslashes, ...) and file names too long for the
 * filesystem are refused, and a symbolic link on the way to an object is never followed (reads and
 * writes fail, listings skip it).
 */
public final class FileSystemBackend implements StorageBackend {
  // The parts, one job each: KeyPaths (key to file), Directories (the directories on the way),
  // AtomicWriter (the write protocol), MetadataStore (XattrMetadata or SidecarMetadata, chosen by
  // MetadataEvidence), ListingWalker (listings), ProblemScanner (problems, leftovers), IoFailures
  // (I/O errors to the SPI's exceptions).
  private static final Logger log = LoggerFactory.getLogger(FileSystemBackend.class);
  private static final int OPEN_ATTEMPTS = 8;

  /** Where metadata is kept. */
  public enum MetadataStorage {
    /** Extended attributes when the filesystem has them, else sidecar files (the default). */
    AUTO,
    /** Extended attributes only; opening fails where there are none. */
    XATTR,
    /** Sidecar files, even where extended attributes exist. */
    SIDECAR
  }

  private final Path root;
  private final FileOps ops;
  private final boolean fsync;
  private final KeyPaths keys;
  private final Directories dirs;
  private final AtomicWriter writer;
  private final SidecarMetadata sidecarStore;
  /** Where metadata is kept; in AUTO mode may still turn once, from attributes to sidecars. */
  private volatile MetadataStore store;
  private final List<StorageProblem> foundAtOpen;
  /** Directories read by listings so far (tests check that a listing reads only what it needs). */
  final LongAdder directoriesListed = new LongAdder();

  private FileSystemBackend(Builder b) throws DeltaStoreException {
    this.ops = b.ops;
    this.fsync = b.fsync;
    try {
      Files.createDirectories(b.root);
      this.root = b.root.toRealPath();
    } catch (IOException e) {
      throw new BackendException("cannot open store directory " + b.root + ": " + e, e);
    }
    if (!Files.isDirectory(root)) {
      throw new BackendException(root + " is not a directory");
    }
    keys = new KeyPaths(root, KeyPaths.jvmDecodesNamesAsUtf8(), () -> store.sidecarNameBytes());
    dirs = new Directories(root, ops, fsync);
    writer = new AtomicWriter(keys, dirs, ops, fsync);
    sidecarStore = new SidecarMetadata(ops, writer);
    switch (MetadataEvidence.choose(b.metadata, root, ops)) {
      case SIDECARS:
        store = sidecarStore;
        break;
      case XATTRS:
        store = new XattrMetadata(ops, fsync, null);
        break;
      default:
        store = new XattrMetadata(ops, fsync, this::adoptSidecars);
    }
    foundAtOpen = b.scanOnOpen ? problems("") : null;
    if (foundAtOpen != null) {
      ProblemScanner.logAtOpen(root, foundAtOpen);
    }
  }

  /** Opens (creating if needed) a store in {@code root} with the defaults. */
  public static FileSystemBackend open(Path root) throws DeltaStoreException {
    return builder(root).build();
  }

  public static Builder builder(Path root) {
    return new Builder(root);
  }

  /** Options of a {@link FileSystemBackend}. */
  public static final class Builder {
    private final Path root;
    private MetadataStorage metadata = MetadataStorage.AUTO;
    private boolean fsync = true;
    private boolean scanOnOpen = true;
    private FileOps ops = FileOps.REAL;

    private Builder(Path root) {
      this.root = Objects.requireNonNull(root, "root");
    }

    /** Where metadata goes; {@link MetadataStorage#AUTO} by default. */
    public Builder metadataStorage(MetadataStorage storage) {
      this.metadata = Objects.requireNonNull(storage, "storage");
      return this;
    }

    /**
     * Whether writes fsync the file and its directory (default true). Turning it off keeps writes
     * atomic for readers and across process crashes, but not across power loss or kernel crashes.
     */
    public Builder fsync(boolean fsync) {
      this.fsync = fsync;
      return this;
    }

    /** Whether opening walks the whole tree for {@link FileSystemBackend#problems} and logs them (default true). */
    public Builder scanOnOpen(boolean scan) {
      this.scanOnOpen = scan;
      return this;
    }

    /** The I/O steps (tests inject failures here). */
    Builder fileOps(FileOps ops) {
      this.ops = Objects.requireNonNull(ops, "ops");
      return this;
    }

    public FileSystemBackend build() throws DeltaStoreException {
      return new FileSystemBackend(this);
    }
  }

  /** The store's directory (its real path). */
  public Path root() {
    return root;
  }

  /** Whether metadata is kept in sidecar files rather than extended attributes. */
  public boolean usesSidecars() {
    return store.sidecars();
  }

  /** What {@link #problems} found in the whole store at open, or {@code null} if the scan was turned off. */
  public List<StorageProblem> problemsAtOpen() {
    return foundAtOpen;
  }

  /** AUTO on a store with nothing in it yet: attributes turned out unusable; sidecars from now on. */
  private synchronized MetadataStore adoptSidecars(String why) {
    if (!store.sidecars()) {
      store = sidecarStore;
      MetadataEvidence.warnSidecars(root, why);
    }
    return store;
  }

  // ---------------------------------------------------------------- SPI

  @Override
  public void put(String key, Payload content, Map<String, String> metadata) throws DeltaStoreException {
    writer.write(key, keys.pathOf(key), content, json(key, metadata), false, store);
  }

  @Override
  public void putIfAbsent(String key, Payload content, Map<String, String> metadata) throws DeltaStoreException {
    Path target = keys.pathOf(key);
    byte[] json = json(key, metadata);
    MetadataStore current = store;
    try {
      // Fail fast without writing the bytes (the create itself stays atomic).
      if (dirs.check(target.getParent(), key) && current.object(key, target) != null) {
        throw new ObjectExistsException(key);
      }
    } catch (IOException e) {
      throw IoFailures.other(root, "checking", key, e);
    }
    writer.write(key, target, content, json, true, current);
  }

  @Override
  public boolean supportsAtomicPutIfAbsent() {
    return true;
  }

  private static byte[] json(String key, Map<String, String> metadata) throws DeltaStoreException {
    try {
      return MetadataJson.write(ProxySchema.toJson(Objects.requireNonNull(metadata, "metadata")));
    } catch (IllegalArgumentException e) {
      throw new BackendException("cannot store the metadata of " + key + ": " + e.getMessage(), e);
    }
  }

  @Override
  public Optional<BlobInfo> head(String key) throws DeltaStoreException {
    Path file = keys.pathOf(key);
    try {
      if (!dirs.check(file.getParent(), key)) {
        return Optional.empty();
      }
      return Optional.ofNullable(store.object(key, file));
    } catch (IOException e) {
      throw IoFailures.other(root, "reading", key, e);
    }
  }

  /** Opens the file it found as an object, as long as the same inode is there after opening. */
  @Override
  public InputStream get(String key) throws DeltaStoreException {
    return Channels.newInputStream(openObject(key));
  }

  /**
   * Reads the range with the file's position set to {@code offset}: the bytes before it are never
   * read (a positioned read, as an S3 {@code Range} request is on S3).
   */
  @Override
  public InputStream get(String key, long offset, long length) throws DeltaStoreException {
    if (offset < 0 || length < 0) {
      throw new IllegalArgumentException("offset and length must not be negative: " + offset + ", " + length);
    }
    FileChannel ch = openObject(key);
    try {
      return new ChannelRange(ch, offset, length);
    } catch (IOException e) {
      try {
        ch.close();
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw IoFailures.other(root, "reading", key, e);
    }
  }

  /** The object's file, opened for reading once it is certain to be the object found. */
  private FileChannel openObject(String key) throws DeltaStoreException {
    Path file = keys.pathOf(key);
    try {
      if (!dirs.check(file.getParent(), key)) {
        throw new ObjectNotFoundException(key);
      }
      MetadataStore current = store;
      for (int attempt = 0; attempt < OPEN_ATTEMPTS; attempt++) {
        if (current.object(key, file) == null) {
          throw new ObjectNotFoundException(key);
        }
        BasicFileAttributes before = FileOps.lstat(file);
        FileChannel ch;
        try {
          ch = ops.openRead(file);
        } catch (NoSuchFileException e) {
          continue;
        }
        BasicFileAttributes after = FileOps.lstat(file);
        if (before != null && after != null && Objects.equals(before.fileKey(), after.fileKey())
            && current.stillThere(key, file)) {
          return ch;
        }
        ch.close(); // replaced between the checks: look again
      }
      throw new BackendException(key + " keeps changing while it is opened");
    } catch (IOException e) {
      throw IoFailures.other(root, "reading", key, e);
    }
  }

  @Override
  public boolean delete(String key) throws DeltaStoreException {
    Path file = keys.pathOf(key);
    Path dir = file.getParent();
    try {
      if (!dirs.check(dir, key) || !store.delete(key, file)) {
        return false;
      }
      if (fsync) {
        ops.fsyncDirectory(dir);
      }
      dirs.pruneEmpty(dir);
      return true;
    } catch (IOException e) {
      throw IoFailures.other(root, "deleting", key, e);
    }
  }

  @Override
  public void replaceMetadata(String key, Map<String, String> metadata) throws DeltaStoreException {
    Path file = keys.pathOf(key);
    byte[] json = json(key, metadata);
    Path dir = file.getParent();
    try {
      if (!dirs.check(dir, key)) {
        throw new ObjectNotFoundException(key);
      }
      store.replace(key, file, json);
      if (fsync) {
        ops.fsyncDirectory(dir);
      }
    } catch (IOException e) {
      throw IoFailures.writing(root, "replacing the metadata of", key, e, file);
    }
  }

  @Override
  public BlobPage list(BlobQuery query) throws DeltaStoreException {
    String prefix = query.prefix();
    KeyPaths.Prefix start = keys.prefix(prefix);
    try {
      if (start == null || !dirs.check(start.dir(), prefix)) {
        return new BlobPage(List.of(), List.of(), null); // no key can be under this prefix
      }
      ListingWalker walker = new ListingWalker(ops, keys, (k, f) -> store.object(k, f), directoriesListed, start, query);
      return BlobListings.paginate(walker, query);
    } catch (UncheckedIOException e) {
      throw IoFailures.other(root, "listing", prefix, e.getCause());
    } catch (IOException e) {
      throw IoFailures.other(root, "listing", prefix, e);
    }
  }

  /**
   * Temp files, leftover sidecars, files without valid metadata and entries it cannot read under
   * the prefix's directories (see the module README); writes nothing.
   */
  @Override
  public List<StorageProblem> problems(String prefix) throws DeltaStoreException {
    try {
      return ProblemScanner.problems(this, Objects.requireNonNull(prefix, "prefix"));
    } catch (IOException e) {
      throw IoFailures.other(root, "looking for problems under", prefix, e);
    }
  }

  /**
   * Removes temp files no writer holds and sidecars whose data is gone, under the prefix; never a
   * file where an object would be, whatever its metadata.
   */
  @Override
  public List<StorageProblem> removeLeftovers(String prefix) throws DeltaStoreException {
    try {
      List<StorageProblem> removed = ProblemScanner.removeLeftovers(this, Objects.requireNonNull(prefix, "prefix"));
      if (!removed.isEmpty()) {
        log.info("store {}: removed {} leftovers under '{}'", root, removed.size(), prefix);
      }
      return removed;
    } catch (IOException e) {
      throw IoFailures.other(root, "removing leftovers under", prefix, e);
    }
  }

  @Override
  public String describe() {
    return "file:" + root + (store.sidecars() ? " (metadata in sidecar files)" : "");
  }

  @Override
  public String toString() {
    return "FileSystemBackend[" + describe() + "]";
  }

  // ---------------------------------------------------------------- for ProblemScanner

  FileOps ops() {
    return ops;
  }

  KeyPaths keys() {
    return keys;
  }

  Directories directories() {
    return dirs;
  }

  MetadataStore store() {
    return store;
  }
}
