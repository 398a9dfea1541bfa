package io.deltaglider;

import io.deltaglider.vcdiff.DecodeProgress;
import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * SHA-256 (and, if asked, MD5) of bytes handed over in order while they are being produced, hashed
 * on an executor's thread so hashing overlaps the work that produces them instead of following it:
 * decoding a reconstruction, or encoding a put's content as it is read. On a machine with a core to
 * spare the digests then cost about one piece's hashing, not the whole object's (SHA-256 runs at
 * roughly the decoder's speed, so done afterwards it would add ~70%).
 *
 * <p>One drain task at a time updates the digests, so pieces are hashed in the order they were
 * given even when the executor has several threads; the monitor orders the updates across those
 * threads. If the executor refuses work (it was shut down) the caller's thread hashes. Pieces are
 * referenced, not copied: the producer must not overwrite a piece before {@link #finish}, or copy it.
 * With a bound, {@link #decoded} waits while more than that many bytes are queued, so a slow
 * hashing thread holds back a producer that copies pieces instead of letting copies pile up.
 */
final class PipelinedDigests implements DecodeProgress {
  /** How long a thread spins for the other's next step before it blocks: about a piece's hashing. */
  private static final long SPIN_NANOS = 100_000;

  private final long maxPending;
  private final Digests digests;
  private final Executor executor;
  private final ArrayDeque<Object[]> pieces = new ArrayDeque<>();
  private long pending;
  /** Written under the monitor; read without it by the brief spins below. */
  private volatile boolean draining;
  /** Pieces handed over so far; a drain that ran dry spins briefly watching it. */
  private volatile long handed;
  /** {@link #finish} was called: no more pieces come, a dry drain need not wait for one. */
  private volatile boolean finishing;
  /** Whether the drain handed to the executor has been taken up (by its thread or a waiter). */
  private boolean drainClaimed;
  private volatile boolean abandoned;
  /** What a drain failed with; {@link #finish} rethrows it instead of waiting forever. */
  private Throwable failure;
  private String sha256;
  private String md5;
  private byte[] blockDigests;

  /** SHA-256 only, no bound: for pieces that are views of a buffer the producer keeps anyway. */
  PipelinedDigests(Executor executor) {
    this(executor, false, Long.MAX_VALUE);
  }

  PipelinedDigests(Executor executor, boolean withMd5, long maxPending) {
    this(executor, withMd5, false, maxPending);
  }

  /** As above; {@code withBlocks} also records the 1 MiB blocks' digests ({@link #blockDigests}). */
  PipelinedDigests(Executor executor, boolean withMd5, boolean withBlocks, long maxPending) {
    this.executor = executor;
    this.digests = new Digests(withMd5, withBlocks);
    this.maxPending = maxPending;
  }

  @Override
  public void decoded(byte[] buffer, int offset, int length) {
    runUnclaimedDrain(true);
    synchronized (this) {
      boolean interrupted = false;
      while (pending > maxPending && draining && failure == null) {
        try {
          wait();
        } catch (InterruptedException e) {
          interrupted = true; // bounded: the drain is running; keep the flag for the caller
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
      pieces.add(new Object[] {buffer, offset, length});
      pending += length;
      handed++;
      if (draining) {
        return;
      }
      draining = true;
      drainClaimed = false;
    }
    try {
      executor.execute(this::drainIfUnclaimed);
    } catch (RejectedExecutionException e) {
      drainIfUnclaimed();
    }
  }

  /**
   * Runs the drain here if the executor has not started it: a host's executor may be busy (even
   * with the very call waiting here), and waiting for it could then take forever.
   */
  private void runUnclaimedDrain(boolean onlyIfBehind) {
    synchronized (this) {
      if (!draining || drainClaimed || (onlyIfBehind && pending <= maxPending)) {
        return;
      }
      drainClaimed = true;
    }
    drain();
  }

  private void drainIfUnclaimed() {
    synchronized (this) {
      if (drainClaimed) {
        return;
      }
      drainClaimed = true;
    }
    drain();
  }

  private void drain() {
    try {
      while (true) {
        Object[] piece;
        long seen;
        synchronized (this) {
          piece = abandoned ? null : pieces.poll();
          seen = handed;
        }
        if (piece == null) {
          if (nextPieceWithin(seen)) {
            continue;
          }
          synchronized (this) {
            piece = abandoned ? null : pieces.poll();
            if (piece == null) {
              // Seen empty and marked idle under one lock: a piece added after this starts a new drain.
              pieces.clear();
              pending = 0;
              draining = false;
              notifyAll();
              return;
            }
          }
        }
        int len = (Integer) piece[2];
        digests.update((byte[]) piece[0], (Integer) piece[1], len);
        synchronized (this) {
          pending -= len;
          notifyAll();
        }
      }
    } catch (RuntimeException | Error e) {
      synchronized (this) {
        failure = e;
        abandoned = true;
        pieces.clear();
        draining = false;
        notifyAll();
      }
      throw e;
    }
  }

  /**
   * Spins up to {@link #SPIN_NANOS} for a piece after {@code seen}: the producer usually hands the
   * next one over within that time, and a drain that stays on its thread avoids the wake-up of a
   * new one (tens of microseconds a time on a virtual machine, for every piece of a small object).
   */
  private boolean nextPieceWithin(long seen) {
    long deadline = System.nanoTime() + SPIN_NANOS;
    while (!finishing && !abandoned) {
      if (handed != seen) {
        return true;
      }
      if (System.nanoTime() - deadline > 0) {
        return false;
      }
      Thread.onSpinWait();
    }
    return false;
  }

  /** Waits for every piece handed over so far to be hashed and returns the lower-case hex SHA-256. */
  String finish() throws InterruptedException {
    finishing = true;
    runUnclaimedDrain(false);
    // The last piece is usually hashed within a spin: cheaper than being woken.
    long deadline = System.nanoTime() + SPIN_NANOS;
    while (draining && System.nanoTime() - deadline < 0) {
      Thread.onSpinWait();
    }
    synchronized (this) {
      while (draining) {
        wait();
      }
      if (failure != null) {
        throw new IllegalStateException("hashing failed", failure);
      }
      if (sha256 == null) {
        sha256 = digests.sha256();
        md5 = digests.md5();
        blockDigests = digests.blockDigests();
      }
      return sha256;
    }
  }

  /** The hex MD5 once {@link #finish} has returned; null when made without it. */
  synchronized String md5() {
    if (sha256 == null) {
      throw new IllegalStateException("finish() first");
    }
    return md5;
  }

  /** The 1 MiB blocks' digests once {@link #finish} has returned; null when made without them. */
  synchronized byte[] blockDigests() {
    if (sha256 == null) {
      throw new IllegalStateException("finish() first");
    }
    return blockDigests;
  }

  /** The bytes will not be used: pieces not hashed yet are dropped. */
  void abandon() {
    synchronized (this) {
      abandoned = true;
    }
  }
}
