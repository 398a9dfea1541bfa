package io.deltaglider;

/**
 * A put's content changed while it was being stored (a file rewritten under a running put): the
 * bytes read no longer match the size or SHA-256 recorded for them. Nothing was stored, and the
 * previous version of the key, if any, is still there.
 */
public class ContentChangedException extends DeltaStoreException {
  private static final long serialVersionUID = 1L;

  public ContentChangedException(String message) {
    super(message);
  }

  public ContentChangedException(String message, Throwable cause) {
    super(message, cause);
  }
}
