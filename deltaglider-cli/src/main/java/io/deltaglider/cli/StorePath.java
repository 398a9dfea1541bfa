package io.deltaglider.cli;

import java.util.Locale;

/**
 * A key (or key prefix) in a store, as written on the command line: a bare key in the store of
 * {@code --store}, or {@code s3://BUCKET/KEY} as the DeltaGlider CLI writes it. With an S3 store
 * the latter is KEY in BUCKET (same endpoint and region); with a local store, whose top-level
 * directories play the buckets, it is the key {@code BUCKET/KEY}.
 *
 * @param location the store
 * @param key the key or prefix inside it ("" for the whole store or bucket)
 * @param bucket the bucket the path was written with, or null for a bare key (used to print keys back
 *     the way they were written)
 */
record StorePath(StoreLocation location, String key, String bucket) {

  static boolean isStorePath(String arg) {
    return arg.toLowerCase(Locale.ROOT).startsWith("s3://");
  }

  /** Resolves {@code arg} against the store of {@code base}. */
  static StorePath resolve(StoreLocation base, String arg) throws CliException {
    if (isStorePath(arg)) {
      String rest = arg.substring(5);
      int slash = rest.indexOf('/');
      String bucket = slash < 0 ? rest : rest.substring(0, slash);
      String key = slash < 0 ? "" : rest.substring(slash + 1);
      if (bucket.isEmpty()) {
        throw new CliException(ExitCode.USAGE, "no bucket in " + arg + " (write s3://BUCKET/KEY)");
      }
      if (base.isS3()) {
        if (!bucket.matches("[a-z0-9][a-z0-9.\\-_]{1,254}")) {
          throw new CliException(ExitCode.USAGE, "invalid bucket name in " + arg);
        }
        return new StorePath(StoreLocation.s3(bucket, ""), key, bucket);
      }
      return new StorePath(base, bucket + "/" + key, bucket);
    }
    if (base.isS3() && base.bucket() == null) {
      throw new CliException(
          ExitCode.USAGE,
          "no bucket for " + arg + ": write s3://BUCKET/" + arg + " or give --store s3://BUCKET");
    }
    return new StorePath(base, arg, null);
  }

  /** A key of this path's store, written the way this path was written. */
  String display(String k) {
    if (bucket == null) {
      return k;
    }
    String inBucket = location.isS3() ? k : k.substring(Math.min(k.length(), bucket.length() + 1));
    return "s3://" + bucket + "/" + inBucket;
  }

  /** This path as a prefix that names a "directory": "" or ending with '/'. */
  String directoryPrefix() {
    if (key.isEmpty() || key.endsWith("/")) {
      return key;
    }
    return key + "/";
  }

  StorePath withKey(String k) {
    return new StorePath(location, k, bucket);
  }

  @Override
  public String toString() {
    return display(key);
  }
}
