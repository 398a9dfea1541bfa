package io.deltaglider;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * The bytes of one range of an object ({@link DeltaStore#open(String, ByteRange)}), and where they
 * lie in it: what an HTTP server needs for {@code Content-Range: bytes A-B/SIZE}. For an object
 * this library wrote, every byte was verified before the stream was returned (see
 * {@link #verified()}). Close it: it may hold a temp file or a cache entry.
 */
public final class RangeStream extends InputStream {
  private final InputStream in;
  private final long offset;
  private final long length;
  private final long objectSize;
  private final boolean verified;
  private final Closeable onClose;
  private long left;
  private boolean closed;

  RangeStream(InputStream in, long offset, long length, long objectSize, boolean verified, Closeable onClose) {
    this.in = in;
    this.offset = offset;
    this.length = length;
    this.objectSize = objectSize;
    this.verified = verified;
    this.onClose = onClose;
    this.left = length;
  }

  /** The position of the first byte in the object. */
  public long offset() {
    return offset;
  }

  /** How many bytes the stream holds: the range, cut at the object's end. */
  public long length() {
    return length;
  }

  /** The size of the whole object. */
  public long objectSize() {
    return objectSize;
  }

  /**
   * Whether the bytes were checked against digests recorded when the object was stored: true for
   * everything this library (or another DeltaGlider tool) wrote; false only for a file the store
   * did not write ({@link StoredForm#PLAIN}), which has no digest to check.
   */
  public boolean verified() {
    return verified;
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
    int n = in.read(b, off, (int) Math.min(len, left));
    if (n < 0) {
      throw new EOFException("the range ended after " + (length - left) + " of its " + length + " bytes");
    }
    left -= n;
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    long s = in.skip(Math.min(Math.max(n, 0), left));
    left -= s;
    return s;
  }

  @Override
  public int available() throws IOException {
    return (int) Math.min(in.available(), left);
  }

  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      in.close();
    } finally {
      if (onClose != null) {
        onClose.close();
      }
    }
  }
}
