package io.deltaglider.encryption;

import io.deltaglider.spi.StorageBackend;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;

/**
 * A stored ciphertext as the seekable channel Tink's random-access decryption reads, made of the
 * inner backend's ranged gets. Tink reads the header, then whole segments; the channel asks the
 * backend for the header alone and then for the span of segments a range needs in one request
 * (header and span in one when the span starts at the first segment), so a range costs its
 * segments, not the object.
 */
final class CiphertextChannel implements SeekableByteChannel {
  private final StorageBackend backend;
  private final String rawKey;
  private final long size;
  private final SegmentLayout layout;
  private final long spanStart;
  private final long spanEnd;
  private final DecryptingInputStream.InnerFailure failure;
  private long position;
  private InputStream in;
  private long inPosition = -1;
  private boolean open = true;

  /** A channel over {@code size} ciphertext bytes that expects reads of the header and of {@code [spanStart, spanEnd)}. */
  CiphertextChannel(StorageBackend backend, String rawKey, long size, SegmentLayout layout, long spanStart,
      long spanEnd, DecryptingInputStream.InnerFailure failure) {
    this.backend = backend;
    this.rawKey = rawKey;
    this.size = size;
    this.layout = layout;
    this.spanStart = spanStart;
    this.spanEnd = spanEnd;
    this.failure = failure;
  }

  @Override
  public int read(ByteBuffer dst) throws IOException {
    if (!dst.hasArray()) {
      throw new IllegalArgumentException("Tink reads into heap buffers");
    }
    if (position >= size) {
      return -1;
    }
    if (in == null || inPosition != position) {
      reopen();
    }
    // Tink takes a short read of a segment as "not yet": fill what it asks for, or reach the end.
    int total = 0;
    boolean reopened = false;
    while (dst.hasRemaining() && position < size) {
      int n = in.read(dst.array(), dst.arrayOffset() + dst.position(), (int) Math.min(dst.remaining(), size - position));
      if (n < 0) {
        if (reopened) {
          break;
        }
        reopen(); // the planned span ended, Tink wants more
        reopened = true;
        continue;
      }
      dst.position(dst.position() + n);
      total += n;
      position += n;
      inPosition += n;
    }
    return total == 0 && dst.hasRemaining() ? -1 : total;
  }

  private void reopen() throws IOException {
    closeStream();
    long end;
    if (position < layout.headerLength) {
      end = spanStart == layout.headerLength ? spanEnd : layout.headerLength;
    } else if (position >= spanStart && position < spanEnd) {
      end = spanEnd;
    } else {
      end = Math.min(size, position + layout.segmentSize); // outside the plan: one segment at a time
    }
    try {
      in = failure.track(backend.get(rawKey, position, end - position));
    } catch (IOException e) {
      throw failure.failure = e;
    }
    inPosition = position;
  }

  private void closeStream() throws IOException {
    if (in != null) {
      InputStream s = in;
      in = null;
      s.close();
    }
  }

  @Override
  public long position() {
    return position;
  }

  @Override
  public SeekableByteChannel position(long newPosition) {
    position = newPosition;
    return this;
  }

  @Override
  public long size() {
    return size;
  }

  @Override
  public int write(ByteBuffer src) {
    throw new NonWritableChannelException();
  }

  @Override
  public SeekableByteChannel truncate(long newSize) {
    throw new NonWritableChannelException();
  }

  @Override
  public boolean isOpen() {
    return open;
  }

  @Override
  public void close() throws IOException {
    open = false;
    closeStream();
  }
}
