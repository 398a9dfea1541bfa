package io.deltaglider;

import io.deltaglider.vcdiff.SourceData;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Bytes written once and read back: in the heap up to a limit, then in a temp file (deleted on
 * {@link #close}), for intermediate forms whose size is not known in advance (an expanded archive,
 * a decoded expanded form). Write, {@link #finish}, then read as often as needed.
 */
final class HeapOrFile extends OutputStream {
  private final long heapLimit;
  private final Path tempDir;
  private ByteArrayOutputStream heap = new ByteArrayOutputStream(1 << 12);
  private OutputStream fileOut;
  private Path file;
  private byte[] bytes;
  private long count;

  HeapOrFile(long heapLimit, Path tempDir) {
    this.heapLimit = Math.min(heapLimit, StoreContext.MAX_IN_MEMORY);
    this.tempDir = tempDir;
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    if (heap != null && count + len > heapLimit) {
      file = TempFiles.create(tempDir);
      fileOut = TempFiles.output(file);
      heap.writeTo(fileOut);
      heap = null;
    }
    (heap != null ? heap : fileOut).write(b, off, len);
    count += len;
  }

  /** Ends the writing; the bytes can be read from now on. */
  HeapOrFile finish() throws IOException {
    if (heap != null) {
      bytes = heap.toByteArray();
      heap = null;
    } else if (fileOut != null) {
      fileOut.close();
      fileOut = null;
    }
    return this;
  }

  long count() {
    return count;
  }

  /** The bytes if they stayed in the heap, else null. */
  byte[] bytes() {
    return bytes;
  }

  InputStream open() throws IOException {
    return bytes != null ? new ByteArrayInputStream(bytes) : Files.newInputStream(file);
  }

  SourceData source() throws IOException {
    return bytes != null ? SourceData.of(bytes) : SourceData.open(file);
  }

  /** Deletes the temp file, if there is one (also after a failed write). */
  @Override
  public void close() {
    if (fileOut != null) {
      try {
        fileOut.close();
      } catch (IOException ignored) {
        // the file goes anyway
      }
      fileOut = null;
    }
    if (file != null) {
      TempFiles.delete(file);
    }
  }
}
