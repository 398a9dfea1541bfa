package io.deltaglider;

/**
 * Stored bytes do not hash to the SHA-256 their metadata records (or cannot be reconstructed):
 * nothing of the object was handed to the caller.
 */
public class IntegrityException extends DeltaStoreException {
  private static final long serialVersionUID = 1L;
  private final String key;
  private final String expectedSha256;
  private final String actualSha256;

  public IntegrityException(String key, String expectedSha256, String actualSha256) {
    super("integrity check failed for " + key + ": expected SHA-256 " + expectedSha256 + ", got " + actualSha256);
    this.key = key;
    this.expectedSha256 = expectedSha256;
    this.actualSha256 = actualSha256;
  }

  public IntegrityException(String key, String message, Throwable cause) {
    super("integrity check failed for " + key + ": " + message, cause);
    this.key = key;
    this.expectedSha256 = null;
    this.actualSha256 = null;
  }

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
