package io.deltaglider.proxy;

import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A request body received in full and checked (length, Content-MD5, checksums, signatures): small
 * ones in memory, larger ones in a file of the gateway's work directory, deleted on close.
 */
final class ReceivedBody implements Closeable {
  private final byte[] bytes;
  private final Path file;
  private final long length;
  private final String md5Hex;
  private final Map<String, String> checksums;

  ReceivedBody(byte[] bytes, Path file, long length, String md5Hex, Map<String, String> checksums) {
    this.bytes = bytes;
    this.file = file;
    this.length = length;
    this.md5Hex = md5Hex;
    this.checksums = Map.copyOf(checksums);
  }

  /** The bytes, if held in memory; else null and {@link #file()} holds them. */
  byte[] bytes() {
    return bytes;
  }

  /** The file holding the bytes, or null if they are in memory. */
  Path file() {
    return file;
  }

  long length() {
    return length;
  }

  /** MD5 of the bytes, lower-case hex: the ETag of a single-part object or of a part. */
  String md5Hex() {
    return md5Hex;
  }

  /** The checksums the client sent and that matched, by header name (base64 values), to echo back. */
  Map<String, String> checksums() {
    return checksums;
  }

  InputStream open() throws IOException {
    return bytes != null ? new ByteArrayInputStream(bytes) : Files.newInputStream(file);
  }

  /** Moves or writes the bytes to {@code target} (replacing it). */
  void moveTo(Path target) throws IOException {
    if (bytes != null) {
      Files.write(target, bytes);
    } else {
      Files.move(file, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
  }

  @Override
  public void close() throws IOException {
    if (file != null) {
      Files.deleteIfExists(file);
    }
  }
}
