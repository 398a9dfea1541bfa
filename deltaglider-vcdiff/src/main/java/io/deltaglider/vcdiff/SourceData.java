package io.deltaglider.vcdiff;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The source (dictionary) a delta is made against, read by random access so that it never has to
 * fit in the heap. Implementations must allow concurrent {@link #read} calls if they are shared
 * between threads, or given to a {@link VcdiffEncoder} with more than one
 * {@link VcdiffEncoder.Builder#threads thread}; the built-in ones do.
 */
public interface SourceData extends Closeable {

  /** Length of the source in bytes. */
  long size();

  /**
   * Reads exactly {@code len} bytes starting at {@code position} into {@code dst[off..off+len)}.
   * Callers guarantee {@code 0 <= position} and {@code position + len <= size()}.
   */
  void read(long position, byte[] dst, int off, int len) throws IOException;

  /** Releases resources; the default does nothing. */
  @Override
  default void close() throws IOException {}

  /** A source of zero bytes, for deltas that need none. */
  static SourceData empty() {
    return ByteArraySource.EMPTY;
  }

  /** A source backed by an array, which is not copied. */
  static SourceData of(byte[] bytes) {
    return new ByteArraySource(bytes);
  }

  /**
   * A source backed by a file, memory-mapped in chunks (nothing is loaded into the heap). The
   * returned source owns the opened channel; close it when done.
   */
  static SourceData open(Path path) throws IOException {
    FileChannel ch = FileChannel.open(path, StandardOpenOption.READ);
    try {
      return new MappedFileSource(ch, true);
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
  }

  /**
   * A source backed by an open channel, memory-mapped at the size the channel has now; closing
   * the source leaves the channel open.
   */
  static SourceData of(FileChannel channel) throws IOException {
    return new MappedFileSource(channel, false);
  }
}
