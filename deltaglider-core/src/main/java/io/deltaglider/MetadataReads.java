package io.deltaglider;

import io.deltaglider.spi.BlobInfo;
import io.deltaglider.spi.StorageBackend;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Heads many raw keys with bounded parallelism ({@value #PARALLEL} at a time): what a detailed
 * listing or exact stats need from a backend whose listings carry no metadata (S3). The threads
 * live for one batch.
 */
final class MetadataReads {
  /** Heads in flight at once. */
  static final int PARALLEL = 16;
  private static final AtomicInteger THREADS = new AtomicInteger();

  private MetadataReads() {}

  /**
   * Each key's head, by key (empty if the object is gone meanwhile).
   *
   * @throws DeltaStoreException the first failure of any head (the others are cancelled)
   */
  static Map<String, Optional<BlobInfo>> headAll(StorageBackend backend, List<String> keys) throws DeltaStoreException {
    return headAll(backend, keys, null);
  }

  /**
   * As above, on {@code host}'s threads if not null: each head is handed to it, and one it has not
   * started when its turn comes is run by the calling thread (a host executor may be saturated).
   */
  static Map<String, Optional<BlobInfo>> headAll(StorageBackend backend, List<String> keys, Executor host)
      throws DeltaStoreException {
    Map<String, Optional<BlobInfo>> out = new HashMap<>();
    if (keys.isEmpty()) {
      return out;
    }
    if (keys.size() == 1) {
      out.put(keys.get(0), backend.head(keys.get(0)));
      return out;
    }
    int threads = Math.min(PARALLEL, keys.size());
    ThreadPoolExecutor own = host != null ? null : new ThreadPoolExecutor(threads, threads, 1, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(), r -> {
          Thread t = new Thread(r, "deltaglider-metadata-" + THREADS.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
    Executor pool = own != null ? own : host;
    Semaphore inFlight = new Semaphore(PARALLEL);
    List<FutureTask<Optional<BlobInfo>>> futures = new ArrayList<>(keys.size());
    try {
      for (String key : keys) {
        FutureTask<Optional<BlobInfo>> task = new FutureTask<>(() -> {
          // The bound holds whoever runs the head: a pool thread, a host's thread (a host may
          // have many) or this thread taking a head no thread has started.
          inFlight.acquireUninterruptibly();
          try {
            return backend.head(key);
          } finally {
            inFlight.release();
          }
        });
        futures.add(task);
        try {
          pool.execute(task);
        } catch (RejectedExecutionException refused) {
          // run below by this thread
        }
      }
      for (int i = 0; i < keys.size(); i++) {
        FutureTask<Optional<BlobInfo>> task = futures.get(i);
        task.run(); // a no-op if a worker has it
        out.put(keys.get(i), task.get());
      }
      return out;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DeltaStoreException("interrupted while reading metadata", new InterruptedIOException());
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof DeltaStoreException d) {
        throw d;
      }
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new BackendException("reading metadata failed: " + cause, cause);
    } catch (CancellationException e) {
      throw new BackendException("reading metadata was cancelled", e);
    } finally {
      if (own != null) {
        own.shutdownNow();
      } else {
        futures.forEach(f -> f.cancel(false)); // after a failure: heads not started yet are not run
      }
    }
  }
}
