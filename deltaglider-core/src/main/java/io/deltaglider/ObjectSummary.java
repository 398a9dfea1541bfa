package io.deltaglider;

import java.time.Instant;

/**
 * A listed object: its key, stored form, sizes, time and ETags. What a listing knows without
 * reading metadata (S3's ListObjectsV2 carries none) is always here: the stored size and ETag,
 * the form as the key says it ({@code .delta} or whole), the last-modified time. The original
 * size and the object's own ETag come from metadata: from the listing itself on backends whose
 * listings include it (local directories, memory), else only in a detailed listing
 * ({@link DeltaStore#listDetailed}); otherwise {@link #size()} is -1 for deltas and
 * {@link #etag()} null.
 */
public final class ObjectSummary {
  private final String key;
  private final StoredForm form;
  private final long size;
  private final long storedSize;
  private final Instant lastModified;
  private final String etag;
  private final String storedEtag;

  ObjectSummary(String key, StoredForm form, long size, long storedSize, Instant lastModified, String etag,
      String storedEtag) {
    this.key = key;
    this.form = form;
    this.size = size;
    this.storedSize = storedSize;
    this.lastModified = lastModified;
    this.etag = etag;
    this.storedEtag = storedEtag;
  }

  /** The user key ({@code .delta} stripped). */
  public String key() {
    return key;
  }

  /**
   * How the object is stored: {@link StoredForm#DELTA} for a {@code .delta} key, else whole:
   * {@link StoredForm#PLAIN} when its metadata was read and has no DeltaGlider digest, otherwise
   * {@link StoredForm#PASSTHROUGH}.
   */
  public StoredForm form() {
    return form;
  }

  /**
   * Original size: from the metadata when the listing had it; a whole object's stored size
   * otherwise; -1 for a delta whose metadata was not read (or does not say).
   */
  public long size() {
    return size;
  }

  /** Bytes the backend holds for the object itself (its delta, or the whole object); the reference is not counted. */
  public long storedSize() {
    return storedSize;
  }

  /** When the backend last wrote it, or null if unknown. */
  public Instant lastModified() {
    return lastModified;
  }

  /**
   * The object's ETag as {@link ObjectInfo#etag()} gives it (the MD5 of the original bytes, or the
   * backend's ETag for a {@link StoredForm#PLAIN} object), or null when the listing did not read
   * the metadata it comes from.
   */
  public String etag() {
    return etag;
  }

  /**
   * The backend's ETag of what it stores for the object (for a delta: of the delta's bytes), from
   * the listing itself, unquoted; null if the backend has none.
   */
  public String storedEtag() {
    return storedEtag;
  }

  @Override
  public String toString() {
    return key + " (" + form + ", " + size + " -> " + storedSize + ")";
  }
}
