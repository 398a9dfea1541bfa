package io.deltaglider;

import java.io.InterruptedIOException;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How much CPU a store's operations may use at once: a fair permit per running encode or decode,
 * and the threads that hash beside them (see {@link PipelinedDigests}): as many as codecs may
 * run, so many concurrent calls queue for a hashing thread instead of each starting one (hashing
 * tasks never block, so queueing cannot deadlock). Hashing threads die after 30 s idle.
 */
final class CodecSlots {
  /** Numbers the stores of this JVM in their hashing threads' names. */
  private static final AtomicInteger STORE_IDS = new AtomicInteger();

  private final Semaphore permits;
  /** The store's own hashing threads; null when the host gave an executor. */
  private final ThreadPoolExecutor own;
  private final Executor hashing;

  /** With the store's own hashing threads. */
  CodecSlots(int concurrency) {
    this(concurrency, null);
  }

  /**
   * With {@code host}'s threads for hashing and metadata reads if not null (never shut down here).
   * Work handed to it that no thread has started when its result is needed is done by the waiting
   * thread instead, so a saturated host executor cannot stall a call.
   */
  CodecSlots(int concurrency, Executor host) {
    this.permits = new Semaphore(concurrency, true);
    if (host != null) {
      this.own = null;
      this.hashing = host;
      return;
    }
    String name = "deltaglider-verify-" + STORE_IDS.incrementAndGet() + "-";
    AtomicInteger threads = new AtomicInteger();
    this.own = new ThreadPoolExecutor(concurrency, concurrency, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
        r -> {
          Thread t = new Thread(r, name + threads.getAndIncrement());
          t.setDaemon(true);
          return t;
        });
    this.own.allowCoreThreadTimeOut(true);
    this.hashing = own;
  }

  /** The host's executor, or null when the store runs its own threads. */
  Executor hostExecutor() {
    return own == null ? hashing : null;
  }

  /** Waits for a codec permit; {@link #release} it in a finally block. */
  void acquire() throws DeltaStoreException {
    CallScope call = CallScope.current();
    try {
      if (!call.await(permits)) {
        call.check(); // the deadline passed while waiting
        throw new OperationCancelledException("waiting for a codec slot", OperationCancelledException.Reason.DEADLINE_EXCEEDED);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DeltaStoreException("interrupted while waiting for a codec slot", new InterruptedIOException());
    }
  }

  void release() {
    permits.release();
  }

  /** Permits free now (for checks that a failed or cancelled call gave its permit back). */
  int available() {
    return permits.availablePermits();
  }

  /** Where digests are computed beside a codec. */
  Executor hashing() {
    return hashing;
  }

  /** Digests of {@code size} bytes: beside the caller from 1 MiB up, on its own thread below (handing over costs more). */
  Executor hashingFor(long size) {
    return size >= (1 << 20) ? hashing : Runnable::run;
  }

  void close() {
    if (own != null) {
      own.shutdown();
    }
  }
}
