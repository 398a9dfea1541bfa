package io.deltaglider;

import io.deltaglider.spi.Payload;
import java.io.Closeable;
import java.nio.file.Path;

/** A delta made by a put, in the heap or in a temp file deleted on close. */
final class Encoded implements Closeable {
  final long size;
  /** For an archive-aware delta: the SHA-256 of the expansion map it was made with, else null. */
  final String mapSha256;
  private final byte[] bytes;
  private final Path file;

  Encoded(long size, byte[] bytes, Path file) {
    this(size, bytes, file, null);
  }

  private Encoded(long size, byte[] bytes, Path file, String mapSha256) {
    this.size = size;
    this.bytes = bytes;
    this.file = file;
    this.mapSha256 = mapSha256;
  }

  /** The same delta (its bytes or file now owned by the result), made with the map {@code mapSha256}. */
  Encoded pinnedBy(String mapSha256) {
    return new Encoded(size, bytes, file, mapSha256);
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
