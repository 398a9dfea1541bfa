package io.deltaglider;

/** The object is larger than the store's configured maximum. */
public class ObjectTooLargeException extends DeltaStoreException {
  private static final long serialVersionUID = 1L;

  public ObjectTooLargeException(String key, long size, long limit) {
    super("object " + key + " is " + size + " bytes, over the limit of " + limit);
  }
}
