package io.deltaglider;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A backend read whose own integrity failures are counted in {@link StoreMetrics#integrityFailures}:
 * a backend that authenticates what it returns (the encrypting decorator) throws an
 * {@link IntegrityException} from {@code get} or from a {@code read}, which the store's checks
 * after the read never see.
 */
final class CountedReads {
  private CountedReads() {}

  static InputStream get(StoreContext ctx, String rawKey) throws IOException {
    try {
      return new Counting(ctx.backend.get(rawKey), ctx.metrics);
    } catch (IntegrityException e) {
      ctx.metrics.integrityFailures.increment();
      throw e;
    }
  }

  private static final class Counting extends FilterInputStream {
    private final StoreMetrics metrics;
    private boolean counted;

    Counting(InputStream in, StoreMetrics metrics) {
      super(in);
      this.metrics = metrics;
    }

    @Override
    public int read() throws IOException {
      try {
        return super.read();
      } catch (IntegrityException e) {
        throw count(e);
      }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      try {
        return super.read(b, off, len);
      } catch (IntegrityException e) {
        throw count(e);
      }
    }

    @Override
    public long skip(long n) throws IOException {
      try {
        return super.skip(n);
      } catch (IntegrityException e) {
        throw count(e);
      }
    }

    /** Once per stream: a caller that reads again after the failure sees it again, uncounted. */
    private IntegrityException count(IntegrityException e) {
      if (!counted) {
        counted = true;
        metrics.integrityFailures.increment();
      }
      return e;
    }
  }
}
