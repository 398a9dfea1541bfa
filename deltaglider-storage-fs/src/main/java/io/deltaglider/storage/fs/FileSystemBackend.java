package io.deltaglider.storage.fs;

import io.deltaglider.BackendException;
import io.deltaglider.spi.BlobInfo;
import io.deltaglider.spi.BlobListings;
import io.deltaglider.spi.BlobPage;
import io.deltaglider.spi.BlobQuery;
import io.deltaglider.DeltaStoreException;
import io.deltaglider.InvalidKeyException;
import io.deltaglider.ObjectExistsException;
import io.deltaglider.ObjectNotFoundException;
import io.deltaglider.spi.Payload;
import io.deltaglider.spi.StorageBackend;
import io.deltaglider.StorageFullException;
import io.deltaglider.spi.StorageProblem;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link StorageBackend} in a local directory, laid out as the DeltaGlider proxy's filesystem
 * backend lays out one bucket's {@code deltaspaces/} directory: key {@code a/b/c} is the file
 * {@code ROOT/a/b/c}, and its metadata is one JSON object in the extended attribute
 * {@code user.dg.metadata} of that file, in the proxy's schema: core's {@code dg-file-sha256}
 * is written as {@code file_sha256}, sizes as JSON numbers, {@code dg-user-*} in a nested
 * {@code user_metadata} object (see the module README). Our older {@code dg-*} JSON still reads.
 * Thread-safe; several processes may share one root.
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
 * (a full or read-only store still opens): as the store already keeps it (see
 * {@link MetadataEvidence}), else sidecars where the root has no user attributes, else attributes,
 * given up for sidecars if the first write cannot set one; the choice is logged. Own files (temp files,
 * sidecars, lock files) have a backslash in their names, which no key can contain, so they never
 * collide with a key. A sidecar records the inode, size and modification time of the data it
 * describes, holding the new and the previous record while a write is in flight, so the pair is
 * still switched atomically; writes in sidecar mode are serialised per directory by a lock file.
 *
 * <h2>Keys</h2>
 * Keys are mapped segment by segment and can never leave the root: empty, {@code .} and
 * {@code ..} segments, control characters and backslashes are refused, and a symbolic link on the
 * way to an object is never followed (reads and writes fail, listings skip it).
 */
public final class FileSystemBackend implements StorageBackend {
  private static final Logger log = LoggerFactory.getLogger(FileSystemBackend.class);

  /** The attribute name under {@link UserDefinedFileAttributeView}: {@code user.dg.metadata} on Linux. */
  static final String XATTR_NAME = "dg.metadata";
  /** Names of the backend's own files contain this character, which keys cannot. */
  static final char OWN = '\\';
  static final String TEMP_PREFIX = ".dg-tmp" + OWN;
  static final String SIDECAR_SUFFIX = OWN + "dg-meta";
  static final String LOCK_NAME = ".dg-lock" + OWN;
  private static final String SIDECAR_HEADER = "dg-sidecar 1";
  /** What the store appends to an object's name when it keeps it as a delta (core's ObjectKey). */
  private static final String DELTA_SUFFIX = ".delta";
  private static final int NAME_MAX = 255;
  private static final int MAX_KEY_BYTES = 4096;
  private static final int COPY_BUFFER = 256 * 1024;

  /** Temp files this JVM is writing right now (any instance), so cleanup never deletes them. */
  static final Set<Path> IN_FLIGHT = ConcurrentHashMap.newKeySet();
  /** In-JVM halves of the per-directory locks (sidecar mode); the lock file is the cross-process half. */
  private static final ReentrantLock[] DIR_LOCKS = new ReentrantLock[64];

  static {
    for (int i = 0; i < DIR_LOCKS.length; i++) {
      DIR_LOCKS[i] = new ReentrantLock();
    }
  }

  private static final SecureRandom RANDOM = new SecureRandom();

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
  /** Where metadata is kept; in AUTO mode may still change once, from attributes to sidecars (see {@link #undecided}). */
  private volatile boolean sidecar;
  /**
   * AUTO mode on a store that showed nothing to decide by (empty, or only files without metadata),
   * where reading an attribute of the root worked: attributes for now, confirmed or given up for
   * sidecars by the first write that sets one (the only probe that needs no write of its own).
   */
  private volatile boolean undecided;
  private final boolean fsync;
  private final boolean unicodeNames;
  private final List<StorageProblem> foundAtOpen;
  /** Directories read by listings so far (tests check that a listing reads only what it needs). */
  final java.util.concurrent.atomic.LongAdder directoriesListed = new java.util.concurrent.atomic.LongAdder();

  private FileSystemBackend(Builder b) throws DeltaStoreException {
    this.ops = b.ops;
    this.fsync = b.fsync;
    String jnu = System.getProperty("sun.jnu.encoding", "UTF-8");
    this.unicodeNames = jnu.equalsIgnoreCase("UTF-8") || jnu.equalsIgnoreCase("UTF8");
    if (!unicodeNames) {
      log.warn("file names are decoded as {} in this JVM (sun.jnu.encoding), not UTF-8: keys with non-ASCII "
          + "characters will be refused; run with a UTF-8 locale (e.g. LANG=C.UTF-8)", jnu);
    }
    try {
      Files.createDirectories(b.root);
      this.root = b.root.toRealPath();
    } catch (IOException e) {
      throw new BackendException("cannot open store directory " + b.root + ": " + e, e);
    }
    if (!Files.isDirectory(root)) {
      throw new BackendException(root + " is not a directory");
    }
    // Decided without writing anything: a full or read-only store must still open (issue 15 item 7).
    switch (b.metadata) {
      case SIDECAR:
        sidecar = true;
        log.info("store {}: metadata in sidecar files (as configured)", root);
        break;
      case XATTR: {
        String why = MetadataEvidence.xattrsUnsupported(root, ops);
        if (why != null) {
          throw new BackendException("extended attributes are not usable on " + root + ": " + why);
        }
        sidecar = false;
        break;
      }
      default:
        decideFromContent();
    }
    if (b.scanOnOpen) {
      foundAtOpen = problems("");
      if (foundAtOpen.isEmpty()) {
        log.debug("store {}: nothing but objects", root);
      } else {
        Map<StorageProblem.Kind, Long> counts = new java.util.EnumMap<>(StorageProblem.Kind.class);
        foundAtOpen.forEach(p -> counts.merge(p.kind(), 1L, Long::sum));
        log.warn("store {}: found what is not an object (listings skip it; removeLeftovers deletes only the "
            + "leftovers): {}, e.g. {}", root, counts, foundAtOpen.subList(0, Math.min(5, foundAtOpen.size())));
      }
    } else {
      foundAtOpen = null;
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
    return sidecar;
  }

  /** What {@link #problems} found in the whole store at open, or {@code null} if the scan was turned off. */
  public List<StorageProblem> problemsAtOpen() {
    return foundAtOpen;
  }

  /**
   * AUTO: a store keeps the metadata storage it already uses (see {@link MetadataEvidence}); one
   * with nothing to go by takes sidecars where the root has no user attributes, else attributes
   * until its first write confirms them.
   */
  private void decideFromContent() {
    MetadataEvidence found = MetadataEvidence.find(root, ops, MetadataEvidence.BUDGET);
    if (found != null) {
      sidecar = found.sidecars;
      if (sidecar) {
        log.info("store {}: metadata in sidecar files, as the store keeps it (e.g. {}); the DeltaGlider proxy does not "
            + "read them", root, found.where);
      } else {
        log.debug("store {}: metadata in extended attribute user.{}, as the store keeps it (e.g. {})", root,
            XATTR_NAME, found.where);
      }
      return;
    }
    String why = MetadataEvidence.xattrsUnsupported(root, ops);
    sidecar = why != null;
    if (sidecar) {
      log.warn("store {}: the filesystem has no user extended attributes ({}); keeping metadata in sidecar "
          + "files, which the DeltaGlider proxy does not read", root, why);
    } else {
      undecided = true;
      log.debug("store {}: nothing stored yet; metadata in extended attribute user.{} unless the first write finds "
          + "them unusable", root, XATTR_NAME);
    }
  }

  /** AUTO on a store with nothing in it yet: attributes turned out unusable; sidecars from now on. */
  private synchronized void adoptSidecars(String why) {
    if (!sidecar) {
      sidecar = true;
      undecided = false;
      log.warn("store {}: the filesystem has no user extended attributes ({}); keeping metadata in sidecar "
          + "files, which the DeltaGlider proxy does not read", root, why);
    }
  }

  // ---------------------------------------------------------------- keys and paths

  /** The file of {@code key}, which is always strictly inside {@link #root}. */
  private Path pathOf(String key) throws InvalidKeyException {
    if (key == null || key.isEmpty()) {
      throw new InvalidKeyException(key, "empty");
    }
    if (key.length() > MAX_KEY_BYTES) {
      throw new InvalidKeyException(key, "longer than " + MAX_KEY_BYTES + " characters");
    }
    String[] segments = key.split("/", -1);
    Path p = root;
    for (String seg : segments) {
      String why = segmentProblem(seg);
      if (why != null) {
        throw new InvalidKeyException(key, why);
      }
      p = p.resolve(seg);
    }
    if (!p.normalize().equals(p) || !p.startsWith(root) || p.getNameCount() != root.getNameCount() + segments.length) {
      throw new InvalidKeyException(key, "does not map to a file inside the store");
    }
    return p;
  }

  /** Why {@code seg} cannot be a path segment of a key, or null if it can. */
  private String segmentProblem(String seg) {
    if (seg.isEmpty()) {
      return "empty path segment";
    }
    if (seg.equals(".") || seg.equals("..")) {
      return "'" + seg + "' segment";
    }
    for (int i = 0; i < seg.length(); i++) {
      char c = seg.charAt(i);
      if (c < 0x20 || c == 0x7F) {
        return "control character";
      }
      if (c == OWN) {
        return "backslash";
      }
      if (Character.isSurrogate(c)) {
        if (!(Character.isHighSurrogate(c) && i + 1 < seg.length() && Character.isLowSurrogate(seg.charAt(i + 1)))) {
          return "unpaired surrogate";
        }
        i++;
      }
      if (c > 0x7F && !unicodeNames) {
        return "non-ASCII character, but this JVM does not decode file names as UTF-8";
      }
    }
    int bytes = seg.getBytes(StandardCharsets.UTF_8).length;
    int limit = sidecar ? NAME_MAX - 1 - SIDECAR_SUFFIX.length() : NAME_MAX;
    if (bytes > limit) {
      return nameTooLong(seg, bytes, limit);
    }
    return null;
  }

  /**
   * Says what is too long in the user's terms: the store saves an object as a delta under its name
   * plus {@value #DELTA_SUFFIX}, so counting the raw file name alone (261 bytes for a 255-byte name)
   * reads as if the user had given a name longer than they did.
   */
  private String nameTooLong(String seg, int bytes, int limit) {
    String over = "over the limit of " + limit + " bytes per file name" + (sidecar
        ? " (the filesystem's " + NAME_MAX + ", less the " + (NAME_MAX - limit) + " bytes that name the sidecar file)"
        : " of this filesystem");
    if (seg.endsWith(DELTA_SUFFIX)) {
      return "the object name is " + (bytes - DELTA_SUFFIX.length()) + " bytes; stored as a delta, with the "
          + DELTA_SUFFIX + " suffix, its file name would be " + bytes + " bytes, " + over
          + ": names of objects stored as deltas can be at most " + (limit - DELTA_SUFFIX.length()) + " bytes";
    }
    return "a name of " + bytes + " bytes, " + over;
  }

  private static Path sidecarOf(Path file) {
    return file.resolveSibling("." + file.getFileName() + SIDECAR_SUFFIX);
  }

  static BasicFileAttributes lstat(Path p) throws IOException {
    try {
      return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException | NotDirectoryException e) {
      return null;
    }
  }

  /**
   * Checks every directory from the root down to {@code dir}: true if all exist as real directories,
   * false if one is missing or is a file; a symbolic link on the way is refused.
   */
  boolean checkDirectories(Path dir, String key) throws IOException {
    Path cur = root;
    for (Path seg : root.relativize(dir)) {
      if (seg.toString().isEmpty()) {
        continue;
      }
      cur = cur.resolve(seg.toString());
      BasicFileAttributes a = lstat(cur);
      if (a == null || (!a.isDirectory() && !a.isSymbolicLink())) {
        return false; // nothing can be stored below a missing directory or a file
      }
      refuseNonDirectory(cur, a, key);
    }
    return true;
  }

  private void refuseNonDirectory(Path p, BasicFileAttributes a, String key) throws BackendException {
    if (a.isSymbolicLink()) {
      throw new BackendException("refusing to follow the symbolic link " + p + " on the way to " + key);
    }
    if (!a.isDirectory()) {
      throw new BackendException("cannot store " + key + ": " + p + " is a file, not a directory");
    }
  }

  /** Creates the missing directories down to {@code dir}, fsyncing each new one's parent. */
  private void ensureDirectories(Path dir, String key) throws IOException {
    Path cur = root;
    for (Path seg : root.relativize(dir)) {
      if (seg.toString().isEmpty()) {
        continue;
      }
      Path next = cur.resolve(seg.toString());
      BasicFileAttributes a = lstat(next);
      if (a == null) {
        try {
          ops.createDirectory(next);
          if (fsync) {
            ops.fsyncDirectory(cur);
          }
        } catch (FileAlreadyExistsException raced) {
          a = lstat(next);
          if (a != null) {
            refuseNonDirectory(next, a, key);
          }
        }
      } else {
        refuseNonDirectory(next, a, key);
      }
      cur = next;
    }
  }

  private static String randomHex() {
    byte[] b = new byte[8];
    RANDOM.nextBytes(b);
    StringBuilder sb = new StringBuilder(16);
    for (byte x : b) {
      sb.append(Character.forDigit((x >> 4) & 0xF, 16)).append(Character.forDigit(x & 0xF, 16));
    }
    return sb.toString();
  }

  // ---------------------------------------------------------------- metadata of one file

  /**
   * One record of a sidecar: which data it describes. A record describes a file when size and
   * fingerprint (a digest of its first and last 4 KiB) agree, and the inode or the modification
   * time (to the microsecond) does: so a copy or a remount that renumbers inodes (vfat) keeps objects visible, while the
   * old and the new data of a write switched halfway never pass for each other.
   */
  private static final class Binding {
    final long ino;
    final long size;
    final long mtimeNanos;
    final String fingerprint; // null when not computed

    Binding(long ino, long size, long mtimeNanos, String fingerprint) {
      this.ino = ino;
      this.size = size;
      this.mtimeNanos = mtimeNanos;
      this.fingerprint = fingerprint;
    }

    static Binding of(FileOps ops, Path file, boolean withFingerprint) throws IOException {
      Map<String, Object> a;
      try {
        a = Files.readAttributes(file, "unix:ino,size,lastModifiedTime,isRegularFile", LinkOption.NOFOLLOW_LINKS);
      } catch (NoSuchFileException | NotDirectoryException e) {
        return null;
      }
      if (!Boolean.TRUE.equals(a.get("isRegularFile"))) {
        return null;
      }
      long size = (Long) a.get("size");
      String fp = null;
      if (withFingerprint) {
        try {
          fp = fingerprint(ops, file, size);
        } catch (NoSuchFileException e) {
          return null;
        }
      }
      return new Binding((Long) a.get("ino"), size, ((FileTime) a.get("lastModifiedTime")).to(TimeUnit.NANOSECONDS), fp);
    }

    static String fingerprint(FileOps ops, Path file, long size) throws IOException {
      java.security.MessageDigest md;
      try {
        md = java.security.MessageDigest.getInstance("SHA-256");
      } catch (java.security.NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
      try (FileChannel ch = ops.openRead(file)) {
        int head = (int) Math.min(4096, size);
        ByteBuffer buf = ByteBuffer.allocate(head);
        while (buf.hasRemaining() && ch.read(buf, buf.position()) > 0) {
          // fill
        }
        md.update(buf.array(), 0, buf.position());
        long tailStart = Math.max(head, size - 4096);
        ByteBuffer tail = ByteBuffer.allocate((int) (size - tailStart));
        while (tail.hasRemaining() && ch.read(tail, tailStart + tail.position()) > 0) {
          // fill
        }
        md.update(tail.array(), 0, tail.position());
      }
      return java.util.HexFormat.of().formatHex(md.digest(), 0, 16);
    }

    /** Unchanged between two looks (same inode, size and time). */
    boolean sameAs(Binding o) {
      return o != null && ino == o.ino && size == o.size && mtimeNanos == o.mtimeNanos;
    }

    /** This record describes {@code data} (see the class comment). */
    boolean describes(FileOps ops, Binding data, Path dataFile) throws IOException {
      // Times compared to the microsecond: copies (and Java's own copy) may keep no finer than that.
      if (size != data.size || (ino != data.ino && mtimeNanos / 1000 != data.mtimeNanos / 1000)) {
        return false;
      }
      String fp = data.fingerprint != null ? data.fingerprint : fingerprint(ops, dataFile, data.size);
      return fp.equals(fingerprint);
    }

    String line(byte[] json) {
      return ino + " " + size + " " + mtimeNanos + " " + fingerprint + " " + new String(json, StandardCharsets.UTF_8) + "\n";
    }
  }

  /**
   * The whole of a small file, read through {@link FileOps#openRead}; IllegalArgumentException
   * (the file is not what it should be, like unparsable content) if it is larger than {@code limit}.
   */
  private byte[] readSmallFile(Path file, int limit) throws IOException {
    try (FileChannel ch = ops.openRead(file)) {
      long size = ch.size();
      ByteBuffer buf = ByteBuffer.allocate((int) Math.min(size, limit) + 1);
      while (size <= limit && ch.read(buf) > 0 && buf.hasRemaining()) {
        // fill
      }
      if (size > limit) {
        throw new IllegalArgumentException("it is " + size + " bytes, over the limit of " + limit);
      }
      if (buf.position() > size) {
        throw new IllegalArgumentException("it grew while it was read"); // ours are replaced, never rewritten
      }
      return java.util.Arrays.copyOf(buf.array(), buf.position());
    }
  }

  /**
   * The metadata JSON of the sidecar record that describes the data file, or null;
   * IllegalArgumentException if the sidecar is damaged.
   */
  private byte[] sidecarRecord(Path sidecarFile, Path dataFile, Binding data) throws IOException {
    if (data == null) {
      return null;
    }
    byte[] raw;
    try {
      raw = readSmallFile(sidecarFile, 3 * MetadataJson.MAX_BYTES);
    } catch (NoSuchFileException e) {
      return null;
    }
    String text = new String(raw, StandardCharsets.UTF_8);
    String[] lines = text.split("\n", -1);
    if (lines.length < 2 || !lines[0].equals(SIDECAR_HEADER) || !lines[lines.length - 1].isEmpty()) {
      throw new IllegalArgumentException("not a sidecar file");
    }
    for (int i = 1; i < lines.length - 1; i++) {
      String[] f = lines[i].split(" ", 5);
      if (f.length != 5 || f[3].length() != 32) {
        throw new IllegalArgumentException("bad sidecar record");
      }
      Binding b;
      try {
        b = new Binding(Long.parseLong(f[0]), Long.parseLong(f[1]), Long.parseLong(f[2]), f[3]);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("bad sidecar record", e);
      }
      if (b.describes(ops, data, dataFile)) {
        return f[4].getBytes(StandardCharsets.UTF_8);
      }
    }
    return null;
  }

  /**
   * What is at the file of a key: the object, or why it is none. {@code info} and {@code why} are
   * both null when there is nothing there (no file, a directory).
   */
  static final class Look {
    static final Look NOTHING = new Look(null, null);
    final BlobInfo info;
    final String why;

    private Look(BlobInfo info, String why) {
      this.info = info;
      this.why = why;
    }

    static Look of(BlobInfo info) {
      return new Look(info, null);
    }

    static Look not(String why) {
      return new Look(null, why);
    }
  }

  /**
   * What is stored under {@code key} at {@code file}, or null if there is no visible object (no
   * file, not a regular file, no valid metadata). Size and metadata belong to the same inode.
   */
  private BlobInfo stat(String key, Path file) throws IOException {
    Look l = look(key, file);
    if (l.why != null) {
      if (l.why.startsWith(INVALID)) {
        log.warn("ignoring {}: {}", file, l.why);
      } else {
        log.debug("ignoring {}: {}", file, l.why);
      }
    }
    return l.info;
  }

  private static final String INVALID = "invalid metadata";

  /**
   * {@link #stat}, saying why a file is not an object: for {@link #problems}, which reports what
   * listings skip. Throws when the file cannot be read at all.
   */
  Look look(String key, Path file) throws IOException {
    for (int attempt = 0; attempt < 8; attempt++) {
      if (sidecar) {
        Binding before = Binding.of(ops, file, false);
        if (before == null) {
          return notAFile(file);
        }
        Path sc = sidecarOf(file);
        byte[] json;
        try {
          json = sidecarRecord(sc, file, before);
        } catch (IllegalArgumentException e) {
          return Look.not(INVALID + ": its sidecar " + sc.getFileName() + " is damaged (" + e.getMessage() + ")");
        }
        Binding after = Binding.of(ops, file, false);
        if (!before.sameAs(after)) {
          continue; // replaced meanwhile
        }
        if (json == null) {
          if (attempt < 2) {
            continue; // maybe a write switching the pair right now
          }
          return Look.not(Files.exists(sc, LinkOption.NOFOLLOW_LINKS)
              ? "no metadata: its sidecar " + sc.getFileName() + " describes other data (the file was changed, or "
                  + "copied without its modification time)"
              : "no metadata: no sidecar " + sc.getFileName());
        }
        return parsed(key, json, before.size, FileTime.from(before.mtimeNanos, TimeUnit.NANOSECONDS));
      }
      BasicFileAttributes before = lstat(file);
      if (before == null || !before.isRegularFile()) {
        return notAFile(file);
      }
      byte[] json;
      try {
        json = ops.readMetadata(file);
      } catch (NoSuchFileException gone) {
        continue;
      } catch (IllegalArgumentException tooLarge) {
        return Look.not(INVALID + ": " + tooLarge.getMessage());
      } catch (IOException | UnsupportedOperationException e) {
        if (undecided && MetadataEvidence.isUnsupported(e)) {
          adoptSidecars(e.getMessage()); // another process wrote the first objects, with sidecars
          continue;
        }
        throw e;
      }
      if (json == null && undecided && Files.exists(sidecarOf(file), LinkOption.NOFOLLOW_LINKS)) {
        adoptSidecars("objects were stored with sidecars, e.g. " + file);
        continue;
      }
      BasicFileAttributes after = lstat(file);
      if (after == null || !Objects.equals(before.fileKey(), after.fileKey()) || before.size() != after.size()) {
        continue;
      }
      if (json == null) {
        return Look.not("no metadata: no user." + XATTR_NAME + " attribute");
      }
      return parsed(key, json, before.size(), before.lastModifiedTime());
    }
    throw new IOException(file + " keeps changing while it is read");
  }

  private static Look parsed(String key, byte[] json, long size, FileTime modified) {
    try {
      return Look.of(new BlobInfo(key, size, ProxySchema.fromJson(MetadataJson.read(json)), modified.toInstant()));
    } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
      return Look.not(INVALID + ": " + e.getMessage());
    }
  }

  /** Why what is at {@code file} (not a regular file) is no object: nothing for no file or a directory. */
  private static Look notAFile(Path file) throws IOException {
    BasicFileAttributes a = lstat(file);
    if (a == null || a.isDirectory() || a.isRegularFile()) {
      return Look.NOTHING; // a regular file here was replaced meanwhile: its next look tells
    }
    return Look.not("not a regular file: " + fileType(file, a));
  }

  static String fileType(Path file, BasicFileAttributes a) {
    if (a.isSymbolicLink()) {
      return "a symbolic link (never followed)";
    }
    try {
      int type = ((Integer) Files.getAttribute(file, "unix:mode", LinkOption.NOFOLLOW_LINKS)) & 0170000;
      switch (type) {
        case 0010000:
          return "a FIFO";
        case 0140000:
          return "a socket";
        case 0020000:
          return "a character device";
        case 0060000:
          return "a block device";
        default:
          break;
      }
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      // fall through
    }
    return "a special file";
  }

  // ---------------------------------------------------------------- SPI

  @Override
  public void put(String key, Payload content, Map<String, String> metadata) throws DeltaStoreException {
    write(key, content, metadata, false);
  }

  @Override
  public void putIfAbsent(String key, Payload content, Map<String, String> metadata) throws DeltaStoreException {
    write(key, content, metadata, true);
  }

  @Override
  public boolean supportsAtomicPutIfAbsent() {
    return true;
  }

  private byte[] json(String key, Map<String, String> metadata) throws DeltaStoreException {
    try {
      return MetadataJson.write(ProxySchema.toJson(Objects.requireNonNull(metadata, "metadata")));
    } catch (IllegalArgumentException e) {
      throw new BackendException("cannot store the metadata of " + key + ": " + e.getMessage(), e);
    }
  }

  private void write(String key, Payload content, Map<String, String> metadata, boolean ifAbsent)
      throws DeltaStoreException {
    Path target = pathOf(key);
    Path dir = target.getParent();
    byte[] json = json(key, metadata);
    if (ifAbsent) {
      // Fail fast without writing the bytes (the create itself stays atomic below).
      try {
        if (checkDirectories(dir, key) && stat(key, target) != null) {
          throw new ObjectExistsException(key);
        }
      } catch (IOException e) {
        throw failure("checking", key, e);
      }
    }
    Path temp = null;
    FileChannel ch = null;
    FileOps.Step step = FileOps.Step.MKDIR;
    boolean committed = false;
    try {
      for (int attempt = 0; ; attempt++) {
        step = FileOps.Step.MKDIR;
        ensureDirectories(dir, key);
        temp = dir.resolve(TEMP_PREFIX + randomHex());
        IN_FLIGHT.add(temp);
        step = FileOps.Step.CREATE_TEMP;
        try {
          ch = ops.createTemp(temp);
          if (claimTemp(ch, temp)) {
            break;
          }
          ch.close();
          ch = null;
          throw new NoSuchFileException(temp.toString(), null, "removed by a cleanup before it was locked");
        } catch (NoSuchFileException | FileAlreadyExistsException e) {
          // The directory was pruned by a concurrent delete, a cleanup took the new temp file, or a
          // name collision: try again.
          IN_FLIGHT.remove(temp);
          temp = null;
          if (attempt >= 4) {
            throw e;
          }
        }
      }
      step = FileOps.Step.WRITE;
      copy(key, content, ch);
      boolean sidecars = sidecar;
      if (!sidecars) {
        step = FileOps.Step.SET_METADATA;
        try {
          ops.setMetadata(temp, json);
          undecided = false;
        } catch (IOException | RuntimeException e) {
          if (!undecided || !MetadataEvidence.isUnsupported(e)) {
            throw e;
          }
          adoptSidecars(e.getMessage());
          sidecars = true;
          pathOf(key); // names are shorter with sidecars
        }
      }
      if (fsync) {
        step = FileOps.Step.FSYNC_FILE;
        ops.fsync(ch);
      }
      if (sidecars) {
        Path t = temp;
        FileChannel c = ch;
        withDirectoryLock(dir, () -> {
          commitWithSidecar(key, target, t, c, json, ifAbsent);
          return null;
        });
        committed = true;
      } else if (ifAbsent) {
        step = FileOps.Step.LINK;
        try {
          ops.link(target, temp);
        } catch (FileAlreadyExistsException e) {
          if (stat(key, target) != null) {
            throw new ObjectExistsException(key);
          }
          throw new BackendException("cannot create " + key + ": " + target
              + " exists but is not an object (no valid metadata); move or delete that file first", e);
        }
        committed = true;
        ops.delete(temp);
      } else {
        step = FileOps.Step.RENAME;
        ops.rename(temp, target);
        committed = true;
      }
      if (fsync) {
        step = FileOps.Step.FSYNC_DIR;
        ops.fsyncDirectory(dir);
      }
    } catch (IOException | RuntimeException e) {
      if (e instanceof ObjectExistsException) {
        throw (ObjectExistsException) e;
      }
      String what = committed
          ? "fsyncing the directory after writing (the new object is complete and visible, its durability unknown)"
          : "writing (nothing was changed; step " + step + ")";
      if (e instanceof IOException && isNoSpace(e) && step == FileOps.Step.SET_METADATA && json.length > 3000) {
        throw new BackendException("the metadata of " + key + " (" + json.length
            + " bytes) does not fit in an extended attribute of this filesystem, or the disk is full", e);
      }
      throw failure(what, key, e instanceof IOException ? (IOException) e : new IOException(e.toString(), e));
    } finally {
      if (ch != null) {
        try {
          ch.close();
        } catch (IOException ignored) {
          // nothing to keep
        }
      }
      if (temp != null) {
        {
          try {
            Files.deleteIfExists(temp); // gone already after a rename; still there after a link or a failure
          } catch (IOException e) {
            log.warn("could not remove temp file {}: {}", temp, e.toString());
          }
        }
        IN_FLIGHT.remove(temp);
      }
    }
  }

  /** Sidecar mode, under the directory lock: new sidecar holding [new, current] records, then the data. */
  private void commitWithSidecar(String key, Path target, Path dataTemp, FileChannel dataChannel, byte[] json,
      boolean ifAbsent) throws IOException {
    Binding fresh = Binding.of(ops, dataTemp, true);
    if (fresh == null) {
      throw new IOException("temp file " + dataTemp + " vanished");
    }
    Path sc = sidecarOf(target);
    Binding current = Binding.of(ops, target, true);
    byte[] currentJson = null;
    if (current != null) {
      try {
        currentJson = sidecarRecord(sc, target, current);
      } catch (IllegalArgumentException e) {
        currentJson = null;
      }
    }
    if (ifAbsent && currentJson != null) {
      throw new ObjectExistsException(key);
    }
    StringBuilder text = new StringBuilder(SIDECAR_HEADER).append('\n').append(fresh.line(json));
    if (currentJson != null) {
      text.append(current.line(currentJson));
    }
    writeSidecar(sc, text.toString().getBytes(StandardCharsets.UTF_8));
    try {
      ops.rename(dataTemp, target);
    } catch (IOException | RuntimeException e) {
      if (currentJson == null) {
        // The new sidecar describes data that never arrived: remove it (it is invisible either way).
        try {
          Files.deleteIfExists(sc);
        } catch (IOException suppressed) {
          e.addSuppressed(suppressed);
        }
      } // else its second record still describes the current data, which stays visible
      throw e;
    }
  }

  /** Writes a sidecar through a temp file and renames it into place (no directory fsync). */
  private void writeSidecar(Path sc, byte[] bytes) throws IOException {
    for (int attempt = 0; ; attempt++) {
      Path temp = sc.resolveSibling(TEMP_PREFIX + randomHex());
      IN_FLIGHT.add(temp);
      try {
        if (writeSidecar(sc, temp, bytes)) {
          return;
        }
      } finally {
        IN_FLIGHT.remove(temp);
      }
      if (attempt >= 4) {
        throw new IOException("temp files for " + sc + " keep being removed by a cleanup");
      }
    }
  }

  /** False if a cleanup took the temp file before it was locked. */
  private boolean writeSidecar(Path sc, Path temp, byte[] bytes) throws IOException {
    boolean done = false;
    try {
      try (FileChannel ch = ops.createTemp(temp)) {
        if (!claimTemp(ch, temp)) {
          return false;
        }
        ByteBuffer bb = ByteBuffer.wrap(bytes);
        while (bb.hasRemaining()) {
          ops.write(ch, bb);
        }
        if (fsync) {
          ops.fsync(ch);
        }
      }
      ops.rename(temp, sc);
      done = true;
      return true;
    } finally {
      if (!done) {
        try {
          Files.deleteIfExists(temp);
        } catch (IOException ignored) {
          // best effort
        }
      }
    }
  }

  /**
   * Locks a new temp file, which tells other processes' cleanup that it is live (released when it
   * is closed). False if a cleanup removed it before the lock was taken, or holds the lock to remove
   * it now (see {@link ProblemScanner}): the caller starts over with a new temp file.
   */
  private static boolean claimTemp(FileChannel ch, Path temp) {
    FileLock lock;
    try {
      lock = ch.tryLock();
    } catch (IOException | RuntimeException e) {
      log.debug("no lock on temp file {}: {}", temp, e.toString());
      return true; // no locks on this filesystem: a cleanup cannot take the file either
    }
    return lock != null && Files.exists(temp, LinkOption.NOFOLLOW_LINKS);
  }

  interface IoBody<T> {
    T run() throws IOException;
  }

  /** Sidecar mode: serialises writers of one directory in this JVM and across processes. */
  private <T> T withDirectoryLock(Path dir, IoBody<T> body) throws IOException {
    return withDirectoryLock(dir, body, true);
  }

  /**
   * With {@code required} false, a lock file that cannot be opened (a read-only store, a lock file
   * of another user) leaves the body to run without the cross-process half: for looks that only
   * report, where nobody can be writing, or an answer that may be stale is still worth giving.
   */
  <T> T withDirectoryLock(Path dir, IoBody<T> body, boolean required) throws IOException {
    ReentrantLock jvm = DIR_LOCKS[Math.floorMod(dir.hashCode(), DIR_LOCKS.length)];
    jvm.lock();
    try {
      FileChannel ch;
      try {
        ch = ops.openLockFile(dir.resolve(LOCK_NAME));
      } catch (FileSystemException e) {
        if (required || e instanceof NoSuchFileException) {
          throw e;
        }
        log.debug("looking into {} without its lock file: {}", dir, e.toString());
        return body.run();
      }
      try (ch; FileLock lock = ch.lock()) {
        Objects.requireNonNull(lock);
        return body.run();
      }
    } finally {
      jvm.unlock();
    }
  }

  private void copy(String key, Payload content, FileChannel ch) throws IOException {
    long expected = content.length();
    long total = 0;
    byte[] buf = new byte[(int) Math.max(1, Math.min(COPY_BUFFER, expected))];
    try (InputStream in = content.open()) {
      int n;
      while ((n = in.read(buf)) > 0) {
        total += n;
        if (total > expected) {
          break;
        }
        ByteBuffer bb = ByteBuffer.wrap(buf, 0, n);
        while (bb.hasRemaining()) {
          ops.write(ch, bb);
        }
      }
    }
    if (total != expected) {
      throw new BackendException("payload for " + key + " is not " + expected + " bytes long");
    }
  }

  @Override
  public Optional<BlobInfo> head(String key) throws DeltaStoreException {
    Path file = pathOf(key);
    try {
      if (!checkDirectories(file.getParent(), key)) {
        return Optional.empty();
      }
      return Optional.ofNullable(stat(key, file));
    } catch (IOException e) {
      throw failure("reading", key, e);
    }
  }

  @Override
  public InputStream get(String key) throws DeltaStoreException {
    Path file = pathOf(key);
    try {
      if (!checkDirectories(file.getParent(), key)) {
        throw new ObjectNotFoundException(key);
      }
      for (int attempt = 0; attempt < 8; attempt++) {
        if (stat(key, file) == null) {
          throw new ObjectNotFoundException(key);
        }
        BasicFileAttributes before = lstat(file);
        FileChannel ch;
        try {
          ch = ops.openRead(file);
        } catch (NoSuchFileException e) {
          continue;
        }
        BasicFileAttributes after = lstat(file);
        if (before != null && after != null && Objects.equals(before.fileKey(), after.fileKey())
            && (!sidecar || stat(key, file) != null)) {
          return Channels.newInputStream(ch);
        }
        ch.close(); // replaced between the checks: look again
      }
      throw new BackendException(key + " keeps changing while it is opened");
    } catch (IOException e) {
      throw failure("reading", key, e);
    }
  }

  @Override
  public boolean delete(String key) throws DeltaStoreException {
    Path file = pathOf(key);
    Path dir = file.getParent();
    try {
      if (!checkDirectories(dir, key)) {
        return false;
      }
      if (sidecar) {
        boolean existed = withDirectoryLock(dir, () -> {
          boolean visible = stat(key, file) != null;
          if (visible) {
            // The data goes first (invisible from then on): a delete cut short leaves a sidecar
            // without data, a leftover that removeLeftovers deletes, never data without metadata,
            // which cannot be told from a damaged object and is kept.
            ops.delete(file);
            ops.delete(sidecarOf(file));
          }
          return visible;
        });
        if (existed && fsync) {
          ops.fsyncDirectory(dir);
        }
        return existed;
      }
      if (stat(key, file) == null) {
        return false;
      }
      ops.delete(file);
      if (fsync) {
        ops.fsyncDirectory(dir);
      }
      pruneEmptyDirectories(dir);
      return true;
    } catch (IOException e) {
      throw failure("deleting", key, e);
    }
  }

  /** Removes now-empty directories up to (not including) the root; concurrent writers retry. */
  private void pruneEmptyDirectories(Path dir) {
    Path cur = dir;
    while (cur != null && !cur.equals(root) && cur.startsWith(root)) {
      try {
        Files.delete(cur);
      } catch (DirectoryNotEmptyException | NoSuchFileException e) {
        return;
      } catch (IOException e) {
        log.debug("could not prune {}: {}", cur, e.toString());
        return;
      }
      cur = cur.getParent();
    }
  }

  @Override
  public void replaceMetadata(String key, Map<String, String> metadata) throws DeltaStoreException {
    Path file = pathOf(key);
    byte[] json = json(key, metadata);
    Path dir = file.getParent();
    try {
      if (!checkDirectories(dir, key)) {
        throw new ObjectNotFoundException(key);
      }
      if (sidecar) {
        withDirectoryLock(dir, () -> {
          Binding current = Binding.of(ops, file, true);
          if (stat(key, file) == null || current == null) {
            throw new ObjectNotFoundException(key);
          }
          writeSidecar(sidecarOf(file),
              (SIDECAR_HEADER + "\n" + current.line(json)).getBytes(StandardCharsets.UTF_8));
          return null;
        });
      } else {
        if (stat(key, file) == null) {
          throw new ObjectNotFoundException(key);
        }
        try {
          ops.setMetadata(file, json); // one setxattr: readers see the old or the new value
        } catch (NoSuchFileException deleted) {
          throw new ObjectNotFoundException(key);
        }
        if (fsync) {
          try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            ops.fsync(ch);
          }
        }
      }
      if (fsync) {
        ops.fsyncDirectory(dir);
      }
    } catch (IOException e) {
      throw failure("replacing the metadata of", key, e);
    }
  }

  // ---------------------------------------------------------------- listing

  @Override
  public BlobPage list(BlobQuery query) throws DeltaStoreException {
    String prefix = query.prefix();
    int slash = prefix.lastIndexOf('/');
    String baseKey = prefix.substring(0, slash + 1);
    String rest = prefix.substring(slash + 1);
    Path base = root;
    if (!baseKey.isEmpty()) {
      for (String seg : baseKey.substring(0, baseKey.length() - 1).split("/", -1)) {
        if (segmentProblem(seg) != null) {
          return new BlobPage(List.of(), List.of(), null); // no key can be under this prefix
        }
        base = base.resolve(seg);
      }
    }
    if (rest.indexOf(OWN) >= 0) {
      return new BlobPage(List.of(), List.of(), null);
    }
    try {
      if (!checkDirectories(base, prefix)) {
        return new BlobPage(List.of(), List.of(), null);
      }
      Walker walker = new Walker(base, baseKey, rest, query);
      return BlobListings.paginate(walker, query);
    } catch (UncheckedIOException e) {
      throw failure("listing", prefix, e.getCause());
    } catch (IOException e) {
      throw failure("listing", prefix, e);
    }
  }

  private static final class Entry {
    final Path path;
    final String sortName; // the name, plus '/' for a directory
    final boolean dir;

    Entry(Path path, String sortName, boolean dir) {
      this.path = path;
      this.sortName = sortName;
      this.dir = dir;
    }
  }

  private static final class Frame {
    final String keyPrefix;
    final List<Entry> entries;
    final boolean base;
    final boolean rollupRoot;
    int next;

    Frame(String keyPrefix, List<Entry> entries, boolean base, boolean rollupRoot) {
      this.keyPrefix = keyPrefix;
      this.entries = entries;
      this.base = base;
      this.rollupRoot = rollupRoot;
    }
  }

  /**
   * The entries of one directory that can hold keys, in key order ({@code name/} for directories).
   * One below the listing's base that cannot be read is skipped, as are entries that cannot be
   * looked at: one unreadable entry must not stop the listing of everything else (issue 15 item 8);
   * {@link #problems} reports them.
   */
  private List<Entry> readDirectory(Path dir, String startsWith, boolean base) throws IOException {
    directoriesListed.increment();
    List<Entry> out = new ArrayList<>();
    try (DirectoryStream<Path> ds = ops.openDirectory(dir)) {
      for (Path p : ds) {
        String name = p.getFileName().toString();
        if ((startsWith != null && !name.startsWith(startsWith)) || segmentProblem(name) != null) {
          continue; // own files (backslash), and names no key can have
        }
        BasicFileAttributes a;
        try {
          a = lstat(p);
        } catch (FileSystemException e) {
          log.warn("listing skips {}: cannot look at it ({})", p, e.toString());
          continue;
        }
        if (a == null) {
          continue;
        }
        if (a.isDirectory()) {
          out.add(new Entry(p, name + "/", true));
        } else if (a.isRegularFile()) {
          out.add(new Entry(p, name, false));
        } else if (a.isSymbolicLink()) {
          log.debug("listing skips the symbolic link {}", p);
        }
      }
    } catch (NoSuchFileException | NotDirectoryException e) {
      return List.of();
    } catch (FileSystemException | DirectoryIteratorException e) {
      if (base) {
        throw e instanceof DirectoryIteratorException ? ((DirectoryIteratorException) e).getCause() : (IOException) e;
      }
      log.warn("listing skips the directory {}: cannot read it ({})", dir, e.toString());
      return List.of();
    }
    out.sort((x, y) -> BlobListings.UTF8_ORDER.compare(x.sortName, y.sortName));
    return out;
  }

  /**
   * Walks the tree under a prefix lazily, depth first, in key order, reading one directory at a
   * time and skipping subtrees that lie before the start point. With delimiter {@code /}, each
   * directory directly under the prefix yields only its first visible object (the listing rolls it
   * up), so a delimited listing never walks whole subtrees.
   */
  private final class Walker implements Iterator<BlobInfo> {
    private final Deque<Frame> stack = new ArrayDeque<>();
    private final String after;
    private final String rolledUpToken;
    private final boolean rollup;
    private BlobInfo next;
    private boolean done;

    Walker(Path base, String baseKey, String rest, BlobQuery q) throws IOException {
      this.after = q.continuationToken() != null ? q.continuationToken() : q.startAfter();
      this.rollup = "/".equals(q.delimiter());
      this.rolledUpToken = rollup && q.continuationToken() != null && q.continuationToken().endsWith("/")
          ? q.continuationToken() : null;
      stack.push(new Frame(baseKey, readDirectory(base, rest, true), true, false));
    }

    @Override
    public boolean hasNext() {
      if (next == null && !done) {
        try {
          next = advance();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        done = next == null;
      }
      return next != null;
    }

    @Override
    public BlobInfo next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      BlobInfo n = next;
      next = null;
      return n;
    }

    private BlobInfo advance() throws IOException {
      while (!stack.isEmpty()) {
        Frame f = stack.peek();
        if (f.next >= f.entries.size()) {
          stack.pop();
          continue;
        }
        Entry e = f.entries.get(f.next++);
        String key = f.keyPrefix + e.sortName;
        if (e.dir) {
          if (after != null && BlobListings.UTF8_ORDER.compare(key, after) < 0 && !after.startsWith(key)) {
            continue; // the whole subtree is before the start point
          }
          boolean rollupRoot = rollup && f.base;
          if (rollupRoot && key.equals(rolledUpToken)) {
            continue; // the previous page ended with this common prefix
          }
          stack.push(new Frame(key, readDirectory(e.path, null, false), false, rollupRoot));
          continue;
        }
        if (after != null && BlobListings.UTF8_ORDER.compare(key, after) <= 0) {
          continue;
        }
        BlobInfo info;
        try {
          info = stat(key, e.path);
        } catch (FileSystemException unreadable) {
          log.warn("listing skips {}: cannot read it ({})", e.path, unreadable.toString());
          continue;
        }
        if (info == null) {
          continue;
        }
        if (rollup && !f.base) {
          // One object stands for the whole rolled-up directory: leave it.
          while (!stack.isEmpty()) {
            if (stack.pop().rollupRoot) {
              break;
            }
          }
        }
        return info;
      }
      return null;
    }
  }

  // ---------------------------------------------------------------- problems

  /**
   * Temp files, leftover sidecars, files without valid metadata and entries it cannot read under
   * the prefix's directories (see {@link ProblemScanner}); writes nothing.
   */
  @Override
  public List<StorageProblem> problems(String prefix) throws DeltaStoreException {
    try {
      return ProblemScanner.problems(this, Objects.requireNonNull(prefix, "prefix"));
    } catch (IOException e) {
      throw failure("looking for problems under", prefix, e);
    }
  }

  /**
   * Removes temp files no writer holds and sidecars whose data is gone, under the prefix; never a
   * file where an object would be, whatever its metadata (see {@link ProblemScanner}).
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
      throw failure("removing leftovers under", prefix, e);
    }
  }

  FileOps ops() {
    return ops;
  }

  /** Whether a key can have {@code name} as a path segment here. */
  boolean isKeyName(String name) {
    return segmentProblem(name) == null;
  }

  // ---------------------------------------------------------------- errors

  static boolean isNoSpace(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String m = t.getMessage();
      if (m != null && (m.contains("No space left on device") || m.contains("Disk quota exceeded"))) {
        return true;
      }
    }
    return false;
  }

  private DeltaStoreException failure(String what, String key, IOException e) {
    if (e instanceof DeltaStoreException) {
      return (DeltaStoreException) e;
    }
    if (isNoSpace(e)) {
      return new StorageFullException("no space left in " + root + " while " + what + " " + key + ": " + e.getMessage(), e);
    }
    return new BackendException(what + " " + key + " in " + root + " failed: " + e, e);
  }

  @Override
  public String describe() {
    return "file:" + root + (sidecar ? " (metadata in sidecar files)" : "");
  }

  @Override
  public String toString() {
    return "FileSystemBackend[" + describe() + "]";
  }
}
