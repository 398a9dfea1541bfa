package io.deltaglider.storage.fs;

import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * How an existing store keeps its metadata, read from what it holds, without writing anything (so a
 * full or read-only store can still be opened): a sidecar or a sidecar-mode lock file means
 * sidecars, a file carrying {@code user.dg.metadata} means extended attributes. Deciding from the
 * content keeps the choice stable for a store (one copied to a filesystem with attributes keeps its
 * sidecars). The walk goes depth first, to the first directory with files, and gives up after a
 * bounded number of entries, so it costs about one path of directories on a healthy store. For a
 * store with nothing to go by, {@link #xattrsUnsupported} asks the filesystem, again without writing.
 */
final class MetadataEvidence {
  /** Directory entries looked at before giving up (a store of files without metadata says nothing). */
  static final int BUDGET = 2000;

  final boolean sidecars;
  final Path where;

  private MetadataEvidence(boolean sidecars, Path where) {
    this.sidecars = sidecars;
    this.where = where;
  }

  /** Why user extended attributes cannot be read in {@code root}, or null if they can (or it cannot tell). */
  static String xattrsUnsupported(Path root, FileOps ops) {
    try {
      ops.readMetadata(root); // getxattr: writes nothing, needs no space
      return null;
    } catch (UnsupportedOperationException e) {
      return e.getMessage();
    } catch (IOException | IllegalArgumentException e) {
      return isUnsupported(e) ? e.getMessage() : null; // e.g. permission denied: the first write will tell
    }
  }

  /** The error a filesystem without user extended attributes gives. */
  static boolean isUnsupported(Throwable e) {
    if (e instanceof UnsupportedOperationException) {
      return true;
    }
    String m = String.valueOf(e.getMessage());
    return m.contains("not supported") || m.contains("Operation not permitted");
  }

  /** What the store under {@code root} shows, or null if nothing within the budget decides. */
  static MetadataEvidence find(Path root, FileOps ops, int budget) {
    Deque<Path> dirs = new ArrayDeque<>();
    dirs.push(root);
    int seen = 0;
    while (!dirs.isEmpty() && seen < budget) {
      Path dir = dirs.pop();
      List<Path> files = new ArrayList<>();
      List<Path> subdirs = new ArrayList<>();
      try (DirectoryStream<Path> ds = ops.openDirectory(dir)) {
        for (Path p : ds) {
          if (++seen > budget) {
            break;
          }
          String name = p.getFileName().toString();
          if (name.equals(FileSystemBackend.LOCK_NAME)
              || (name.startsWith(".") && name.endsWith(FileSystemBackend.SIDECAR_SUFFIX))) {
            return new MetadataEvidence(true, p);
          }
          if (name.indexOf(FileSystemBackend.OWN) >= 0) {
            continue; // temp files are written in either mode
          }
          BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
          if (a.isDirectory()) {
            subdirs.add(p);
          } else if (a.isRegularFile()) {
            files.add(p);
          }
        }
      } catch (IOException | DirectoryIteratorException e) {
        continue; // unreadable or gone: it says nothing
      }
      for (Path f : files) {
        try {
          if (ops.readMetadata(f) != null) {
            return new MetadataEvidence(false, f);
          }
        } catch (IOException | RuntimeException e) {
          // unreadable, or no attributes on this filesystem: says nothing
        }
      }
      for (int i = subdirs.size() - 1; i >= 0; i--) {
        dirs.push(subdirs.get(i));
      }
    }
    return null;
  }
}
