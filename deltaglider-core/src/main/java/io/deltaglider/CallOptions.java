package io.deltaglider;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Per-call controls of a put or get: a {@link ProgressListener}, a deadline, a
 * {@link CancellationToken}. Immutable; {@link #none()} has none of them. A call past its
 * deadline or cancelled stops at its next check with {@link OperationCancelledException}, and
 * leaves nothing visible (see there). The checks run between pieces of content read, encoded or
 * decoded, while waiting for a codec slot, and before each write to the backend; a single backend
 * request already under way is not cut short (backends have their own timeouts).
 */
public final class CallOptions {
  private static final CallOptions NONE = new CallOptions(null, null, null, null);

  private final ProgressListener progress;
  private final Instant deadline;
  private final Duration timeout;
  private final CancellationToken cancellation;

  private CallOptions(ProgressListener progress, Instant deadline, Duration timeout, CancellationToken cancellation) {
    this.progress = progress;
    this.deadline = deadline;
    this.timeout = timeout;
    this.cancellation = cancellation;
  }

  /** No progress listener, no deadline, no token (an interrupt still stops a call). */
  public static CallOptions none() {
    return NONE;
  }

  /** A copy that reports progress to {@code listener}. */
  public CallOptions withProgress(ProgressListener listener) {
    return new CallOptions(Objects.requireNonNull(listener, "listener"), deadline, timeout, cancellation);
  }

  /** A copy whose calls stop at {@code deadline} (system clock), replacing any timeout. */
  public CallOptions withDeadline(Instant deadline) {
    return new CallOptions(progress, Objects.requireNonNull(deadline, "deadline"), null, cancellation);
  }

  /**
   * A copy whose calls may each take {@code timeout} from when they start, replacing any deadline.
   *
   * @throws IllegalArgumentException if it is negative
   */
  public CallOptions withTimeout(Duration timeout) {
    if (timeout.isNegative()) {
      throw new IllegalArgumentException("timeout must not be negative: " + timeout);
    }
    return new CallOptions(progress, null, timeout, cancellation);
  }

  /** A copy cancelled by {@code token}. */
  public CallOptions withCancellation(CancellationToken token) {
    return new CallOptions(progress, deadline, timeout, Objects.requireNonNull(token, "token"));
  }

  /** The progress listener, or null. */
  public ProgressListener progress() {
    return progress;
  }

  /** The deadline, or null (see also {@link #timeout()}). */
  public Instant deadline() {
    return deadline;
  }

  /** The timeout of each call, or null. */
  public Duration timeout() {
    return timeout;
  }

  /** The cancellation token, or null. */
  public CancellationToken cancellation() {
    return cancellation;
  }

  /** Whether this has nothing set, so a call needs no checks beyond interrupts. */
  boolean isNone() {
    return progress == null && deadline == null && timeout == null && cancellation == null;
  }
}
