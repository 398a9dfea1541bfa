package io.deltaglider.storage.fs;

import io.deltaglider.BackendException;
import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The directories on the way from the root to a key's file (FORMAT.md section 5.1): checked before
 * every access (a symbolic link is refused, never followed; a file where a directory should be means
 * there is no object), created for a write (each new one fsynced into its parent), and removed again
 * when a delete leaves them empty. Thread-safe.
 */
final class Directories {
  private static final Logger log = LoggerFactory.getLogger(Directories.class);

  private final Path root;
  private final FileOps ops;
  private final boolean fsync;

  Directories(Path root, FileOps ops, boolean fsync) {
    this.root = root;
    this.ops = ops;
    this.fsync = fsync;
  }

  /**
   * Checks every directory from the root down to {@code dir}: true if all exist as real directories,
   * false if one is missing or is a file; a symbolic link on the way is refused.
   */
  boolean check(Path dir, String key) throws IOException {
    Path cur = root;
    for (Path seg : root.relativize(dir)) {
      if (seg.toString().isEmpty()) {
        continue;
      }
      cur = cur.resolve(seg.toString());
      BasicFileAttributes a = FileOps.lstat(cur);
      if (a == null || (!a.isDirectory() && !a.isSymbolicLink())) {
        return false; // nothing can be stored below a missing directory or a file
      }
      refuseNonDirectory(cur, a, key);
    }
    return true;
  }

  /** Creates the missing directories down to {@code dir}, fsyncing each new one's parent. */
  void create(Path dir, String key) throws IOException {
    Path cur = root;
    for (Path seg : root.relativize(dir)) {
      if (seg.toString().isEmpty()) {
        continue;
      }
      Path next = cur.resolve(seg.toString());
      BasicFileAttributes a = FileOps.lstat(next);
      if (a == null) {
        try {
          ops.createDirectory(next);
          if (fsync) {
            ops.fsyncDirectory(cur);
          }
        } catch (FileAlreadyExistsException raced) {
          a = FileOps.lstat(next);
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

  /**
   * Removes now-empty directories from {@code dir} up to (not including) the root; a concurrent
   * writer that loses its directory starts over. A directory written in sidecar mode is never
   * empty: its lock file stays.
   */
  void pruneEmpty(Path dir) {
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

  private static void refuseNonDirectory(Path p, BasicFileAttributes a, String key) throws BackendException {
    if (a.isSymbolicLink()) {
      throw new BackendException("refusing to follow the symbolic link " + p + " on the way to " + key);
    }
    if (!a.isDirectory()) {
      throw new BackendException("cannot store " + key + ": " + p + " is a file, not a directory");
    }
  }
}
