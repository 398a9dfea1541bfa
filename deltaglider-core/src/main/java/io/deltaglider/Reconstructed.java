package io.deltaglider;

import java.io.Closeable;
import java.nio.file.Path;

/** A verified reconstruction in the heap or in a temp file (deleted on close unless moved away). */
final class Reconstructed implements Closeable {
  final long size;
  final String sha256;
  final byte[] bytes;
  final Path file;

  Reconstructed(long size, String sha256, byte[] bytes, Path file) {
    this.size = size;
    this.sha256 = sha256;
    this.bytes = bytes;
    this.file = file;
  }

  @Override
  public void close() {
    if (file != null) {
      TempFiles.delete(file);
    }
  }
}
