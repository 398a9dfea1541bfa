package io.deltaglider.storage.s3;

import io.deltaglider.spi.Payload;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import software.amazon.awssdk.http.ContentStreamProvider;

/**
 * Reopenable streams over a byte range of a payload, for the SDK's retries; each new stream closes
 * the one before. A failure to read the payload (not the network) surfaces as
 * {@link ContentUnreadable}, so that it is reported as the content's fault.
 */
final class PayloadStreams implements ContentStreamProvider {
  private final Payload payload;
  private final long offset;
  private final long length;
  private InputStream current;

  PayloadStreams(Payload payload, long offset, long length) {
    this.payload = payload;
    this.offset = offset;
    this.length = length;
  }

  @Override
  public synchronized InputStream newStream() {
    try {
      if (current != null) {
        current.close();
      }
      InputStream in = payload.open();
      in.skipNBytes(offset);
      current = new BoundedStream(in, length);
      return current;
    } catch (IOException e) {
      throw new ContentUnreadable(e);
    }
  }

  /** The payload failed while the SDK was reading it (not a network failure). */
  static final class ContentUnreadable extends UncheckedIOException {
    private static final long serialVersionUID = 1L;

    ContentUnreadable(IOException cause) {
      super(cause);
    }
  }

  /** At most {@code limit} bytes of a stream, marking read failures as the content's. */
  private static final class BoundedStream extends FilterInputStream {
    private long left;

    BoundedStream(InputStream in, long limit) {
      super(in);
      this.left = limit;
    }

    @Override
    public int read() throws IOException {
      if (left <= 0) {
        return -1;
      }
      int b;
      try {
        b = in.read();
      } catch (IOException e) {
        throw new ContentUnreadable(e);
      }
      if (b >= 0) {
        left--;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (left <= 0) {
        return len == 0 ? 0 : -1;
      }
      int n;
      try {
        n = in.read(b, off, (int) Math.min(len, left));
      } catch (IOException e) {
        throw new ContentUnreadable(e);
      }
      if (n > 0) {
        left -= n;
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      long s = in.skip(Math.min(n, left));
      left -= s;
      return s;
    }

    @Override
    public int available() throws IOException {
      return (int) Math.min(in.available(), left);
    }

    @Override
    public boolean markSupported() {
      return false;
    }
  }
}
