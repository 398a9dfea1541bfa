package io.deltaglider;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * SHA-256 (what the store verifies) and, when asked for, MD5 (what S3 and the DeltaGlider proxy
 * report as the ETag, {@code dg-md5}) and the SHA-256s of 1 MiB blocks (a whole object's chunk
 * digests, {@link ChunkDigests}) fed from the same buffers, so content is read once for all.
 * Not thread-safe.
 */
final class Digests {
  private final MessageDigest sha256 = Sha256.newDigest();
  private final MessageDigest md5;
  private final BlockHasher blocks;

  Digests(boolean withMd5) {
    this(withMd5, false);
  }

  Digests(boolean withMd5, boolean withBlocks) {
    this.md5 = withMd5 ? newMd5() : null;
    this.blocks = withBlocks ? new BlockHasher() : null;
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
    if (blocks != null) {
      blocks.update(b, off, len);
    }
  }

  String sha256() {
    return Sha256.hex(sha256.digest());
  }

  /** The hex MD5, or null when this was made without it. */
  String md5() {
    return md5 == null ? null : Sha256.hex(md5.digest());
  }

  /** The 1 MiB blocks' SHA-256s, concatenated ({@link BlockHasher#finish}), or null when made without them. */
  byte[] blockDigests() {
    return blocks == null ? null : blocks.finish();
  }
}
