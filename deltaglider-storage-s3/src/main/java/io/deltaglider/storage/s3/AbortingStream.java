package io.deltaglider.storage.s3;

import java.io.FilterInputStream;
import java.io.IOException;
import software.amazon.awssdk.core.ResponseInputStream;

/** A GetObject body that aborts the connection when closed early instead of draining it. */
final class AbortingStream extends FilterInputStream {
  private final ResponseInputStream<?> response;
  private final long length;
  private long read;
  private boolean eof;

  /**
   * Wraps a response body.
   *
   * @param length the bytes the response carries, or -1 if it does not say
   */
  AbortingStream(ResponseInputStream<?> response, long length) {
    super(response);
    this.response = response;
    this.length = length;
  }

  @Override
  public int read() throws IOException {
    int b = in.read();
    if (b < 0) {
      eof = true;
    } else {
      read++;
    }
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = in.read(b, off, len);
    if (n < 0) {
      eof = true;
    } else {
      read += n;
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    long s = in.skip(n);
    read += s;
    return s;
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  @Override
  public void close() throws IOException {
    if (!eof && (length < 0 || read < length)) {
      response.abort();
    }
    super.close();
  }
}
