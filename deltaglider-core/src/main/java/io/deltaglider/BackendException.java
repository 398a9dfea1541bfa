package io.deltaglider;

/** The storage backend failed (I/O error, server unreachable, access denied, ...). */
public class BackendException extends DeltaStoreException {
  private static final long serialVersionUID = 1L;

  public BackendException(String message) {
    super(message);
  }

  public BackendException(String message, Throwable cause) {
    super(message, cause);
  }
}
