package io.deltaglider.spi;

import java.util.List;

/** One page of a backend listing. */
public final class BlobPage {
  private final List<BlobInfo> objects;
  private final List<String> commonPrefixes;
  private final String nextContinuationToken;

  /**
   * One page of a listing; both lists are copied and must not hold nulls.
   *
   * @param objects the objects, in ascending UTF-8 byte order of their keys
   * @param commonPrefixes the rolled-up prefixes, ascending
   * @param nextContinuationToken the token for the next page, or {@code null} if this is the last
   */
  public BlobPage(List<BlobInfo> objects, List<String> commonPrefixes, String nextContinuationToken) {
    this.objects = List.copyOf(objects);
    this.commonPrefixes = List.copyOf(commonPrefixes);
    this.nextContinuationToken = nextContinuationToken;
  }

  /** Objects in ascending UTF-8 byte order of their keys. */
  public List<BlobInfo> objects() {
    return objects;
  }

  /** Rolled-up prefixes (each ending with the delimiter), ascending. */
  public List<String> commonPrefixes() {
    return commonPrefixes;
  }

  /** Token for the next page, or {@code null} if this is the last. */
  public String nextContinuationToken() {
    return nextContinuationToken;
  }

  /** True if more follows: list again with {@link #nextContinuationToken()}. */
  public boolean isTruncated() {
    return nextContinuationToken != null;
  }
}
