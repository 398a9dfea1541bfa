package io.deltaglider;

import io.deltaglider.vcdiff.DecodeProgress;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * SHA-256 of bytes handed over in order while they are being produced, hashed on an executor's
 * thread so hashing a reconstruction overlaps decoding it instead of following it: on a machine
 * with a core to spare the verification then costs about one piece's hashing, not the whole
 * object's (SHA-256 runs at roughly the decoder's speed, so done afterwards it would add ~70%).
 *
 * <p>One drain task at a time updates the digest, so pieces are hashed in the order they were
 * given even when the executor has several threads; the monitor orders the digest's updates
 * across those threads. If the executor refuses work (it was shut down) the caller's thread hashes.
 */
final class PipelinedSha256 implements DecodeProgress {
  private final MessageDigest digest = Sha256.newDigest();
  private final Executor executor;
  private final ArrayDeque<Object[]> pieces = new ArrayDeque<>();
  private boolean draining;
  private boolean abandoned;
  /** What a drain failed with; {@link #finish} rethrows it instead of waiting forever. */
  private Throwable failure;

  PipelinedSha256(Executor executor) {
    this.executor = executor;
  }

  @Override
  public void decoded(byte[] buffer, int offset, int length) {
    synchronized (this) {
      pieces.add(new Object[] {buffer, offset, length});
      if (draining) {
        return;
      }
      draining = true;
    }
    try {
      executor.execute(this::drain);
    } catch (RejectedExecutionException e) {
      drain();
    }
  }

  private void drain() {
    try {
      while (true) {
        Object[] piece;
        synchronized (this) {
          piece = abandoned ? null : pieces.poll();
          if (piece == null) {
            // Seen empty and marked idle under one lock: a piece added after this starts a new drain.
            pieces.clear();
            draining = false;
            notifyAll();
            return;
          }
        }
        digest.update((byte[]) piece[0], (Integer) piece[1], (Integer) piece[2]);
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

  /** Waits for every piece handed over so far to be hashed and returns the lower-case hex digest. */
  String finish() throws InterruptedException {
    synchronized (this) {
      while (draining) {
        wait();
      }
      if (failure != null) {
        throw new IllegalStateException("hashing failed", failure);
      }
      return Sha256.hex(digest.digest());
    }
  }

  /** The bytes will not be used: pieces not hashed yet are dropped. */
  void abandon() {
    synchronized (this) {
      abandoned = true;
    }
  }
}
