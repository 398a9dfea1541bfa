package io.deltaglider.spi;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/** What a backend knows about one raw stored object. */
public final class BlobInfo {
  private final String key;
  private final long size;
  private final Map<String, String> metadata;
  private final Instant lastModified;
  private final String etag;
  private final boolean metadataIncluded;

  /**
   * Describes one stored object.
   *
   * @param key the raw key, as stored (not null)
   * @param size the stored bytes
   * @param metadata the object's metadata ({@code dg-*} names without any transport prefix); empty
   *     in listings from backends that do not return metadata there; copied
   * @param lastModified when it was stored, or {@code null} if the backend does not say
   */
  public BlobInfo(String key, long size, Map<String, String> metadata, Instant lastModified) {
    this(key, size, metadata, lastModified, null, true);
  }

  /**
   * Describes one stored object, with the backend's entity tag.
   *
   * @param etag the backend's entity tag without quotes (S3: the MD5 of a single-part upload's
   *     bytes, or a multipart tag ending in {@code -N}), or {@code null} if it has none
   */
  public BlobInfo(String key, long size, Map<String, String> metadata, Instant lastModified, String etag) {
    this(key, size, metadata, lastModified, etag, true);
  }

  private BlobInfo(String key, long size, Map<String, String> metadata, Instant lastModified, String etag,
      boolean metadataIncluded) {
    this.key = Objects.requireNonNull(key, "key");
    this.size = size;
    this.metadata = Map.copyOf(metadata);
    this.lastModified = lastModified;
    this.etag = etag;
    this.metadataIncluded = metadataIncluded;
  }

  /**
   * An object as a listing describes it when listings carry no metadata (S3's ListObjectsV2):
   * {@link #metadataIncluded()} is false and {@link #metadata()} empty; a {@code head} tells more.
   */
  public static BlobInfo listed(String key, long size, Instant lastModified, String etag) {
    return new BlobInfo(key, size, Map.of(), lastModified, etag, false);
  }

  /** The raw key, as the backend stores it ({@code .delta} and {@code reference.bin} names included). */
  public String key() {
    return key;
  }

  /** Stored bytes. */
  public long size() {
    return size;
  }

  /** The object's metadata by {@code dg-*} name; empty when a listing did not include it. Unmodifiable. */
  public Map<String, String> metadata() {
    return metadata;
  }

  /** When it was stored, or {@code null} if the backend does not say. */
  public Instant lastModified() {
    return lastModified;
  }

  /** The backend's entity tag (S3's ETag, unquoted), or {@code null} if it has none. */
  public String etag() {
    return etag;
  }

  /**
   * Whether {@link #metadata()} is the object's metadata; false for a listing entry of a backend
   * whose listings carry none, where an empty map says nothing about the object.
   */
  public boolean metadataIncluded() {
    return metadataIncluded;
  }

  @Override
  public String toString() {
    return "BlobInfo[" + key + ", " + size + " bytes, " + metadata.size() + " metadata entries]";
  }
}
