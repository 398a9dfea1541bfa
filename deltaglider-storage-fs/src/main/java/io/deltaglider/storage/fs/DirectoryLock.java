package io.deltaglider.storage.fs;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-directory lock of sidecar mode (FORMAT.md sections 5.5 and 5.6): an in-JVM lock (one of
 * 64, by the directory's hash) and an exclusive advisory lock on the directory's lock file
 * {@value #LOCK_NAME}, which is created on first use and never deleted. Sidecar writers hold it while
 * they switch a data file and its sidecar, so the pair changes together; the problem scanner holds
 * it to look at a pair that is not halfway switched. A file lock is held per process, so the
 * in-JVM half is what keeps two threads apart.
 */
final class DirectoryLock {
  private static final Logger log = LoggerFactory.getLogger(DirectoryLock.class);

  static final String LOCK_NAME = ".dg-lock" + KeyPaths.OWN;
  private static final ReentrantLock[] IN_JVM = new ReentrantLock[64];

  static {
    for (int i = 0; i < IN_JVM.length; i++) {
      IN_JVM[i] = new ReentrantLock();
    }
  }

  /** Work done under the lock. */
  interface Body<T> {
    T run() throws IOException;
  }

  private DirectoryLock() {}

  /** Runs {@code body} holding the lock of {@code dir} in this JVM and across processes. */
  static <T> T hold(FileOps ops, Path dir, Body<T> body) throws IOException {
    return hold(ops, dir, body, true);
  }

  /**
   * With {@code required} false, a lock file that cannot be opened (a read-only store, a lock file
   * of another user) leaves the body to run without the cross-process half: for looks that only
   * report, where nobody can be writing, or an answer that may be stale is still worth giving.
   */
  static <T> T hold(FileOps ops, Path dir, Body<T> body, boolean required) throws IOException {
    ReentrantLock jvm = IN_JVM[Math.floorMod(dir.hashCode(), IN_JVM.length)];
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
}
