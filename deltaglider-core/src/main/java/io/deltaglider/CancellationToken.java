package io.deltaglider;

/**
 * Cancels the calls it is given to ({@link CallOptions#withCancellation}): after {@link #cancel()}
 * they stop at their next check (between pieces of content read, encoded or decoded, and before
 * each write to the backend) with {@link OperationCancelledException}. Thread-safe; one token may
 * cancel many calls. Interrupting the calling thread cancels a call too.
 */
public final class CancellationToken {
  private volatile boolean cancelled;

  /** Cancels every call given this token, now and later. */
  public void cancel() {
    cancelled = true;
  }

  /** Whether {@link #cancel()} was called. */
  public boolean isCancelled() {
    return cancelled;
  }
}
