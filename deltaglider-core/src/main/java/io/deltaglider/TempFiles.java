package io.deltaglider;

import java.io.IOException;
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

  static void delete(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      LOG.warn("could not delete temp file {}: {}", file, e.toString());
    }
  }
}
