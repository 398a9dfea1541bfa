package io.deltaglider.proxy;

import java.util.Set;

/**
 * One access key the gateway accepts: its id, secret, and the buckets it may use (null: all).
 *
 * @param buckets the bucket names this key is limited to, or null for every bucket
 */
record AccessKey(String id, String secret, Set<String> buckets) {
  /** The principal of requests without credentials, when anonymous reads are allowed. */
  static final AccessKey ANONYMOUS = new AccessKey("anonymous", "", null);

  boolean mayUse(String bucket) {
    return buckets == null || buckets.contains(bucket);
  }

  boolean isAnonymous() {
    return this == ANONYMOUS;
  }

  @Override
  public String toString() {
    return "AccessKey[" + id + (buckets == null ? "" : ", buckets " + buckets) + "]"; // never the secret
  }
}
