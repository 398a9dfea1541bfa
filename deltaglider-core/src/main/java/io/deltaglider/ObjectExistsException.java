package io.deltaglider;

/** A create-if-absent found the key already taken (used for references, so two writers cannot both make one). */
public class ObjectExistsException extends DeltaStoreException {
  private static final long serialVersionUID = 1L;

  /**
   * A create-if-absent that found its key taken.
   *
   * @param key the raw key already holding an object
   */
  public ObjectExistsException(String key) {
    super("object already exists: " + key);
  }
}
