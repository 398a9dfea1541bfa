package io.deltaglider;

import io.deltaglider.spi.ForwardingBackend;
import io.deltaglider.spi.StorageBackend;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A backend wrapper for tests: records every read (key, offset, length; whole reads as offset 0,
 * length -1) and counts the bytes its streams hand out; a read of {@link #gatedKey} waits for
 * {@link #gate} first.
 */
class CountingBackend extends ForwardingBackend {
  record Read(String key, long offset, long length) {}

  final List<Read> reads = new CopyOnWriteArrayList<>();
  final AtomicLong bytesRead = new AtomicLong();
  volatile String gatedKey;
  volatile CountDownLatch gate = new CountDownLatch(0);

  CountingBackend(StorageBackend delegate) {
    super(delegate);
  }

  @Override
  public InputStream get(String key) throws DeltaStoreException {
    await(key);
    reads.add(new Read(key, 0, -1));
    return counted(super.get(key));
  }

  @Override
  public InputStream get(String key, long offset, long length) throws DeltaStoreException {
    await(key);
    reads.add(new Read(key, offset, length));
    // The delegate's ranged read, not the SPI default (which would go through get(key) above).
    return counted(delegate().get(key, offset, length));
  }

  void clear() {
    reads.clear();
    bytesRead.set(0);
  }

  private void await(String key) {
    if (key.equals(gatedKey)) {
      try {
        gate.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private InputStream counted(InputStream in) {
    return new FilterInputStream(in) {
      @Override
      public int read() throws IOException {
        int b = in.read();
        if (b >= 0) {
          bytesRead.incrementAndGet();
        }
        return b;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n > 0) {
          bytesRead.addAndGet(n);
        }
        return n;
      }

      @Override
      public long skip(long n) throws IOException {
        long s = in.skip(n);
        bytesRead.addAndGet(s);
        return s;
      }
    };
  }
}
