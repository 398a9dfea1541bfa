package io.deltaglider;

/** No object is stored under the key. */
public class ObjectNotFoundException extends DeltaStoreException {
  private static final long serialVersionUID = 1L;
  private final String key;

  public ObjectNotFoundException(String key) {
    super("no such object: " + key);
    this.key = key;
  }

  public String key() {
    return key;
  }
}
