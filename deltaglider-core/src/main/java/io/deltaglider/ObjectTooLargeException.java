package io.deltaglider;

/**
 * The object is larger than a limit: the policy's {@link DeltaPolicy#maxObjectSize()} (puts and
 * copies), what one byte array can hold ({@link DeltaStore#get}), or a backend's own maximum.
 */
public class ObjectTooLargeException extends DeltaStoreException {
  private static final long serialVersionUID = 1L;

  /**
   * An object over a size limit.
   *
   * @param key the object's key
   * @param size its size in bytes (for a stream, the bytes read when the limit was passed)
   * @param limit the largest size allowed, in bytes
   */
  public ObjectTooLargeException(String key, long size, long limit) {
    super("object " + key + " is " + size + " bytes, over the limit of " + limit);
  }
}
