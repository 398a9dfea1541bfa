package io.deltaglider.proxy;

import io.deltaglider.spi.KeyRules;

/** Which names are buckets: S3's rules for new buckets, anything a directory can be named for existing ones. */
final class BucketNames {
  private BucketNames() {}

  /** A name an existing bucket may have: one key segment, not hidden, nothing the store reserves. */
  static boolean usable(String name) {
    return name != null && !name.isEmpty() && !name.startsWith(".") && name.indexOf('\\') < 0
        && KeyRules.segmentProblem(name) == null;
  }

  /** S3's rules for a new bucket: 3 to 63 lower-case letters, digits, dots and hyphens, ... */
  static void checkNew(String name) {
    boolean ok = name.length() >= 3 && name.length() <= 63
        && name.chars().allMatch(c -> (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-')
        && Character.isLetterOrDigit(name.charAt(0)) && Character.isLetterOrDigit(name.charAt(name.length() - 1))
        && !name.contains("..") && !name.matches("\\d+\\.\\d+\\.\\d+\\.\\d+") && usable(name);
    if (!ok) {
      throw new S3Exception(S3ErrorCode.INVALID_BUCKET_NAME).detail("BucketName", name);
    }
  }
}
