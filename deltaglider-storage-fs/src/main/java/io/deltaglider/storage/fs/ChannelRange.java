package io.deltaglider.storage.fs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * At most {@code length} bytes of a file from {@code offset}, read with positioned reads
 * ({@link FileChannel#read(ByteBuffer, long)}): nothing before the offset is read. Closing it closes
 * the channel.
 */
final class ChannelRange extends InputStream {
  private final FileChannel ch;
  private long position;
  private long left;

  ChannelRange(FileChannel ch, long offset, long length) throws IOException {
    this.ch = ch;
    this.position = offset;
    // Nothing past the end: a range starting there is empty.
    this.left = Math.max(0, Math.min(length, ch.size() - offset));
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xFF;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    if (left == 0) {
      return -1;
    }
    int n = ch.read(ByteBuffer.wrap(b, off, (int) Math.min(len, left)), position);
    if (n < 0) {
      left = 0; // the file shrank under the read: its end is the range's end
      return -1;
    }
    position += n;
    left -= n;
    return n;
  }

  @Override
  public long skip(long n) {
    long s = Math.max(0, Math.min(n, left));
    position += s;
    left -= s;
    return s;
  }

  @Override
  public int available() {
    return (int) Math.min(Integer.MAX_VALUE, left);
  }

  @Override
  public void close() throws IOException {
    ch.close();
  }
}
