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
    this.key = Objects.requireNonNull(key, "key");
    this.size = size;
    this.metadata = Map.copyOf(metadata);
    this.lastModified = lastModified;
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

  @Override
  public String toString() {
    return "BlobInfo[" + key + ", " + size + " bytes, " + metadata.size() + " metadata entries]";
  }
}
