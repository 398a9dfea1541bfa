package io.deltaglider.spi;

import java.util.List;

/** One page of a backend listing. */
public final class BlobPage {
  private final List<BlobInfo> objects;
  private final List<String> commonPrefixes;
  private final String nextContinuationToken;

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

  public boolean isTruncated() {
    return nextContinuationToken != null;
  }
}
