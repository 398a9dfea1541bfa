package io.deltaglider;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Temp files for spooled objects and reconstructions; always deleted by their owner. */
final class TempFiles {
  private static final Logger LOG = LoggerFactory.getLogger(TempFiles.class);

  private TempFiles() {}

  static Path create(Path dir) throws IOException {
    return dir == null ? Files.createTempFile("deltaglider-", ".tmp") : Files.createTempFile(dir, "deltaglider-", ".tmp");
  }

  static void delete(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      LOG.warn("could not delete temp file {}: {}", file, e.toString());
    }
  }
}
