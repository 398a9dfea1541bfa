package io.deltaglider.encryption;

import io.deltaglider.IntegrityException;

/**
 * An object could not be decrypted and authenticated: nothing of it beyond the segments that did
 * authenticate was returned. An {@link IntegrityException}, so the store reports it as it reports a
 * digest mismatch (and reads again only if the object changed meanwhile).
 */
public class DecryptionException extends IntegrityException {
  private static final long serialVersionUID = 1L;

  /** Why an object could not be decrypted. */
  public enum Reason {
    /**
     * The ciphertext does not authenticate under the object's raw key and metadata: it was altered,
     * encrypted with another key of the same id, moved from another key, or its metadata was edited.
     */
    AUTHENTICATION_FAILED,
    /** The object names a key id the key set does not hold (or holds disabled). */
    UNKNOWN_KEY,
    /** The stored length is not the ciphertext length of the recorded plaintext size: truncated or extended. */
    SIZE_MISMATCH,
    /** The object carries no encryption metadata: it was not written through the decorator. */
    NOT_ENCRYPTED,
    /** Its encryption metadata names an unknown scheme or holds an invalid key id or size. */
    MALFORMED_METADATA
  }

  private final Reason reason;

  /**
   * A failure to decrypt the object stored under {@code rawKey}.
   *
   * @param rawKey the raw key of the object, as the backend stores it
   * @param reason why
   * @param message what exactly is wrong
   * @param cause the underlying failure, or {@code null}
   */
  public DecryptionException(String rawKey, Reason reason, String message, Throwable cause) {
    super(rawKey, message, cause);
    this.reason = reason;
  }

  /** Why the object could not be decrypted. */
  public Reason reason() {
    return reason;
  }
}
