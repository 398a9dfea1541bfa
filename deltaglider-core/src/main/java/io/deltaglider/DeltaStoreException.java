package io.deltaglider;

import java.io.IOException;

/**
 * Base of every checked exception the store and its backends raise. Subclasses say what went
 * wrong so callers can react: {@link ObjectNotFoundException}, {@link IntegrityException},
 * {@link InvalidKeyException}, {@link ObjectTooLargeException}, {@link StorageFullException},
 * {@link ObjectExistsException}, {@link BackendException}.
 */
public class DeltaStoreException extends IOException {
  private static final long serialVersionUID = 1L;

  /**
   * An exception without an underlying cause.
   *
   * @param message what failed
   */
  public DeltaStoreException(String message) {
    super(message);
  }

  /**
   * An exception caused by another.
   *
   * @param message what failed
   * @param cause the underlying failure, or {@code null} if none
   */
  public DeltaStoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
