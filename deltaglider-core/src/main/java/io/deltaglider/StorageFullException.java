package io.deltaglider;

/** The storage has no space left; nothing partial was left visible. */
public class StorageFullException extends DeltaStoreException {
  private static final long serialVersionUID = 1L;

  public StorageFullException(String message, Throwable cause) {
    super(message, cause);
  }
}
