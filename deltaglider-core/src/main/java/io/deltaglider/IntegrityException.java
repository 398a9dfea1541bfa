package io.deltaglider;

/**
 * Stored bytes do not hash to the SHA-256 their metadata records (or cannot be reconstructed):
 * nothing of the object was handed to the caller.
 */
public class IntegrityException extends DeltaStoreException {
  private static final long serialVersionUID = 1L;
  /** The key that failed the check. */
  private final String key;
  /** The digest the metadata records; null unless the failure was a digest mismatch. */
  private final String expectedSha256;
  /** The digest of the bytes found; null unless the failure was a digest mismatch. */
  private final String actualSha256;

  /**
   * A mismatch: the bytes read do not hash to the digest recorded for them (or are not the size
   * recorded).
   *
   * @param key the key that failed: a user key, or the raw key of a reference
   * @param expectedSha256 the hex SHA-256 the metadata records
   * @param actualSha256 the hex SHA-256 of the bytes found
   */
  public IntegrityException(String key, String expectedSha256, String actualSha256) {
    super("integrity check failed for " + key + ": expected SHA-256 " + expectedSha256 + ", got " + actualSha256);
    this.key = key;
    this.expectedSha256 = expectedSha256;
    this.actualSha256 = actualSha256;
  }

  /**
   * A failure other than a digest mismatch (a missing reference, a delta that does not decode or
   * outgrows its size, metadata with no digest or belonging to another key); both digests are
   * {@code null}.
   *
   * @param key the key that failed: a user key, or the raw key of a reference
   * @param message what is wrong with it
   * @param cause the underlying failure, or {@code null} if none
   */
  public IntegrityException(String key, String message, Throwable cause) {
    super("integrity check failed for " + key + ": " + message, cause);
    this.key = key;
    this.expectedSha256 = null;
    this.actualSha256 = null;
  }

  /** The key that failed: the user key that was read, or the raw key of a reference that failed its own check. */
  public String key() {
    return key;
  }

  /** The digest the metadata records, or {@code null} when the failure was not a digest mismatch. */
  public String expectedSha256() {
    return expectedSha256;
  }

  /** The digest of the bytes found, or {@code null} when the failure was not a digest mismatch. */
  public String actualSha256() {
    return actualSha256;
  }
}
