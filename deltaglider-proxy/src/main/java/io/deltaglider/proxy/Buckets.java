package io.deltaglider.proxy;

import java.time.Instant;
import java.util.List;

/** The gateway's buckets: how bucket names map to the store's key space. */
interface Buckets {
  /** The buckets, by name in ascending order. */
  List<Bucket> list();

  /** Whether a bucket of this name exists (a name no bucket can have does not). */
  boolean exists(String name);

  /** Makes a bucket; {@code BucketAlreadyOwnedByYou}, {@code InvalidBucketName} or {@code NotImplemented}. */
  void create(String name);

  /** Removes an empty bucket; {@code NoSuchBucket}, {@code BucketNotEmpty} or {@code NotImplemented}. */
  void delete(String name);

  /** A bucket as ListBuckets shows it. */
  record Bucket(String name, Instant created) {}
}
