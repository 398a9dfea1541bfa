package io.deltaglider;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Temp files for spooled objects and reconstructions; always deleted by their owner. */
final class TempFiles {
  private static final Logger LOG = LoggerFactory.getLogger(TempFiles.class);

  private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

  private TempFiles() {}

  static Path create(Path dir) throws IOException {
    return dir == null ? Files.createTempFile("deltaglider-", ".tmp") : Files.createTempFile(dir, "deltaglider-", ".tmp");
  }

  /**
   * A temp file in a caller's directory that becomes their file once moved into place: created
   * with the permissions any new file gets there (0666 less the umask), not a temp file's 0600.
   */
  static Path createForCaller(Path dir) throws IOException {
    for (int attempt = 0; ; attempt++) {
      Path p = dir.resolve(".deltaglider-" + Long.toHexString(RANDOM.nextLong()) + ".tmp");
      try {
        return Files.createFile(p);
      } catch (java.nio.file.FileAlreadyExistsException e) {
        if (attempt == 8) {
          throw e;
        }
      }
    }
  }

  /** The largest single write a temp file's stream passes to the file (see {@link #output}). */
  static final int MAX_WRITE = 1 << 16;

  /**
   * A buffered stream writing {@code file} (created or truncated) that never hands the file more
   * than {@link #MAX_WRITE} bytes in one call. The JDK copies each write of a heap array into a
   * temporary direct buffer of the write's size and keeps it for the thread: one 32 MiB spill or
   * a decoder's window-sized write would pin that much direct memory on every thread that did
   * one (sixteen gateway uploads under -Xmx512m ran out of it).
   */
  static OutputStream output(Path file) throws IOException {
    return new BufferedOutputStream(new FilterOutputStream(Files.newOutputStream(file)) {
      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        for (int n; len > 0; off += n, len -= n) {
          n = Math.min(len, MAX_WRITE);
          out.write(b, off, n);
        }
      }
    }, MAX_WRITE);
  }

  static void delete(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      LOG.warn("could not delete temp file {}: {}", file, e.toString());
    }
  }
}
