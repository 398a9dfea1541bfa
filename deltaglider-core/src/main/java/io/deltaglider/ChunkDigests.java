package io.deltaglider;

import io.deltaglider.spi.MetadataNames;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;

/**
 * The chunk digests of a whole object (FORMAT.md section 3.6), which let a range read verify the
 * chunks it covers without reading the rest: {@code dg-chunk-size} C, and in
 * {@code dg-chunk-sha256} the digest of each chunk of C bytes (the last one shorter), as 43
 * characters of unpadded base64url each, concatenated. A chunk's digest is the SHA-256 of the
 * SHA-256s of its consecutive 1 MiB blocks ({@link BlockHasher}), so a put can record them in its
 * one pass before it knows the content's size. Written for objects over one chunk, at most 16
 * chunks, and only while the metadata stays within S3's 2 KB of user metadata.
 */
final class ChunkDigests {
  /** The smallest chunk this library writes; objects no larger get no chunk digests. */
  static final long MIN_CHUNK = 8L << 20;
  /** The most chunks this library writes (16 × 43 characters of digests). */
  static final int MAX_CHUNKS = 16;
  /** S3's limit on user metadata: names and values in UTF-8 bytes. */
  static final int S3_METADATA_LIMIT = 2048;
  /** What S3 puts in front of each name, counted to be safe. */
  private static final int S3_NAME_PREFIX = "x-amz-meta-".length();
  private static final int ENCODED = 43;

  final long size;
  final long chunkSize;
  private final byte[] digests;

  private ChunkDigests(long size, long chunkSize, byte[] digests) {
    this.size = size;
    this.chunkSize = chunkSize;
    this.digests = digests;
  }

  /** The chunk size this library writes for {@code size} bytes: max(8 MiB, size/16 rounded up to a MiB). */
  static long chunkSizeFor(long size) {
    long perChunk = ceilDiv(size, MAX_CHUNKS);
    return Math.max(MIN_CHUNK, ceilDiv(perChunk, BlockHasher.BLOCK) * BlockHasher.BLOCK);
  }

  /** Whether a put of {@code size} bytes writes chunk digests (so its one pass must record blocks). */
  static boolean wanted(long size) {
    return size > MIN_CHUNK;
  }

  /**
   * The chunk digests of {@code size} bytes whose 1 MiB blocks hashed to {@code blocks}, or null
   * when the object is not over one chunk or the blocks were not recorded.
   */
  static ChunkDigests fromBlocks(long size, byte[] blocks) {
    if (!wanted(size) || blocks == null || blocks.length != ceilDiv(size, BlockHasher.BLOCK) * BlockHasher.DIGEST) {
      return null;
    }
    long chunkSize = chunkSizeFor(size);
    int perChunk = (int) (chunkSize / BlockHasher.BLOCK);
    int blockCount = blocks.length / BlockHasher.DIGEST;
    int n = (int) ceilDiv(size, chunkSize);
    byte[] out = new byte[n * BlockHasher.DIGEST];
    for (int i = 0; i < n; i++) {
      int from = i * perChunk;
      int to = Math.min(blockCount, from + perChunk);
      System.arraycopy(digestOfBlocks(blocks, from, to), 0, out, i * BlockHasher.DIGEST, BlockHasher.DIGEST);
    }
    return new ChunkDigests(size, chunkSize, out);
  }

  /** A chunk's digest: the SHA-256 of its blocks' digests, blocks {@code from} to {@code to} (exclusive). */
  static byte[] digestOfBlocks(byte[] blocks, int from, int to) {
    MessageDigest d = Sha256.newDigest();
    d.update(blocks, from * BlockHasher.DIGEST, (to - from) * BlockHasher.DIGEST);
    return d.digest();
  }

  /**
   * Adds the two entries to a whole object's metadata if the whole map then stays within
   * {@link #S3_METADATA_LIMIT} (each name counted with S3's {@code x-amz-meta-} prefix), so the
   * object can be stored on any backend; returns whether they were added.
   */
  boolean addIfFits(Map<String, String> meta) {
    String sizeValue = Long.toString(chunkSize);
    String list = encoded();
    long total = metadataBytes(meta) + entryBytes(MetadataNames.CHUNK_SIZE, sizeValue)
        + entryBytes(MetadataNames.CHUNK_SHA256, list);
    if (total > S3_METADATA_LIMIT) {
      return false;
    }
    meta.put(MetadataNames.CHUNK_SIZE, sizeValue);
    meta.put(MetadataNames.CHUNK_SHA256, list);
    return true;
  }

  static long metadataBytes(Map<String, String> meta) {
    long total = 0;
    for (Map.Entry<String, String> e : meta.entrySet()) {
      total += entryBytes(e.getKey(), e.getValue());
    }
    return total;
  }

  private static long entryBytes(String name, String value) {
    return S3_NAME_PREFIX + name.getBytes(StandardCharsets.UTF_8).length
        + (value == null ? 0 : value.getBytes(StandardCharsets.UTF_8).length);
  }

  private String encoded() {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    StringBuilder sb = new StringBuilder(count() * ENCODED);
    for (int i = 0; i < count(); i++) {
      sb.append(b64.encodeToString(Arrays.copyOfRange(digests, i * BlockHasher.DIGEST, (i + 1) * BlockHasher.DIGEST)));
    }
    return sb.toString();
  }

  /**
   * The chunk digests a whole object's metadata declares, or null when it has none or they cannot
   * be used (a reader then verifies the object by reading it whole): both names must be present,
   * the chunk size a positive multiple of 1 MiB, {@code dg-file-size} valid and equal to the
   * stored size, and the list exactly one 43-character base64url digest for each chunk.
   */
  static ChunkDigests declaredBy(StoredMetadata meta, long storedSize) {
    String sizeValue = meta.get(MetadataNames.CHUNK_SIZE);
    String list = meta.get(MetadataNames.CHUNK_SHA256);
    long size = meta.fileSize();
    if (sizeValue == null || list == null || size < 0 || size != storedSize || size == 0) {
      return null;
    }
    long chunkSize = parseDecimal(sizeValue);
    if (chunkSize <= 0 || chunkSize % BlockHasher.BLOCK != 0) {
      return null;
    }
    long n = ceilDiv(size, chunkSize);
    if (n * ENCODED != list.length()) {
      return null;
    }
    byte[] digests = new byte[(int) n * BlockHasher.DIGEST];
    Base64.Decoder decoder = Base64.getUrlDecoder();
    Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();
    for (int i = 0; i < n; i++) {
      String one = list.substring(i * ENCODED, (i + 1) * ENCODED);
      byte[] d;
      try {
        d = decoder.decode(one);
      } catch (IllegalArgumentException e) {
        return null;
      }
      // Only the canonical spelling: the decoder would ignore the last character's spare bits.
      if (d.length != BlockHasher.DIGEST || !encoder.encodeToString(d).equals(one)) {
        return null;
      }
      System.arraycopy(d, 0, digests, i * BlockHasher.DIGEST, BlockHasher.DIGEST);
    }
    return new ChunkDigests(size, chunkSize, digests);
  }

  private static long parseDecimal(String v) {
    if (v.isEmpty() || v.length() > 18) {
      return -1;
    }
    for (int i = 0; i < v.length(); i++) {
      if (v.charAt(i) < '0' || v.charAt(i) > '9') {
        return -1;
      }
    }
    return Long.parseLong(v);
  }

  int count() {
    return digests.length / BlockHasher.DIGEST;
  }

  /** The chunk holding byte {@code offset}. */
  int chunkAt(long offset) {
    return (int) (offset / chunkSize);
  }

  long start(int chunk) {
    return chunk * chunkSize;
  }

  long end(int chunk) {
    return Math.min(size, (chunk + 1) * chunkSize);
  }

  /** Whether {@code digest} is the one recorded for {@code chunk}. */
  boolean matches(int chunk, byte[] digest) {
    return MessageDigest.isEqual(digest,
        Arrays.copyOfRange(digests, chunk * BlockHasher.DIGEST, (chunk + 1) * BlockHasher.DIGEST));
  }

  private static long ceilDiv(long a, long b) {
    return -Math.floorDiv(-a, b);
  }
}
