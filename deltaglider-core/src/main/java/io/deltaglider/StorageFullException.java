package io.deltaglider;

/** The storage has no space left; nothing partial was left visible. */
public class StorageFullException extends DeltaStoreException {
  private static final long serialVersionUID = 1L;

  /**
   * A write refused for lack of space.
   *
   * @param message what was being done when space ran out
   * @param cause the underlying I/O failure the backend reported
   */
  public StorageFullException(String message, Throwable cause) {
    super(message, cause);
  }
}
