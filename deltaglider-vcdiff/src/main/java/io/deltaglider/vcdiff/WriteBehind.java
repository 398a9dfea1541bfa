package io.deltaglider.vcdiff;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;

/**
 * A queue of one window between the decoding thread and a helper thread that verifies each
 * window's checksum and writes it, so that checksumming and writing one window overlap with
 * decoding the next. Windows are written one at a time, in order, each only after its checksum
 * matched. The first failure (checksum mismatch, write error, anything thrown) stops all further
 * writes and is rethrown, as the same exception, by the next {@link #submit} or {@link
 * #awaitIdle} on the decoding thread. The stream is only ever used by one thread at a time, with a
 * happens-before edge between them, so it need not be thread-safe.
 *
 * <p>Used by one decoding thread; {@link #close} must be called at the end (it waits for the
 * helper thread to finish, so nothing is written after the decode returns).
 */
final class WriteBehind implements Runnable {
  private final OutputStream out;
  private Thread thread;

  // The job, guarded by this.
  private byte[] buf;
  private int length;
  private long expectedAdler;
  private boolean zeroSeeded;
  private long windowOffset;
  /** A job is waiting or running. */
  private boolean pending;
  private boolean stopping;
  private Throwable failure;

  WriteBehind(OutputStream out) {
    this.out = out;
  }

  /**
   * Waits until the previous window is written, then queues {@code b[0, length)}. The caller must
   * not modify {@code b} until a later {@code submit} or {@code awaitIdle} returned.
   */
  synchronized void submit(byte[] b, int length, long expectedAdler, boolean zeroSeeded, long windowOffset)
      throws IOException {
    awaitIdle();
    this.buf = b;
    this.length = length;
    this.expectedAdler = expectedAdler;
    this.zeroSeeded = zeroSeeded;
    this.windowOffset = windowOffset;
    this.pending = true;
    if (thread == null) {
      thread = new Thread(this, "deltaglider-vcdiff-writer");
      thread.setDaemon(true);
      thread.start();
    } else {
      notifyAll();
    }
  }

  /** Waits until every submitted window is written; throws the first failure, if any. */
  synchronized void awaitIdle() throws IOException {
    while (pending) {
      try {
        wait();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while waiting for the target to be written");
      }
    }
    if (failure != null) {
      rethrow(failure);
    }
  }

  private static void rethrow(Throwable t) throws IOException {
    if (t instanceof IOException) {
      throw (IOException) t;
    }
    if (t instanceof RuntimeException) {
      throw (RuntimeException) t;
    }
    if (t instanceof Error) {
      throw (Error) t;
    }
    throw new IOException("writing the target failed", t);
  }

  /** Stops the helper thread after the job in hand, if any, and waits for it. Never throws. */
  void close() {
    Thread t;
    synchronized (this) {
      stopping = true;
      notifyAll();
      t = thread;
    }
    if (t == null) {
      return;
    }
    boolean interrupted = false;
    while (true) {
      try {
        t.join();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void run() {
    while (true) {
      byte[] b;
      int n;
      long expected;
      boolean zero;
      long offset;
      synchronized (this) {
        while (!pending && !stopping) {
          try {
            wait();
          } catch (InterruptedException e) {
            // only close() ends this thread
          }
        }
        if (!pending) {
          return;
        }
        b = buf;
        n = length;
        expected = expectedAdler;
        zero = zeroSeeded;
        offset = windowOffset;
      }
      Throwable thrown = null;
      try {
        TargetSink.verify(b, 0, n, expected, zero, offset);
        out.write(b, 0, n);
      } catch (Throwable e) {
        thrown = e;
      }
      synchronized (this) {
        if (thrown != null && failure == null) {
          failure = thrown;
        }
        buf = null;
        pending = false;
        notifyAll();
      }
    }
  }
}
