package io.deltaglider;

import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Verified reconstructions of objects kept for the range reads that follow: an S3 client reads a
 * large object as many ranges, often in parallel, and a delta must be rebuilt whole to serve any
 * of them. Each object version is reconstructed once; requests for it while that runs wait for
 * it; later ones read the copy.
 *
 * <p>Keyed by the raw key and the version's {@code dg-file-sha256} and {@code dg-created-at}, as
 * a read just found them in the object's metadata, so a new version never meets an old copy.
 * Copies stay where {@link Reconstructor} put them: in the heap when small, else in a temp file
 * in the store's temp directory. Least recently used copies go first when the bytes kept exceed
 * the budget (and heap copies when they exceed an eighth of the heap); a copy's temp file is
 * deleted when it leaves the cache and no stream reads it any more, and on {@link #close}. With a
 * budget of 0 nothing is kept, but concurrent requests still share one reconstruction.
 */
final class VerifiedCopyCache implements Closeable {
  /** One stored version of one object. */
  record Version(String rawKey, String sha256, String createdAt) {}

  /** Reconstructs and verifies the version (the caller's thread runs it). */
  @FunctionalInterface
  interface Loader {
    Reconstructed load() throws DeltaStoreException;
  }

  /** A reconstruction and the streams reading it. */
  final class Copy {
    final Reconstructed content;
    /** Streams and requests holding it; its file is deleted once this is 0 and it is not kept. */
    private int leases;
    private boolean kept;

    private Copy(Reconstructed content) {
      this.content = content;
    }

    long size() {
      return content.size;
    }

    boolean inHeap() {
      return content.bytes != null;
    }

    /** A stream over {@code length} bytes from {@code offset}; the caller's lease passes to it. */
    InputStream open(long offset, long length) throws IOException {
      if (content.bytes != null) {
        return new ByteArrayInputStream(content.bytes, (int) offset, (int) length);
      }
      FileChannel ch = FileChannel.open(content.file, StandardOpenOption.READ);
      try {
        ch.position(offset);
      } catch (IOException e) {
        ch.close();
        throw e;
      }
      return Channels.newInputStream(ch);
    }

    /** Gives back the lease {@link #acquire} handed out. */
    void release() {
      synchronized (VerifiedCopyCache.this) {
        leases--;
        deleteIfUnused(this);
      }
    }
  }

  private static final class Loading {
    boolean done;
    /** Requests waiting for it; each gets a lease on the copy. */
    int waiters;
    Copy copy;
    Throwable failure;
    /** The loader's thread was interrupted: its failure is not the waiters'. */
    boolean loaderInterrupted;
  }

  private final long budget;
  private final long heapBudget;
  private final StoreMetrics metrics;
  private final LinkedHashMap<Version, Copy> kept = new LinkedHashMap<>(16, 0.75f, true);
  private final Map<Version, Loading> loading = new HashMap<>();
  private long keptBytes;
  private long keptHeapBytes;
  private boolean closed;

  VerifiedCopyCache(long budget, StoreMetrics metrics) {
    this.budget = budget;
    this.heapBudget = Math.min(budget, Runtime.getRuntime().maxMemory() / 8);
    this.metrics = metrics;
  }

  /**
   * The verified copy of {@code version}, loaded by {@code loader} unless it is kept or being
   * loaded; the caller holds a lease on it until it calls {@link Copy#release()}. The copy is that
   * of the version the loader found, which is another one if the object changed meanwhile
   * ({@link Reconstructed#sha256} tells); only a copy of {@code version} itself is kept.
   */
  Copy acquire(Version version, Loader loader) throws DeltaStoreException {
    while (true) {
      Loading l;
      synchronized (this) {
        Copy c = kept.get(version);
        if (c != null) {
          c.leases++;
          metrics.rangeCacheHits.increment();
          return c;
        }
        l = loading.get(version);
        if (l == null) {
          l = new Loading();
          loading.put(version, l);
        } else {
          l.waiters++;
          metrics.rangeCacheHits.increment();
          Copy waited = await(l);
          if (waited != null) {
            return waited;
          }
          continue; // the loader was interrupted: load it here
        }
      }
      return load(version, l, loader);
    }
  }

  private Copy load(Version version, Loading l, Loader loader) throws DeltaStoreException {
    metrics.rangeCacheMisses.increment();
    Reconstructed r = null;
    Throwable failure = null;
    try {
      r = loader.load();
    } catch (DeltaStoreException | RuntimeException | Error e) {
      failure = e;
    }
    synchronized (this) {
      loading.remove(version);
      l.done = true;
      if (r != null) {
        Copy c = new Copy(r);
        c.leases = 1 + l.waiters;
        l.copy = c;
        if (!closed && r.sha256.equals(version.sha256()) && r.size <= budget && (!c.inHeap() || r.size <= heapBudget)) {
          kept.put(version, c);
          c.kept = true;
          keptBytes += r.size;
          keptHeapBytes += c.inHeap() ? r.size : 0;
          metrics.rangeCacheBytes.add(r.size);
          evictOverBudget();
        }
      } else {
        l.failure = failure;
        l.loaderInterrupted = Thread.currentThread().isInterrupted();
      }
      notifyAll();
    }
    if (failure instanceof DeltaStoreException e) {
      throw e;
    } else if (failure instanceof RuntimeException e) {
      throw e;
    } else if (failure instanceof Error e) {
      throw e;
    }
    return l.copy;
  }

  /** Waits (holding the monitor) for a load; null when the loader was interrupted and this should load. */
  private Copy await(Loading l) throws DeltaStoreException {
    while (!l.done) {
      try {
        wait();
      } catch (InterruptedException e) {
        if (l.done && l.copy != null) {
          l.copy.leases--;
          deleteIfUnused(l.copy);
        } else if (!l.done) {
          l.waiters--;
        }
        Thread.currentThread().interrupt();
        throw new DeltaStoreException("interrupted while waiting for a reconstruction", new InterruptedIOException());
      }
    }
    if (l.copy != null) {
      return l.copy; // its lease was counted by the loader
    }
    if (l.loaderInterrupted) {
      return null;
    }
    if (l.failure instanceof DeltaStoreException e) {
      throw e;
    } else if (l.failure instanceof RuntimeException e) {
      throw e;
    }
    throw (Error) l.failure;
  }

  /** Drops least recently used copies until both budgets hold (caller holds the monitor). */
  private void evictOverBudget() {
    Iterator<Copy> it = kept.values().iterator();
    while ((keptBytes > budget || keptHeapBytes > heapBudget) && it.hasNext()) {
      Copy c = it.next();
      if (keptBytes <= budget && !c.inHeap()) {
        continue; // only the heap is over: a file copy costs it nothing
      }
      it.remove();
      forget(c);
    }
  }

  private void forget(Copy c) {
    c.kept = false;
    keptBytes -= c.size();
    keptHeapBytes -= c.inHeap() ? c.size() : 0;
    metrics.rangeCacheBytes.add(-c.size());
    deleteIfUnused(c);
  }

  private void deleteIfUnused(Copy c) {
    if (c.leases == 0 && !c.kept) {
      c.content.close();
    }
  }

  /** Bytes of copies kept now. */
  synchronized long keptBytes() {
    return keptBytes;
  }

  /** Deletes every kept copy no stream reads; those being read go when their streams close. */
  @Override
  public synchronized void close() {
    closed = true;
    for (Iterator<Copy> it = kept.values().iterator(); it.hasNext(); ) {
      Copy c = it.next();
      it.remove();
      forget(c);
    }
  }
}
