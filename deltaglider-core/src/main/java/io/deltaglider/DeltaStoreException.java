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

  public DeltaStoreException(String message) {
    super(message);
  }

  public DeltaStoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
