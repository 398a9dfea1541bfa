package io.deltaglider;

import java.time.Instant;
import java.util.Map;

/** An object's description from its metadata, without reading its bytes. */
public final class ObjectInfo {
  private final String key;
  private final StoredForm form;
  private final long size;
  private final long storedSize;
  private final String sha256;
  private final Instant createdAt;
  private final String contentType;
  private final Map<String, String> userMetadata;
  private final String etag;

  ObjectInfo(String key, StoredForm form, long size, long storedSize, String sha256, Instant createdAt,
      String contentType, Map<String, String> userMetadata, String etag) {
    this.key = key;
    this.form = form;
    this.size = size;
    this.storedSize = storedSize;
    this.sha256 = sha256;
    this.createdAt = createdAt;
    this.contentType = contentType;
    this.userMetadata = Map.copyOf(userMetadata);
    this.etag = etag;
  }

  /** The user key, as given to {@link DeltaStore#head} or {@link DeltaStore#copyTo}. */
  public String key() {
    return key;
  }

  /** Whether the object is stored as a delta against its deltaspace's reference or whole. */
  public StoredForm form() {
    return form;
  }

  /** Original size in bytes, or -1 if the metadata does not say. */
  public long size() {
    return size;
  }

  /** Bytes the backend holds for the object itself (its delta, or the whole object); the reference is not counted. */
  public long storedSize() {
    return storedSize;
  }

  /** Hex SHA-256 of the original bytes (what every read is verified against), or null if missing. */
  public String sha256() {
    return sha256;
  }

  /**
   * When it was stored, or null if the metadata does not say; for a {@link StoredForm#PLAIN} object
   * (no metadata of ours) the backend's last-modified time.
   */
  public Instant createdAt() {
    return createdAt;
  }

  /** Content type given at put, or null. */
  public String contentType() {
    return contentType;
  }

  /**
   * The object's ETag, unquoted: the lower-case hex MD5 of its original bytes ({@code dg-md5},
   * what the DeltaGlider proxy serves as the ETag) whatever its stored form; for a
   * {@link StoredForm#PLAIN} object, which has no such metadata, the backend's ETag (S3's). Null
   * when there is neither (objects written by tools that did not record {@code dg-md5}). What
   * {@link DeltaStore#delete(String, String)} compares against.
   */
  public String etag() {
    return etag;
  }

  /** User metadata stored beside the object ({@code dg-user-NAME} entries), by NAME; empty if none, unmodifiable. */
  public Map<String, String> userMetadata() {
    return userMetadata;
  }

  @Override
  public String toString() {
    return "ObjectInfo[" + key + ", " + form + ", " + size + " bytes (" + storedSize + " stored), sha256=" + sha256 + ", etag=" + etag + "]";
  }
}
