package io.deltaglider;

/**
 * A call stopped before it finished, by its {@link CancellationToken}, its deadline or an
 * interrupt of its thread (whose interrupt flag is then kept set). Nothing the call was writing is
 * visible: a put stored nothing and left the previous version in place; a get wrote no output.
 */
public final class OperationCancelledException extends DeltaStoreException {
  private static final long serialVersionUID = 1L;

  /** What stopped the call. */
  public enum Reason {
    /** Its {@link CancellationToken} was cancelled. */
    CANCELLED,
    /** Its deadline ({@link CallOptions#withDeadline}, {@link CallOptions#withTimeout}) passed. */
    DEADLINE_EXCEEDED,
    /** Its thread was interrupted. */
    INTERRUPTED
  }

  private final Reason reason;

  /**
   * @param what the call, for the message
   * @param reason what stopped it
   */
  public OperationCancelledException(String what, Reason reason) {
    super(what + ": " + switch (reason) {
      case CANCELLED -> "cancelled";
      case DEADLINE_EXCEEDED -> "deadline exceeded";
      case INTERRUPTED -> "interrupted";
    });
    this.reason = reason;
  }

  /** What stopped the call. */
  public Reason reason() {
    return reason;
  }
}
