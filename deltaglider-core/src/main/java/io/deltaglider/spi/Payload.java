package io.deltaglider.spi;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/** Bytes of known length handed to a backend; {@link #open()} may be called more than once (retries). */
public interface Payload {
  /** The number of bytes {@link #open()} yields. */
  long length();

  /** A fresh stream over all the bytes; the caller closes it. */
  InputStream open() throws IOException;

  /** The file behind this payload, if it is one (lets a backend upload or link it directly). */
  default Path file() {
    return null;
  }

  /** A payload over the whole array, not copied: it must not change while the payload is in use. */
  static Payload of(byte[] bytes) {
    return of(bytes, 0, bytes.length);
  }

  /**
   * A payload over {@code len} bytes of the array from {@code off}, not copied: they must not change
   * while the payload is in use.
   *
   * @throws IndexOutOfBoundsException if the range is not within the array
   */
  static Payload of(byte[] bytes, int off, int len) {
    Objects.checkFromIndexSize(off, len, bytes.length);
    return new Payload() {
      @Override
      public long length() {
        return len;
      }

      @Override
      public InputStream open() {
        return new ByteArrayInputStream(bytes, off, len);
      }
    };
  }

  /** A payload reading a file; its length is taken now, and the file must not change meanwhile. */
  static Payload of(Path file) throws IOException {
    long size = Files.size(file);
    return new Payload() {
      @Override
      public long length() {
        return size;
      }

      @Override
      public InputStream open() throws IOException {
        return Files.newInputStream(file);
      }

      @Override
      public Path file() {
        return file;
      }
    };
  }
}
