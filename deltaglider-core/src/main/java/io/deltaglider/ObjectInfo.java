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

  ObjectInfo(String key, StoredForm form, long size, long storedSize, String sha256, Instant createdAt,
      String contentType, Map<String, String> userMetadata) {
    this.key = key;
    this.form = form;
    this.size = size;
    this.storedSize = storedSize;
    this.sha256 = sha256;
    this.createdAt = createdAt;
    this.contentType = contentType;
    this.userMetadata = Map.copyOf(userMetadata);
  }

  public String key() {
    return key;
  }

  public StoredForm form() {
    return form;
  }

  /** Original size in bytes, or -1 if the metadata does not say. */
  public long size() {
    return size;
  }

  public long storedSize() {
    return storedSize;
  }

  /** Hex SHA-256 of the original bytes (what every read is verified against), or null if missing. */
  public String sha256() {
    return sha256;
  }

  /** When it was stored, or null if the metadata does not say. */
  public Instant createdAt() {
    return createdAt;
  }

  /** Content type given at put, or null. */
  public String contentType() {
    return contentType;
  }

  public Map<String, String> userMetadata() {
    return userMetadata;
  }

  @Override
  public String toString() {
    return "ObjectInfo[" + key + ", " + form + ", " + size + " bytes (" + storedSize + " stored), sha256=" + sha256 + "]";
  }
}
