package io.deltaglider;

import io.deltaglider.spi.Payload;
import java.io.Closeable;
import java.nio.file.Path;

/** A delta made by a put, in the heap or in a temp file deleted on close. */
final class Encoded implements Closeable {
  final long size;
  private final byte[] bytes;
  private final Path file;

  Encoded(long size, byte[] bytes, Path file) {
    this.size = size;
    this.bytes = bytes;
    this.file = file;
  }

  Payload payload() throws DeltaStoreException {
    return bytes != null ? Payload.of(bytes) : IoErrors.io(() -> Payload.of(file), "reading the delta");
  }

  @Override
  public void close() {
    if (file != null) {
      TempFiles.delete(file);
    }
  }
}
