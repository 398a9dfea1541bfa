package io.deltaglider.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.util.Objects;

/**
 * A buffered output stream over a channel that hands large arrays (decoded windows of several MB)
 * to the channel in slices of {@value #SLICE} bytes. {@code Files.newOutputStream} and {@code
 * FileOutputStream} pass each write through whole, which makes the JDK stage every multi-MB write
 * in a native buffer of its full size (allocated, faulted in and copied each time); slices keep that
 * staging buffer small, cached and warm. Small writes are gathered in a heap buffer. Not
 * thread-safe. Closing flushes, and closes the channel if the stream owns it.
 */
final class ChannelOutputStream extends OutputStream {
  static final int SLICE = 1 << 20;
  private static final int BUFFER = 1 << 16;

  private final WritableByteChannel channel;
  private final boolean ownsChannel;
  private final byte[] buf = new byte[BUFFER];
  private int count;
  private boolean closed;

  /** A stream that closes {@code channel} when closed. */
  ChannelOutputStream(WritableByteChannel channel) {
    this(channel, true);
  }

  ChannelOutputStream(WritableByteChannel channel, boolean ownsChannel) {
    this.channel = Objects.requireNonNull(channel, "channel");
    this.ownsChannel = ownsChannel;
  }

  /**
   * A buffered stream for large writes to {@code out}: over its channel when it is a file stream
   * (such as the process's standard output), left open on close; otherwise a plain buffer.
   */
  static OutputStream over(OutputStream out) {
    if (out instanceof java.io.FileOutputStream fos) {
      return new ChannelOutputStream(fos.getChannel(), false);
    }
    return new java.io.BufferedOutputStream(out, BUFFER) {
      @Override
      public void close() throws IOException {
        flush();
      }
    };
  }

  @Override
  public void write(int b) throws IOException {
    if (count == buf.length) {
      flushBuffer();
    }
    buf[count++] = (byte) b;
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    if (len <= buf.length - count) {
      System.arraycopy(b, off, buf, count, len);
      count += len;
      return;
    }
    flushBuffer();
    if (len < buf.length) {
      System.arraycopy(b, off, buf, 0, len);
      count = len;
      return;
    }
    while (len > 0) {
      int n = Math.min(len, SLICE);
      writeFully(ByteBuffer.wrap(b, off, n));
      off += n;
      len -= n;
    }
  }

  @Override
  public void flush() throws IOException {
    flushBuffer();
  }

  private void flushBuffer() throws IOException {
    if (closed) {
      throw new IOException("stream closed");
    }
    if (count > 0) {
      int n = count;
      count = 0; // a failed write is not retried: the stream is broken from here on anyway
      writeFully(ByteBuffer.wrap(buf, 0, n));
    }
  }

  private void writeFully(ByteBuffer bb) throws IOException {
    if (closed) {
      throw new IOException("stream closed");
    }
    while (bb.hasRemaining()) {
      channel.write(bb);
    }
  }

  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    try {
      flushBuffer();
    } finally {
      closed = true;
      if (ownsChannel) {
        channel.close();
      }
    }
  }
}
