package io.deltaglider.spi;

import java.util.Objects;

/**
 * One listing request to a backend, with ListObjectsV2 meaning: keys under {@code prefix} in
 * ascending UTF-8 byte order, strictly after {@code startAfter}; with a {@code delimiter}, keys
 * holding it after the prefix roll up into common prefixes (each reported once, counted against
 * {@code maxKeys}); {@code continuationToken} (from the previous page) resumes a listing.
 */
public final class BlobQuery {
  private final String prefix;
  private final String delimiter;
  private final String startAfter;
  private final String continuationToken;
  private final int maxKeys;

  private BlobQuery(String prefix, String delimiter, String startAfter, String continuationToken, int maxKeys) {
    this.prefix = Objects.requireNonNull(prefix, "prefix");
    this.delimiter = delimiter == null || delimiter.isEmpty() ? null : delimiter;
    this.startAfter = startAfter == null || startAfter.isEmpty() ? null : startAfter;
    this.continuationToken = continuationToken;
    if (maxKeys < 1) {
      throw new IllegalArgumentException("maxKeys must be positive, got " + maxKeys);
    }
    this.maxKeys = maxKeys;
  }

  /**
   * A query with every field given; a null or empty delimiter or {@code startAfter} means none.
   *
   * @param prefix the key prefix, {@code ""} for all keys (not null)
   * @param delimiter where keys roll up into common prefixes, or {@code null}
   * @param startAfter list only keys after this one, or {@code null}
   * @param continuationToken the previous page's token, or {@code null} for the first page
   * @param maxKeys the most objects plus common prefixes one page returns
   * @throws NullPointerException if {@code prefix} is null
   * @throws IllegalArgumentException if {@code maxKeys} is below 1
   */
  public static BlobQuery of(String prefix, String delimiter, String startAfter, String continuationToken, int maxKeys) {
    return new BlobQuery(prefix, delimiter, startAfter, continuationToken, maxKeys);
  }

  /** Everything under a prefix, no delimiter, in pages of 1000. */
  public static BlobQuery under(String prefix) {
    return new BlobQuery(prefix, null, null, null, 1000);
  }

  /** The same query resuming at {@code token} (a page's next continuation token). */
  public BlobQuery withContinuationToken(String token) {
    return new BlobQuery(prefix, delimiter, startAfter, token, maxKeys);
  }

  /** Only keys starting with this are listed; {@code ""} for all. Never null. */
  public String prefix() {
    return prefix;
  }

  /** {@code null} for a flat listing. */
  public String delimiter() {
    return delimiter;
  }

  /** {@code null} to start at the beginning. */
  public String startAfter() {
    return startAfter;
  }

  /** {@code null} for the first page. */
  public String continuationToken() {
    return continuationToken;
  }

  /** The most objects plus common prefixes one page may return; at least 1. */
  public int maxKeys() {
    return maxKeys;
  }
}
