package io.deltaglider.encryption;

import io.deltaglider.DeltaStoreException;
import io.deltaglider.spi.ForwardingBackend;
import io.deltaglider.spi.StorageBackend;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/** Shared test data and a backend that counts the bytes read from it. */
final class Fixtures {
  private Fixtures() {}

  static byte[] random(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  /** {@code base} with a few bytes changed and a few inserted: a typical next version. */
  static byte[] nextVersion(byte[] base, long seed) {
    Random r = new Random(seed);
    byte[] out = new byte[base.length + Math.min(base.length, 7)];
    int half = base.length / 2;
    System.arraycopy(base, 0, out, 0, half);
    for (int i = 0; i < out.length - base.length; i++) {
      out[half + i] = (byte) r.nextInt();
    }
    System.arraycopy(base, half, out, half + out.length - base.length, base.length - half);
    for (int i = 0; i < 3 && base.length > 0; i++) {
      out[r.nextInt(out.length)] ^= 0x5A;
    }
    return out;
  }

  /** Counts the bytes read from every stream its gets return (ranged or not). */
  static final class CountingBackend extends ForwardingBackend {
    final AtomicLong bytesRead = new AtomicLong();
    final AtomicLong gets = new AtomicLong();

    CountingBackend(StorageBackend inner) {
      super(inner);
    }

    @Override
    public InputStream get(String key) throws DeltaStoreException {
      gets.incrementAndGet();
      return counted(super.get(key));
    }

    @Override
    public InputStream get(String key, long offset, long length) throws DeltaStoreException {
      gets.incrementAndGet();
      return counted(super.get(key, offset, length));
    }

    private InputStream counted(InputStream in) {
      return new FilterInputStream(in) {
        @Override
        public int read() throws IOException {
          int b = super.read();
          if (b >= 0) {
            bytesRead.incrementAndGet();
          }
          return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
          int n = super.read(b, off, len);
          if (n > 0) {
            bytesRead.addAndGet(n);
          }
          return n;
        }
      };
    }

    void reset() {
      bytesRead.set(0);
      gets.set(0);
    }
  }
}
