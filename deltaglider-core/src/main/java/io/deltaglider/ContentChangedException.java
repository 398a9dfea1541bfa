package io.deltaglider;

/**
 * A put's content changed while it was being stored (a file rewritten under a running put): the
 * bytes read no longer match the size or SHA-256 recorded for them. Nothing was stored, and the
 * previous version of the key, if any, is still there.
 */
public class ContentChangedException extends DeltaStoreException {
  private static final long serialVersionUID = 1L;

  /**
   * A change noticed by comparing what was read with what was recorded.
   *
   * @param message what changed (grew, shrank, or no longer matches its SHA-256)
   */
  public ContentChangedException(String message) {
    super(message);
  }

  /**
   * A change reported through another exception, such as a backend's wrapping the original.
   *
   * @param message which put failed and how its content changed
   * @param cause the exception that reported the change
   */
  public ContentChangedException(String message, Throwable cause) {
    super(message, cause);
  }
}
