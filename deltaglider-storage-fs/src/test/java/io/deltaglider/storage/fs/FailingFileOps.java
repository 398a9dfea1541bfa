package io.deltaglider.storage.fs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/** The real {@link FileOps}, except that the n-th call of one step throws (once). */
class FailingFileOps implements FileOps {
  private final FileOps real = FileOps.REAL;
  private volatile Step failing;
  private volatile int failOnCall;
  private volatile String message = "injected failure";
  private final AtomicInteger calls = new AtomicInteger();
  private volatile boolean fired;

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

  private void maybeFail(Step step) throws IOException {
    if (step == failing && calls.incrementAndGet() == failOnCall) {
      fired = true;
      failing = null;
      throw new IOException(message + " (at " + step + ")");
    }
  }

  @Override
  public FileChannel createTemp(Path file) throws IOException {
    maybeFail(Step.CREATE_TEMP);
    return real.createTemp(file);
  }

  @Override
  public void createDirectory(Path dir) throws IOException {
    maybeFail(Step.MKDIR);
    real.createDirectory(dir);
  }

  @Override
  public int write(FileChannel channel, ByteBuffer src) throws IOException {
    maybeFail(Step.WRITE);
    return real.write(channel, src);
  }

  @Override
  public void setMetadata(Path file, byte[] json) throws IOException {
    maybeFail(Step.SET_METADATA);
    real.setMetadata(file, json);
  }

  @Override
  public void fsync(FileChannel channel) throws IOException {
    maybeFail(Step.FSYNC_FILE);
    real.fsync(channel);
  }

  @Override
  public void rename(Path from, Path to) throws IOException {
    maybeFail(Step.RENAME);
    real.rename(from, to);
  }

  @Override
  public void link(Path link, Path existing) throws IOException {
    maybeFail(Step.LINK);
    real.link(link, existing);
  }

  @Override
  public void fsyncDirectory(Path dir) throws IOException {
    maybeFail(Step.FSYNC_DIR);
    real.fsyncDirectory(dir);
  }

  @Override
  public void delete(Path file) throws IOException {
    real.delete(file);
  }
}
