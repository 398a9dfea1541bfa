package io.deltaglider.storage.fs;

import io.deltaglider.BackendException;
import io.deltaglider.storage.fs.FileSystemBackend.MetadataStorage;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How an existing store keeps its metadata, read from what it holds, without writing anything (so a
 * full or read-only store can still be opened): a sidecar or a sidecar-mode lock file means
 * sidecars, a file carrying {@code user.dg.metadata} means extended attributes. Deciding from the
 * content keeps the choice stable for a store (one copied to a filesystem with attributes keeps its
 * sidecars). The walk goes depth first, to the first directory with files, and gives up after a
 * bounded number of entries, so it costs about one path of directories on a healthy store. For a
 * store with nothing to go by, {@link #xattrsUnsupported} asks the filesystem, again without writing.
 * {@link #choose} makes the decision (and logs it) when a store is opened.
 */
final class MetadataEvidence {
  private static final Logger log = LoggerFactory.getLogger(MetadataEvidence.class);

  /** Which {@link MetadataStore} a store opens with. */
  enum Choice {
    XATTRS,
    SIDECARS,
    /**
     * AUTO on a store that shows nothing to decide by (empty, or only files without metadata) where
     * reading an attribute of the root worked: attributes, confirmed or given up for sidecars by the
     * first write that sets one (the only probe that needs no write of its own).
     */
    XATTRS_UNTIL_FIRST_WRITE
  }
  /** Directory entries looked at before giving up (a store of files without metadata says nothing). */
  static final int BUDGET = 2000;

  final boolean sidecars;
  final Path where;

  private MetadataEvidence(boolean sidecars, Path where) {
    this.sidecars = sidecars;
    this.where = where;
  }

  /**
   * Where the store in {@code root} keeps its metadata, decided without writing anything: a full or
   * read-only store must still open. AUTO keeps what the store already uses ({@link #find}); one
   * with nothing to go by takes sidecars where the root has no user attributes, else attributes until
   * its first write confirms them.
   */
  static Choice choose(MetadataStorage configured, Path root, FileOps ops) throws BackendException {
    switch (configured) {
      case SIDECAR:
        log.info("store {}: metadata in sidecar files (as configured)", root);
        return Choice.SIDECARS;
      case XATTR: {
        String why = xattrsUnsupported(root, ops);
        if (why != null) {
          throw new BackendException("extended attributes are not usable on " + root + ": " + why);
        }
        return Choice.XATTRS;
      }
      default:
        break;
    }
    MetadataEvidence found = find(root, ops, BUDGET);
    if (found != null) {
      if (found.sidecars) {
        log.info("store {}: metadata in sidecar files, as the store keeps it (e.g. {}); the DeltaGlider proxy does not "
            + "read them", root, found.where);
        return Choice.SIDECARS;
      }
      log.debug("store {}: metadata in extended attribute user.{}, as the store keeps it (e.g. {})", root,
          XattrMetadata.XATTR_NAME, found.where);
      return Choice.XATTRS;
    }
    String why = xattrsUnsupported(root, ops);
    if (why != null) {
      warnSidecars(root, why);
      return Choice.SIDECARS;
    }
    log.debug("store {}: nothing stored yet; metadata in extended attribute user.{} unless the first write finds "
        + "them unusable", root, XattrMetadata.XATTR_NAME);
    return Choice.XATTRS_UNTIL_FIRST_WRITE;
  }

  /** Logs that a store without user attributes keeps its metadata in sidecars. */
  static void warnSidecars(Path root, String why) {
    log.warn("store {}: the filesystem has no user extended attributes ({}); keeping metadata in sidecar "
        + "files, which the DeltaGlider proxy does not read", root, why);
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
          if (name.equals(DirectoryLock.LOCK_NAME) || SidecarFile.isSidecarName(name)) {
            return new MetadataEvidence(true, p);
          }
          if (name.indexOf(KeyPaths.OWN) >= 0) {
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
