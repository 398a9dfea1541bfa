package io.deltaglider;

import java.util.List;

/** One page of {@link DeltaStore#list}: user keys only (references hidden, {@code .delta} stripped). */
public final class ListPage {
  private final List<ObjectSummary> objects;
  private final List<String> commonPrefixes;
  private final String nextContinuationToken;

  ListPage(List<ObjectSummary> objects, List<String> commonPrefixes, String nextContinuationToken) {
    this.objects = List.copyOf(objects);
    this.commonPrefixes = List.copyOf(commonPrefixes);
    this.nextContinuationToken = nextContinuationToken;
  }

  /** The objects on this page, in ascending UTF-8 byte order of their user keys; unmodifiable. */
  public List<ObjectSummary> objects() {
    return objects;
  }

  /** Prefixes rolled up at the delimiter (each ending with it), ascending; empty without a delimiter. */
  public List<String> commonPrefixes() {
    return commonPrefixes;
  }

  /** Pass to the next {@code list} call to continue, or null when this is the last page. */
  public String nextContinuationToken() {
    return nextContinuationToken;
  }

  /** True if more keys follow: pass {@link #nextContinuationToken()} to the next {@code list} call. */
  public boolean isTruncated() {
    return nextContinuationToken != null;
  }
}
