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
  private final ThreadPoolExecutor hashing;

  CodecSlots(int concurrency) {
    this.permits = new Semaphore(concurrency, true);
    String name = "deltaglider-verify-" + STORE_IDS.incrementAndGet() + "-";
    AtomicInteger threads = new AtomicInteger();
    this.hashing = new ThreadPoolExecutor(concurrency, concurrency, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
        r -> {
          Thread t = new Thread(r, name + threads.getAndIncrement());
          t.setDaemon(true);
          return t;
        });
    this.hashing.allowCoreThreadTimeOut(true);
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
    hashing.shutdown();
  }
}
