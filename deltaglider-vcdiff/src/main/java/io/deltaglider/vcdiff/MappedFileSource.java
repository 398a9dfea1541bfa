package io.deltaglider.vcdiff;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;

/**
 * {@link SourceData} over a file channel, mapped read-only in chunks of {@value #CHUNK} bytes so
 * files beyond 2 GiB work and nothing lands in the heap. Absolute bulk gets keep it thread-safe.
 */
final class MappedFileSource implements SourceData {
  private static final int CHUNK_BITS = 30;
  static final int CHUNK = 1 << CHUNK_BITS;

  private final FileChannel channel;
  private final boolean ownsChannel;
  private final long size;
  private final MappedByteBuffer[] chunks;

  MappedFileSource(FileChannel channel, boolean ownsChannel) throws IOException {
    this.channel = channel;
    this.ownsChannel = ownsChannel;
    this.size = channel.size();
    int n = (int) ((size + CHUNK - 1) >>> CHUNK_BITS);
    chunks = new MappedByteBuffer[n];
    for (int i = 0; i < n; i++) {
      long start = (long) i << CHUNK_BITS;
      chunks[i] = channel.map(FileChannel.MapMode.READ_ONLY, start, Math.min(CHUNK, size - start));
    }
  }

  @Override
  public long size() {
    return size;
  }

  @Override
  public void read(long position, byte[] dst, int off, int len) {
    while (len > 0) {
      int chunk = (int) (position >>> CHUNK_BITS);
      int inChunk = (int) (position & (CHUNK - 1));
      int n = Math.min(len, CHUNK - inChunk);
      chunks[chunk].get(inChunk, dst, off, n);
      position += n;
      off += n;
      len -= n;
    }
  }

  @Override
  public void close() throws IOException {
    if (ownsChannel) {
      channel.close();
    }
  }
}
