package io.deltaglider;

/**
 * A conditional operation found the object changed: {@link DeltaStore#delete(String, String)}
 * was given an ETag that is not the object's current one, and deleted nothing.
 */
public class PreconditionFailedException extends DeltaStoreException {
  private static final long serialVersionUID = 1L;
  private final String key;
  private final String expectedEtag;
  private final String actualEtag;

  /**
   * A refused conditional operation.
   *
   * @param key the user key
   * @param expectedEtag the ETag the caller required
   * @param actualEtag the object's current ETag, or null if it has none
   */
  public PreconditionFailedException(String key, String expectedEtag, String actualEtag) {
    super(key + ": the object's ETag is " + (actualEtag == null ? "unknown (no dg-md5)" : actualEtag)
        + ", not " + expectedEtag + "; it was changed since, and nothing was deleted");
    this.key = key;
    this.expectedEtag = expectedEtag;
    this.actualEtag = actualEtag;
  }

  /** The user key. */
  public String key() {
    return key;
  }

  /** The ETag the caller required. */
  public String expectedEtag() {
    return expectedEtag;
  }

  /** The object's current ETag, or null if it has none. */
  public String actualEtag() {
    return actualEtag;
  }
}
