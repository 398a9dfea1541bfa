package io.deltaglider;

import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

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

  /** The bytes as one array; {@code key} names the object in errors. */
  byte[] toArray(String key) throws DeltaStoreException {
    if (bytes != null) {
      return bytes;
    }
    if (size > StoreContext.MAX_IN_MEMORY) {
      throw new ObjectTooLargeException(key, size, StoreContext.MAX_IN_MEMORY);
    }
    return IoErrors.io(() -> Files.readAllBytes(file), "reading the reconstruction of " + key);
  }

  /** A stream over the bytes that owns this reconstruction: closing it deletes the temp file. */
  InputStream toStream(String key) throws DeltaStoreException {
    if (bytes != null) {
      return new ByteArrayInputStream(bytes);
    }
    try {
      return new FilterInputStream(Files.newInputStream(file)) {
        @Override
        public void close() throws IOException {
          try {
            super.close();
          } finally {
            Reconstructed.this.close();
          }
        }
      };
    } catch (IOException e) {
      close();
      throw IoErrors.mapIo(e, "opening the reconstruction of " + key);
    }
  }

  /** Moves the temp file into place as {@code target}, atomically where the filesystem can. */
  void moveTo(Path target) throws DeltaStoreException {
    IoErrors.io(() -> {
      try {
        return Files.move(file, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        return Files.move(file, target, StandardCopyOption.REPLACE_EXISTING);
      }
    }, "moving the object into " + target);
  }

  @Override
  public void close() {
    if (file != null) {
      TempFiles.delete(file);
    }
  }
}
