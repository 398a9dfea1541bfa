package io.deltaglider;

/** No object is stored under the key. */
public class ObjectNotFoundException extends DeltaStoreException {
  private static final long serialVersionUID = 1L;
  /** The key that was looked up. */
  private final String key;

  /**
   * A lookup that found nothing.
   *
   * @param key the key looked up: a user key when the store throws this, a raw key when a backend does
   */
  public ObjectNotFoundException(String key) {
    super("no such object: " + key);
    this.key = key;
  }

  /** The key that was looked up: a user key from the store, a raw key from a backend. */
  public String key() {
    return key;
  }
}
