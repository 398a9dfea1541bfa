package io.deltaglider.storage.fs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The real {@link FileOps}, except that the n-th call of one step throws (once); and, armed
 * separately, what a filesystem does that root cannot be shown for real: paths this process may not
 * read ({@link #denyReads}), a read-only mount ({@link #readOnly}), a full disk ({@link #full}).
 */
class FailingFileOps implements FileOps {
  private final FileOps real = FileOps.REAL;
  private volatile Step failing;
  private volatile int failOnCall;
  private volatile String message = "injected failure";
  private final AtomicInteger calls = new AtomicInteger();
  private volatile boolean fired;
  private final Set<Path> unreadable = ConcurrentHashMap.newKeySet();
  private volatile boolean readOnly;
  private volatile boolean full;
  private final AtomicInteger deletesToFail = new AtomicInteger();
  private final AtomicInteger deletes = new AtomicInteger();

  /** Arms: the {@code nth} (1-based) call of {@code step} from now on throws an IOException with {@code message}. */
  synchronized void failAt(Step step, int nth, String message) {
    this.failing = step;
    this.failOnCall = nth;
    this.message = message;
    this.calls.set(0);
    this.fired = false;
  }

  void disarm() {
    failing = null;
  }

  boolean fired() {
    return fired;
  }

  /** The {@code nth} delete from now on throws (a delete cut short, e.g. by a kill). */
  void failDeleteAt(int nth) {
    deletes.set(0);
    deletesToFail.set(nth);
  }

  /** Reading these paths (data, attribute, directory entries) fails as for mode 000 and another user. */
  FailingFileOps denyReads(Path... paths) {
    unreadable.addAll(Set.of(paths));
    return this;
  }

  /** Every change fails as on a read-only mount (EROFS). */
  FailingFileOps readOnly(boolean on) {
    readOnly = on;
    return this;
  }

  /** Every change that needs space fails as on a full disk (ENOSPC); deletes still work. */
  FailingFileOps full(boolean on) {
    full = on;
    return this;
  }

  private void maybeFail(Step step, Path path) throws IOException {
    if (readOnly) {
      throw new FileSystemException(String.valueOf(path), null, "Read-only file system");
    }
    if (full && step != Step.RENAME && step != Step.FSYNC_FILE && step != Step.FSYNC_DIR) {
      throw new FileSystemException(String.valueOf(path), null, "No space left on device");
    }
    if (step == failing && calls.incrementAndGet() == failOnCall) {
      fired = true;
      failing = null;
      throw new IOException(message + " (at " + step + ")");
    }
  }

  private void checkRead(Path p) throws AccessDeniedException {
    if (unreadable.contains(p)) {
      throw new AccessDeniedException(p.toString());
    }
  }

  @Override
  public FileChannel createTemp(Path file) throws IOException {
    if (full) {
      return real.createTemp(file); // a full disk still has inodes: creating an empty file works
    }
    maybeFail(Step.CREATE_TEMP, file);
    return real.createTemp(file);
  }

  @Override
  public void createDirectory(Path dir) throws IOException {
    maybeFail(Step.MKDIR, dir);
    real.createDirectory(dir);
  }

  @Override
  public int write(FileChannel channel, ByteBuffer src) throws IOException {
    maybeFail(Step.WRITE, null);
    return real.write(channel, src);
  }

  @Override
  public void setMetadata(Path file, byte[] json) throws IOException {
    maybeFail(Step.SET_METADATA, file);
    real.setMetadata(file, json);
  }

  @Override
  public void fsync(FileChannel channel) throws IOException {
    maybeFail(Step.FSYNC_FILE, null);
    real.fsync(channel);
  }

  @Override
  public void rename(Path from, Path to) throws IOException {
    maybeFail(Step.RENAME, to);
    real.rename(from, to);
  }

  @Override
  public void link(Path link, Path existing) throws IOException {
    maybeFail(Step.LINK, link);
    real.link(link, existing);
  }

  @Override
  public void fsyncDirectory(Path dir) throws IOException {
    maybeFail(Step.FSYNC_DIR, dir);
    real.fsyncDirectory(dir);
  }

  @Override
  public void delete(Path file) throws IOException {
    if (readOnly) {
      throw new FileSystemException(file.toString(), null, "Read-only file system");
    }
    if (deletesToFail.get() > 0 && deletes.incrementAndGet() == deletesToFail.get()) {
      deletesToFail.set(0);
      throw new IOException("injected failure (at delete of " + file + ")");
    }
    real.delete(file);
  }

  @Override
  public FileChannel openLockFile(Path lockFile) throws IOException {
    if (readOnly) {
      throw new FileSystemException(lockFile.toString(), null, "Read-only file system");
    }
    return real.openLockFile(lockFile);
  }

  @Override
  public byte[] readMetadata(Path file) throws IOException {
    checkRead(file);
    return real.readMetadata(file);
  }

  @Override
  public FileChannel openRead(Path file) throws IOException {
    checkRead(file);
    return real.openRead(file);
  }

  @Override
  public DirectoryStream<Path> openDirectory(Path dir) throws IOException {
    checkRead(dir);
    return real.openDirectory(dir);
  }
}
