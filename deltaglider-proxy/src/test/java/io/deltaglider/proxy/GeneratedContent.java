package io.deltaglider.proxy;

import java.io.InputStream;
import java.security.MessageDigest;
import java.util.SplittableRandom;

/**
 * Large deterministic content made on the fly, never held in memory: pseudo-random 64 KiB blocks
 * (each from its own seed, so any block can be made alone), optionally with a few edits: a
 * version differing from another in a few places, as a release's next build does.
 */
final class GeneratedContent {
  private static final int BLOCK = 64 * 1024;

  private final long seed;
  private final long size;
  /** Offsets whose 512 bytes from there on are changed; sorted. */
  private final long[] edits;

  GeneratedContent(long seed, long size, long... edits) {
    this.seed = seed;
    this.size = size;
    this.edits = edits.clone();
    java.util.Arrays.sort(this.edits);
  }

  long size() {
    return size;
  }

  /** A new stream of the content that also computes its SHA-256 ({@link Stream#sha256()} at the end). */
  Stream open() {
    return new Stream();
  }

  /** The content, generated as it is read. */
  final class Stream extends InputStream {
    private final byte[] block = new byte[BLOCK];
    private final MessageDigest sha = Hashing.sha256();
    private long position;
    private int blockFill;
    private int blockPos;

    @Override
    public int read() {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (position >= size) {
        return -1;
      }
      if (blockPos == blockFill) {
        fill();
      }
      int n = Math.min(len, blockFill - blockPos);
      System.arraycopy(block, blockPos, b, off, n);
      sha.update(block, blockPos, n);
      blockPos += n;
      position += n;
      return n;
    }

    private void fill() {
      long index = position / BLOCK;
      SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + index);
      for (int i = 0; i < BLOCK; i += 8) {
        long v = r.nextLong();
        for (int k = 0; k < 8; k++) {
          block[i + k] = (byte) (v >>> (8 * k));
        }
      }
      long start = index * BLOCK;
      for (long e : edits) {
        for (long p = Math.max(e, start); p < Math.min(e + 512, start + BLOCK); p++) {
          block[(int) (p - start)] ^= (byte) 0x5A;
        }
      }
      blockFill = (int) Math.min(BLOCK, size - start);
      blockPos = 0;
    }

    /** The SHA-256 of what was read, lower-case hex; only meaningful once the stream was read to its end. */
    String sha256() {
      return Hashing.hex(copy(sha).digest());
    }

    long position() {
      return position;
    }
  }

  private static MessageDigest copy(MessageDigest d) {
    try {
      return (MessageDigest) d.clone();
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException(e);
    }
  }
}
