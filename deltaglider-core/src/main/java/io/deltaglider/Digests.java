package io.deltaglider;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * SHA-256 (what the store verifies) and, when asked for, MD5 (what S3 and the DeltaGlider proxy
 * report as the ETag, {@code dg-md5}) fed from the same buffers, so content is read once for both.
 * Not thread-safe.
 */
final class Digests {
  private final MessageDigest sha256 = Sha256.newDigest();
  private final MessageDigest md5;

  Digests(boolean withMd5) {
    this.md5 = withMd5 ? newMd5() : null;
  }

  static MessageDigest newMd5() {
    try {
      return MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has MD5", e);
    }
  }

  void update(byte[] b, int off, int len) {
    sha256.update(b, off, len);
    if (md5 != null) {
      md5.update(b, off, len);
    }
  }

  String sha256() {
    return Sha256.hex(sha256.digest());
  }

  /** The hex MD5, or null when this was made without it. */
  String md5() {
    return md5 == null ? null : Sha256.hex(md5.digest());
  }
}
