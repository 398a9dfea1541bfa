package io.deltaglider;

/** The storage backend failed (I/O error, server unreachable, access denied, ...). */
public class BackendException extends DeltaStoreException {
  private static final long serialVersionUID = 1L;

  /**
   * A backend failure without an underlying exception.
   *
   * @param message what failed, naming the key or path involved
   */
  public BackendException(String message) {
    super(message);
  }

  /**
   * A backend failure caused by another exception (typically an {@link java.io.IOException} or an
   * SDK exception).
   *
   * @param message what failed, naming the key or path involved
   * @param cause the underlying failure
   */
  public BackendException(String message, Throwable cause) {
    super(message, cause);
  }
}
