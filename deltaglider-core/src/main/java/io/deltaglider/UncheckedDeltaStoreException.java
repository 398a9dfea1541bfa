package io.deltaglider;

/**
 * A {@link DeltaStoreException} as an unchecked exception, thrown by {@link UncheckedDeltaStore};
 * {@link #getCause()} is the original, whose type says what went wrong.
 */
public final class UncheckedDeltaStoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Wraps {@code cause}, taking over its message. */
  public UncheckedDeltaStoreException(DeltaStoreException cause) {
    super(cause.getMessage(), cause);
  }

  @Override
  public synchronized DeltaStoreException getCause() {
    return (DeltaStoreException) super.getCause();
  }
}
