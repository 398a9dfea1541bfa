package io.deltaglider;

import java.security.MessageDigest;
import java.util.Arrays;

/**
 * The SHA-256 of each consecutive 1 MiB block of content fed to it in order, from which the chunk
 * digests of FORMAT.md section 3.6 are made ({@link ChunkDigests}). A put feeds it in the same pass
 * that computes the object's SHA-256 and MD5 ({@link Digests}), so it needs no read of its own and
 * no size in advance; a range read feeds it one chunk's bytes to check them. Not thread-safe.
 */
final class BlockHasher {
  /** The block size of section 3.6. */
  static final int BLOCK = 1 << 20;
  /** Beyond this many blocks (1 TiB) nothing is kept and {@link #finish} gives null. */
  static final int MAX_BLOCKS = 1 << 20;
  static final int DIGEST = 32;

  private final MessageDigest block = Sha256.newDigest();
  private int inBlock;
  private byte[] digests = new byte[16 * DIGEST];
  private int blocks;
  private boolean tooMany;

  void update(byte[] b, int off, int len) {
    while (len > 0) {
      int n = Math.min(len, BLOCK - inBlock);
      block.update(b, off, n);
      inBlock += n;
      off += n;
      len -= n;
      if (inBlock == BLOCK) {
        endBlock();
      }
    }
  }

  private void endBlock() {
    byte[] d = block.digest();
    inBlock = 0;
    if (blocks == MAX_BLOCKS) {
      tooMany = true;
      return;
    }
    if ((blocks + 1) * DIGEST > digests.length) {
      digests = Arrays.copyOf(digests, digests.length * 2);
    }
    System.arraycopy(d, 0, digests, blocks * DIGEST, DIGEST);
    blocks++;
  }

  /**
   * Ends the content (a last, shorter block counts as a block; empty content has none) and
   * returns the blocks' digests concatenated, or null past {@link #MAX_BLOCKS}.
   */
  byte[] finish() {
    if (inBlock > 0) {
      endBlock();
    }
    return tooMany ? null : Arrays.copyOf(digests, blocks * DIGEST);
  }
}
