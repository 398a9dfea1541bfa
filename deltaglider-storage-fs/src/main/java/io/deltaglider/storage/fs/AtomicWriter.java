package io.deltaglider.storage.fs;

import io.deltaglider.BackendException;
import io.deltaglider.DeltaStoreException;
import io.deltaglider.ObjectExistsException;
import io.deltaglider.spi.Payload;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The write protocol (FORMAT.md section 5.6), so that a crash at any instant leaves the complete new
 * object or the previous state (section 5.7):
 *
 * <ol>
 *   <li>create the missing directories down to the target's, fsyncing each new one into its parent;
 *   <li>create a temp file {@code .dg-tmp\<hex>} in the target's directory (exclusive create, no
 *       link followed) and lock it: a cleanup in another process deletes only temp files it can
 *       lock, and a writer that finds its new temp file gone before it locked it starts over;
 *   <li>copy the bytes, exactly as many as announced;
 *   <li>{@link MetadataStore#attach attach} the metadata (the attribute, set on the temp file);
 *   <li>fsync the file;
 *   <li>{@link MetadataStore#publish publish}: an atomic rename over the target, or for
 *       create-if-absent a hard link to the target name, atomic across processes (sidecar mode
 *       writes the sidecar first, under the directory's lock);
 *   <li>fsync the directory.
 * </ol>
 *
 * Every failure removes the temp file; before step 6 nothing visible has changed. Temp files being
 * written in this JVM are in {@link #IN_FLIGHT}, so no cleanup in this JVM takes them (a lock held by
 * this process does not stop this process). With fsync off, writes stay atomic for readers and
 * across process crashes, not across power loss. Thread-safe.
 */
final class AtomicWriter {
  private static final Logger log = LoggerFactory.getLogger(AtomicWriter.class);

  static final String TEMP_PREFIX = ".dg-tmp" + KeyPaths.OWN;
  /** Temp files this JVM is writing right now (any instance), so cleanup never deletes them. */
  static final Set<Path> IN_FLIGHT = ConcurrentHashMap.newKeySet();
  private static final int COPY_BUFFER = 256 * 1024;
  private static final int ATTEMPTS = 5;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final KeyPaths keys;
  private final Directories dirs;
  private final FileOps ops;
  private final boolean fsync;

  AtomicWriter(KeyPaths keys, Directories dirs, FileOps ops, boolean fsync) {
    this.keys = keys;
    this.dirs = dirs;
    this.ops = ops;
    this.fsync = fsync;
  }

  /** Writes {@code content} with {@code json} as the object {@code key} at {@code target} (see the class comment). */
  void write(String key, Path target, Payload content, byte[] json, boolean ifAbsent, MetadataStore store)
      throws DeltaStoreException {
    Path dir = target.getParent();
    Path temp = null;
    FileChannel ch = null;
    FileOps.Step step = FileOps.Step.MKDIR;
    boolean committed = false;
    try {
      for (int attempt = 0; ; attempt++) {
        step = FileOps.Step.MKDIR;
        dirs.create(dir, key);
        temp = dir.resolve(TEMP_PREFIX + randomHex());
        IN_FLIGHT.add(temp);
        step = FileOps.Step.CREATE_TEMP;
        try {
          ch = ops.createTemp(temp);
          if (claim(ch, temp)) {
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
          if (attempt + 1 >= ATTEMPTS) {
            throw e;
          }
        }
      }
      step = FileOps.Step.WRITE;
      copy(key, content, ch);
      step = FileOps.Step.SET_METADATA;
      MetadataStore with = store.attach(temp, json);
      if (with != store) {
        keys.pathOf(key); // AUTO turned to sidecars: names are shorter with them
      }
      if (fsync) {
        step = FileOps.Step.FSYNC_FILE;
        ops.fsync(ch);
      }
      step = ifAbsent ? FileOps.Step.LINK : FileOps.Step.RENAME; // sidecar mode renames in both cases
      with.publish(key, target, temp, json, ifAbsent);
      committed = true;
      if (ifAbsent) {
        ops.delete(temp); // the link left the temp name
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
      if (step == FileOps.Step.SET_METADATA && e instanceof IOException) {
        throw IoFailures.attaching(keys.root(), what, key, (IOException) e, dir, json.length);
      }
      throw IoFailures.writing(keys.root(), what, key, e instanceof IOException ? (IOException) e
          : new IOException(e.toString(), e), dir);
    } finally {
      close(ch);
      if (temp != null) {
        removeTemp(temp); // gone already after a rename; still there after a link or a failure
      }
    }
  }

  /**
   * Replaces the small file {@code target} with {@code bytes} through a temp file (steps 2 to 6,
   * without a directory fsync: the caller's write does that): how sidecars are written.
   */
  void replaceFile(Path target, byte[] bytes) throws IOException {
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      Path temp = target.resolveSibling(TEMP_PREFIX + randomHex());
      IN_FLIGHT.add(temp);
      try {
        if (replaceFile(target, temp, bytes)) {
          return;
        }
      } finally {
        IN_FLIGHT.remove(temp);
      }
    }
    throw new IOException("temp files for " + target + " keep being removed by a cleanup");
  }

  /** False if a cleanup took the temp file before it was locked. */
  private boolean replaceFile(Path target, Path temp, byte[] bytes) throws IOException {
    boolean done = false;
    try {
      try (FileChannel ch = ops.createTemp(temp)) {
        if (!claim(ch, temp)) {
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
      ops.rename(temp, target);
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

  /**
   * Locks a new temp file, which tells other processes' cleanup that it is live (released when it
   * is closed). False if a cleanup removed it before the lock was taken, or holds the lock to remove
   * it now (see {@link ProblemScanner}): the caller starts over with a new temp file.
   */
  private static boolean claim(FileChannel ch, Path temp) {
    FileLock lock;
    try {
      lock = ch.tryLock();
    } catch (IOException | RuntimeException e) {
      log.debug("no lock on temp file {}: {}", temp, e.toString());
      return true; // no locks on this filesystem: a cleanup cannot take the file either
    }
    return lock != null && Files.exists(temp, LinkOption.NOFOLLOW_LINKS);
  }

  private static void close(FileChannel ch) {
    if (ch != null) {
      try {
        ch.close();
      } catch (IOException ignored) {
        // nothing to keep
      }
    }
  }

  private static void removeTemp(Path temp) {
    try {
      Files.deleteIfExists(temp);
    } catch (IOException e) {
      log.warn("could not remove temp file {}: {}", temp, e.toString());
    }
    IN_FLIGHT.remove(temp);
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
}
