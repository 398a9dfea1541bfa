package io.deltaglider;

import io.deltaglider.spi.BlobInfo;
import io.deltaglider.spi.BlobPage;
import io.deltaglider.spi.BlobQuery;
import io.deltaglider.spi.ForwardingBackend;
import io.deltaglider.spi.Payload;
import io.deltaglider.spi.StorageBackend;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * A backend wrapper for tests: records which raw keys were read and, when asked, pauses a little
 * around each call so that races between threads (or between two stores, as two processes would
 * have) actually interleave.
 */
class PausingBackend extends ForwardingBackend {
  private final long maxPauseNanos;
  final List<String> gets = new CopyOnWriteArrayList<>();

  PausingBackend(StorageBackend delegate, long maxPauseNanos) {
    super(delegate);
    this.maxPauseNanos = maxPauseNanos;
  }

  private void pause() {
    if (maxPauseNanos > 0) {
      long n = ThreadLocalRandom.current().nextLong(maxPauseNanos);
      if (n > maxPauseNanos / 2) {
        LockSupport.parkNanos(n);
      } else {
        Thread.yield();
      }
    }
  }

  @Override
  public void put(String key, Payload content, Map<String, String> metadata) throws DeltaStoreException {
    pause();
    super.put(key, content, metadata);
    pause();
  }

  @Override
  public void putIfAbsent(String key, Payload content, Map<String, String> metadata) throws DeltaStoreException {
    pause();
    super.putIfAbsent(key, content, metadata);
    pause();
  }

  @Override
  public Optional<BlobInfo> head(String key) throws DeltaStoreException {
    pause();
    Optional<BlobInfo> r = super.head(key);
    pause();
    return r;
  }

  @Override
  public InputStream get(String key) throws DeltaStoreException {
    gets.add(key);
    pause();
    InputStream in = super.get(key);
    pause();
    return in;
  }

  @Override
  public boolean delete(String key) throws DeltaStoreException {
    pause();
    boolean r = super.delete(key);
    pause();
    return r;
  }

  @Override
  public BlobPage list(BlobQuery query) throws DeltaStoreException {
    pause();
    return super.list(query);
  }
}
