package io.deltaglider.storage.fs;

import io.deltaglider.spi.StorageProblem;
import io.deltaglider.spi.StorageProblem.Kind;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds what a {@link FileSystemBackend} holds under a key prefix that is not an object (what
 * listings skip), and removes the leftovers among it:
 *
 * <ul>
 *   <li>LEFTOVER: a temp file no writer holds (its writer was killed), and a sidecar whose data file
 *       is gone (a delete or the first write of a key cut short: sidecar mode removes the data first
 *       and writes the sidecar before the data, so either leaves only the sidecar). Checked under
 *       the directory's lock, which writers switching a pair hold, so a write in progress is never
 *       taken for one. Removing them loses nothing: no data file goes with them.
 *   <li>DAMAGED: a file where an object would be, without valid metadata (no attribute, no sidecar
 *       or one describing other data, unparsable JSON), or something that is not a regular file (a
 *       FIFO, a symbolic link). Our writes never leave one visible, so it may be a real object
 *       whose metadata was lost (a copy without extended attributes, or without modification
 *       times in sidecar mode) or a file the proxy serves as unmanaged: never removed. A sidecar
 *       beside an existing data file is never removed either, even one that no longer describes it:
 *       it may hold the only copy of that object's metadata.
 *   <li>UNREADABLE: a file or directory this process may not read (or that fails to read).
 * </ul>
 *
 * A prefix may end mid-name ({@code releases/ap} covers {@code releases/app/...}); temp files in
 * the prefix's own directory belong to no name, so they count only for a prefix ending in {@code /}
 * (or the empty one). Writes nothing when it only reports, so it works on a read-only store.
 */
final class ProblemScanner {
  private static final Logger log = LoggerFactory.getLogger(ProblemScanner.class);

  private final FileSystemBackend backend;
  private final boolean remove;
  private final List<StorageProblem> out = new ArrayList<>();

  private ProblemScanner(FileSystemBackend backend, boolean remove) {
    this.backend = backend;
    this.remove = remove;
  }

  /** What is under the prefix that is not an object. */
  static List<StorageProblem> problems(FileSystemBackend backend, String prefix) throws IOException {
    return new ProblemScanner(backend, false).run(prefix);
  }

  /** Removes the leftovers under the prefix; returns those removed. */
  static List<StorageProblem> removeLeftovers(FileSystemBackend backend, String prefix) throws IOException {
    return new ProblemScanner(backend, true).run(prefix);
  }

  /** Logs what a scan at open found. */
  static void logAtOpen(Path root, List<StorageProblem> found) {
    if (found.isEmpty()) {
      log.debug("store {}: nothing but objects", root);
    } else {
      Map<Kind, Long> counts = new EnumMap<>(Kind.class);
      found.forEach(p -> counts.merge(p.kind(), 1L, Long::sum));
      log.warn("store {}: found what is not an object (listings skip it; removeLeftovers deletes only the "
          + "leftovers): {}, e.g. {}", root, counts, found.subList(0, Math.min(5, found.size())));
    }
  }

  private List<StorageProblem> run(String prefix) throws IOException {
    KeyPaths.Prefix start = backend.keys().prefix(prefix);
    if (start != null && backend.directories().check(start.dir(), prefix)) {
      walk(start.dir(), start.dirKey(), start.namePrefix().isEmpty() ? null : start.namePrefix());
    }
    return out;
  }

  /** One directory; {@code startsWith} filters the names in the prefix's own directory. */
  private void walk(Path dir, String keyPrefix, String startsWith) throws IOException {
    List<Path> entries = new ArrayList<>();
    try (DirectoryStream<Path> ds = backend.ops().openDirectory(dir)) {
      for (Path p : ds) {
        entries.add(p);
      }
    } catch (NoSuchFileException | NotDirectoryException gone) {
      return;
    } catch (FileSystemException | DirectoryIteratorException e) {
      found(Kind.UNREADABLE, dir, null, "cannot read this directory; what it holds is not listed (" + reason(e) + ")");
      return;
    }
    entries.sort(null);
    for (Path p : entries) {
      String name = p.getFileName().toString();
      if (name.indexOf(KeyPaths.OWN) >= 0) {
        ownFile(p, name, keyPrefix, startsWith);
        continue;
      }
      if ((startsWith != null && !name.startsWith(startsWith)) || !backend.keys().isKeyName(name)) {
        continue; // outside the prefix, or a name no key can have: nobody's object
      }
      String key = keyPrefix + name;
      BasicFileAttributes a;
      try {
        a = FileOps.lstat(p);
      } catch (FileSystemException e) {
        found(Kind.UNREADABLE, p, key, "cannot look at it (" + reason(e) + ")");
        continue;
      }
      if (a == null) {
        continue;
      }
      if (a.isDirectory()) {
        walk(p, key + "/", null);
        continue;
      }
      if (remove) {
        continue; // files where objects would be are never removed
      }
      try {
        Look l = backend.store().look(key, p);
        if (l.why != null && backend.usesSidecars() && a.isRegularFile()) {
          // Looked at again under the directory's lock, so a pair being switched is not caught midway.
          l = locked(dir, () -> backend.store().look(key, p), false);
        }
        if (l.why != null) {
          found(Kind.DAMAGED, p, key, l.why);
        }
      } catch (NoSuchFileException gone) {
        // deleted meanwhile
      } catch (IOException e) {
        found(Kind.UNREADABLE, p, key, "cannot read it (" + reason(e) + ")");
      }
    }
  }

  private void ownFile(Path p, String name, String keyPrefix, String startsWith) {
    try {
      BasicFileAttributes a = FileOps.lstat(p);
      if (a == null || !a.isRegularFile()) {
        return; // ours are regular files
      }
    } catch (IOException e) {
      return; // then neither can the entries beside it, which are reported as unreadable
    }
    if (name.startsWith(AtomicWriter.TEMP_PREFIX)) {
      if (startsWith == null) {
        tempFile(p);
      }
    } else if (SidecarFile.isSidecarName(name)) {
      String dataName = SidecarFile.dataName(name);
      if ((startsWith == null || dataName.startsWith(startsWith)) && backend.keys().isKeyName(dataName)) {
        sidecarFile(p, p.resolveSibling(dataName), keyPrefix + dataName);
      }
    } // lock files, and names with a backslash that are not ours: not objects, not ours to judge
  }

  private void tempFile(Path temp) {
    if (AtomicWriter.IN_FLIGHT.contains(temp)) {
      return; // a write in progress in this JVM (checked first: see heldByAWriter)
    }
    if (!remove) {
      Boolean held = heldByAWriter(temp);
      if (held == null) {
        found(Kind.UNREADABLE, temp, null, "temp file that cannot be opened to tell whether a write is in progress");
      } else if (!held) {
        found(Kind.LEFTOVER, temp, null, "temp file of a write that never finished");
      }
      return;
    }
    // Removed while holding its lock: a writer that created it but has not locked it yet fails to
    // lock it, or finds it gone once it has, and starts over with a new temp file.
    try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
      FileLock lock;
      try {
        lock = ch.tryLock();
      } catch (OverlappingFileLockException e) {
        return;
      }
      if (lock == null) {
        return; // a writer in another process holds it
      }
      backend.ops().delete(temp);
      found(Kind.LEFTOVER, temp, null, "temp file of a write that never finished");
    } catch (NoSuchFileException gone) {
      // finished meanwhile
    } catch (IOException e) {
      log.warn("could not remove the leftover {}: {}", temp, e.toString());
    }
  }

  /**
   * Whether a writer in another process holds the lock every writer takes on its temp file (a
   * shared lock on a read-only channel: works on a read-only store), or null if it cannot be told.
   * Never asked for this JVM's own temp files: closing any channel on a file drops every lock this
   * process holds on it, so {@link AtomicWriter#IN_FLIGHT} answers for those.
   */
  private static Boolean heldByAWriter(Path temp) {
    try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
      FileLock l = ch.tryLock(0, Long.MAX_VALUE, true);
      if (l == null) {
        return true;
      }
      l.release();
      return false;
    } catch (OverlappingFileLockException e) {
      return true;
    } catch (NoSuchFileException e) {
      return true; // gone: finished meanwhile, nothing to report
    } catch (IOException e) {
      return null;
    }
  }

  private void sidecarFile(Path sc, Path data, String key) {
    try {
      if (FileOps.lstat(data) == null) {
        orphanSidecar(sc, data, key);
      } // else its data is looked at on its own, and the sidecar stays with it
    } catch (IOException e) {
      if (remove) {
        log.warn("could not remove the leftover {}: {}", sc, e.toString());
      } else {
        found(Kind.UNREADABLE, sc, key, "cannot tell whether this sidecar's data is there (" + reason(e) + ")");
      }
    }
  }

  private void orphanSidecar(Path sc, Path data, String key) throws IOException {
    locked(sc.getParent(), () -> {
      if (!Files.exists(sc, LinkOption.NOFOLLOW_LINKS) || FileOps.lstat(data) != null) {
        return null; // a write or delete finished meanwhile
      }
      if (remove) {
        try {
          backend.ops().delete(sc);
        } catch (IOException e) {
          log.warn("could not remove the leftover {}: {}", sc, e.toString());
          return null;
        }
      }
      found(Kind.LEFTOVER, sc, key, "sidecar of a data file that is gone (a delete or a first write cut short)");
      return null;
    }, remove);
  }

  /**
   * Runs {@code body} under the directory's lock (required when removing). A store keeping its
   * metadata in attributes is never given lock files it does not have (they would read as a
   * sidecar store at the next open, see {@link MetadataEvidence}); only a sidecar writer, which
   * would have created one, needs excluding.
   */
  private <T> T locked(Path dir, DirectoryLock.Body<T> body, boolean required) throws IOException {
    if (!backend.usesSidecars() && !Files.exists(dir.resolve(DirectoryLock.LOCK_NAME), LinkOption.NOFOLLOW_LINKS)) {
      return body.run();
    }
    return DirectoryLock.hold(backend.ops(), dir, body, required);
  }

  /** Records a problem; when removing, only the leftovers removed are recorded. */
  private void found(Kind kind, Path where, String key, String detail) {
    if (!remove || kind == Kind.LEFTOVER) {
      out.add(new StorageProblem(kind, where.toString(), key, detail));
    }
  }

  private static String reason(Exception e) {
    Throwable t = e instanceof DirectoryIteratorException ? e.getCause() : e;
    if (t instanceof FileSystemException && ((FileSystemException) t).getReason() != null) {
      return ((FileSystemException) t).getReason();
    }
    if (t instanceof java.nio.file.AccessDeniedException) {
      return "permission denied";
    }
    return t.getClass().getSimpleName() + (t.getMessage() != null ? ": " + t.getMessage() : "");
  }
}
