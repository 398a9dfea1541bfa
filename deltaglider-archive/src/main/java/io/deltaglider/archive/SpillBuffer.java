package io.deltaglider.archive;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Bytes written once and read back any number of times: in memory up to a cap, then in a temporary
 * file (deleted on {@link #close}). Holds one compressed stream while expand decides what to do
 * with it, so that no stream, however large, has to fit in the heap.
 */
final class SpillBuffer extends OutputStream {
  private final int memoryCap;
  private final Path tempDir;
  private byte[] memory = new byte[256];
  private Path file;
  private OutputStream fileOut;
  private long size;

  SpillBuffer(int memoryCap, Path tempDir) {
    this.memoryCap = memoryCap;
    this.tempDir = tempDir;
  }

  long size() {
    return size;
  }

  /** Whether the bytes went to a temporary file. */
  boolean spilled() {
    return file != null;
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    if (fileOut == null && size + len <= memoryCap) {
      if (size + len > memory.length) {
        memory = Arrays.copyOf(memory, (int) Math.min(memoryCap, Math.max(size + len, 2L * memory.length)));
      }
      System.arraycopy(b, off, memory, (int) size, len);
    } else {
      if (fileOut == null) {
        file = tempDir == null ? Files.createTempFile("deltaglider-archive-", ".spill")
            : Files.createTempFile(tempDir, "deltaglider-archive-", ".spill");
        try {
          fileOut = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
        } catch (IOException | RuntimeException e) {
          Files.deleteIfExists(file);
          file = null;
          throw e;
        }
        fileOut.write(memory, 0, (int) size);
        memory = null;
      }
      fileOut.write(b, off, len);
    }
    size += len;
  }

  /** A copy of everything written so far; only for a buffer that did not spill. */
  byte[] toByteArray() {
    if (fileOut != null) {
      throw new IllegalStateException("spilled to a file");
    }
    return Arrays.copyOf(memory, (int) size);
  }

  /** A fresh stream over everything written so far. */
  InputStream openReader() throws IOException {
    if (fileOut == null) {
      return new ByteArrayInputStream(memory, 0, (int) size);
    }
    fileOut.flush();
    return new BufferedInputStream(Files.newInputStream(file), 1 << 16);
  }

  /** Copies everything written so far to {@code out}. */
  void copyTo(RecordWriter out) throws IOException {
    if (fileOut == null) {
      out.raw(memory, 0, (int) size);
      return;
    }
    try (InputStream in = openReader()) {
      byte[] buf = new byte[1 << 16];
      for (int n; (n = in.read(buf)) > 0; ) {
        out.raw(buf, 0, n);
      }
    }
  }

  @Override
  public void close() throws IOException {
    memory = null;
    if (file != null) {
      try {
        fileOut.close();
      } finally {
        Files.deleteIfExists(file);
        file = null;
        fileOut = null;
      }
    }
  }
}
