package io.deltaglider;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.util.concurrent.TimeUnit;

/**
 * The {@link CallOptions} of the put or get running on this thread, where the engines check them:
 * set by {@link DeltaStore} for the length of a call, so the checks need no parameter threaded
 * through every engine. A call without options gets {@link #NONE}, whose checks cost a
 * thread-local read and a comparison. Not thread-safe: a scope belongs to its thread.
 */
final class CallScope implements AutoCloseable {
  private static final ThreadLocal<CallScope> CURRENT = new ThreadLocal<>();
  private static final CallScope NONE = new CallScope("", CallOptions.none(), null);

  private final String what;
  private final ProgressListener progress;
  private final CancellationToken token;
  /** {@link System#nanoTime()} at which the call must stop, or {@code Long.MAX_VALUE}. */
  private final long deadline;
  private final boolean hasDeadline;
  private final CallScope outer;
  private long reported;
  private long total = -1;

  private CallScope(String what, CallOptions o, CallScope outer) {
    this.what = what;
    this.progress = o.progress();
    this.token = o.cancellation();
    this.outer = outer;
    long now = System.nanoTime();
    if (o.timeout() != null) {
      deadline = now + Math.min(o.timeout().toNanos(), Long.MAX_VALUE / 4);
    } else if (o.deadline() != null) {
      long left = java.time.Duration.between(Clock.systemUTC().instant(), o.deadline()).toNanos();
      deadline = now + Math.max(-1, Math.min(left, Long.MAX_VALUE / 4));
    } else {
      deadline = Long.MAX_VALUE;
    }
    hasDeadline = deadline != Long.MAX_VALUE;
  }

  /** Makes {@code options} the current call's on this thread until {@link #close()}; checks them once. */
  static CallScope enter(String what, CallOptions options) throws OperationCancelledException {
    CallScope s = new CallScope(what, options, CURRENT.get());
    CURRENT.set(s);
    try {
      s.check();
    } catch (OperationCancelledException e) {
      s.close();
      throw e;
    }
    return s;
  }

  /** The scope of the call running on this thread, or one that checks nothing. */
  static CallScope current() {
    CallScope s = CURRENT.get();
    return s != null ? s : NONE;
  }

  @Override
  public void close() {
    if (this == NONE) {
      return;
    }
    if (outer != null) {
      CURRENT.set(outer);
    } else {
      CURRENT.remove();
    }
  }

  /** Throws if the call was cancelled, is past its deadline, or its thread was interrupted (flag kept). */
  void check() throws OperationCancelledException {
    if (this == NONE) {
      return;
    }
    if (token != null && token.isCancelled()) {
      throw new OperationCancelledException(what, OperationCancelledException.Reason.CANCELLED);
    }
    if (hasDeadline && System.nanoTime() - deadline >= 0) {
      throw new OperationCancelledException(what, OperationCancelledException.Reason.DEADLINE_EXCEEDED);
    }
    if (Thread.currentThread().isInterrupted()) {
      throw new OperationCancelledException(what, OperationCancelledException.Reason.INTERRUPTED);
    }
  }

  /** Nanoseconds left before the deadline (at least 0), or {@code Long.MAX_VALUE} without one. */
  long remainingNanos() {
    return hasDeadline ? Math.max(0, deadline - System.nanoTime()) : Long.MAX_VALUE;
  }

  /** The size of the object, once known, for the listener's {@code total}. */
  void total(long size) {
    total = size;
  }

  /** Reports {@code bytes} done if more than reported before (several passes over one content count once). */
  void reached(long bytes) {
    if (progress != null && bytes > reported) {
      reported = bytes;
      progress.progress(bytes, total);
    }
  }

  /** {@code in}, checked before each read and reporting its position as progress. */
  InputStream watch(InputStream in) {
    if (this == NONE) {
      return in;
    }
    return new FilterInputStream(in) {
      private long position;

      @Override
      public int read() throws IOException {
        check();
        int b = super.read();
        if (b >= 0) {
          reached(++position);
        }
        return b;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        check();
        int n = super.read(b, off, len);
        if (n > 0) {
          reached(position += n);
        }
        return n;
      }

      @Override
      public long skip(long n) throws IOException {
        check();
        long s = super.skip(n);
        position += s;
        return s;
      }
    };
  }

  /** {@code out}, checked before each write and reporting the bytes written as progress. */
  OutputStream watch(OutputStream out) {
    if (this == NONE) {
      return out;
    }
    return new FilterOutputStream(out) {
      private long position;

      @Override
      public void write(int b) throws IOException {
        check();
        out.write(b);
        reached(++position);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        // A decoder hands over a whole window (megabytes) at once: piece by piece, the call is
        // checked and its progress reported as the bytes go out, not once per window.
        for (int done = 0; done < len || len == 0; ) {
          check();
          int n = Math.min(len - done, 1 << 20);
          out.write(b, off + done, n);
          reached(position += n);
          done += n;
          if (len == 0) {
            break;
          }
        }
      }
    };
  }

  /** Waits up to the deadline for a permit; false if the deadline passed first. */
  boolean await(java.util.concurrent.Semaphore permits) throws InterruptedException {
    if (!hasDeadline) {
      permits.acquire();
      return true;
    }
    return permits.tryAcquire(remainingNanos(), TimeUnit.NANOSECONDS);
  }
}
