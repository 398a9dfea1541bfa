package io.deltaglider.proxy;

import io.deltaglider.ListPage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Buckets of a store that is not a local directory (an S3 bucket, memory): the top-level key
 * prefixes. A bucket there is nothing but the keys under it, so every usable name is a bucket
 * (an empty one until something is stored), and buckets are neither created nor removed.
 */
final class PrefixBuckets implements Buckets {
  private static final int MAX_LISTED = 10_000;

  private final StoreAccess store;

  PrefixBuckets(StoreAccess store) {
    this.store = store;
  }

  @Override
  public List<Bucket> list() {
    List<Bucket> out = new ArrayList<>();
    String token = null;
    do {
      ListPage page = store.list("", "/", null, token, 1000);
      for (String p : page.commonPrefixes()) {
        String name = p.substring(0, p.length() - 1);
        if (BucketNames.usable(name) && out.size() < MAX_LISTED) {
          out.add(new Bucket(name, Instant.EPOCH));
        }
      }
      token = page.nextContinuationToken();
    } while (token != null && out.size() < MAX_LISTED);
    return out;
  }

  @Override
  public boolean exists(String name) {
    return BucketNames.usable(name);
  }

  @Override
  public void create(String name) {
    BucketNames.checkNew(name);
    throw new S3Exception(S3ErrorCode.NOT_IMPLEMENTED, "Buckets are created on local directory stores only; here "
        + "every bucket name is usable as it is");
  }

  @Override
  public void delete(String name) {
    throw new S3Exception(S3ErrorCode.NOT_IMPLEMENTED, "Buckets are removed on local directory stores only");
  }
}
