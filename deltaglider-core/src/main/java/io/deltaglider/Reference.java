package io.deltaglider;

import io.deltaglider.vcdiff.SourceData;
import java.io.Closeable;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** A reference's verified bytes, in the heap (cacheable) or in a temp file deleted on close. */
final class Reference implements Closeable {
  final String sha256;
  private final byte[] bytes;
  private final Path file;
  private final boolean ownsFile;

  Reference(String sha256, byte[] bytes, Path file, boolean ownsFile) {
    this.sha256 = sha256;
    this.bytes = bytes;
    this.file = file;
    this.ownsFile = ownsFile;
  }

  /** The bytes as a codec's source; the caller closes it. */
  SourceData source() throws IOException {
    return bytes != null ? SourceData.of(bytes) : SourceData.open(file);
  }

  long size() throws IOException {
    return bytes != null ? bytes.length : Files.size(file);
  }

  /** The bytes as a stream, from the start. */
  InputStream open() throws IOException {
    return bytes != null ? new ByteArrayInputStream(bytes) : Files.newInputStream(file);
  }

  @Override
  public void close() {
    if (ownsFile) {
      TempFiles.delete(file);
    }
  }
}
