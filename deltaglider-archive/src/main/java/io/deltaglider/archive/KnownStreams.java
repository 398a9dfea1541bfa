package io.deltaglider.archive;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Deflate streams whose compressed bytes are known for their content and settings, recorded while
 * an archive is expanded or its form replayed, and used to skip work on another archive that
 * shares them (a new release of a jar keeps most entries as they were):
 *
 * <ul>
 *   <li>expand skips the settings search for a stream whose compressed bytes are a known stream's:
 *       the known settings reproduce it;
 *   <li>rebuild copies a known stream's compressed bytes instead of compressing a span with the
 *       same content and settings: the encoder is deterministic, so compressing would give exactly
 *       them.
 * </ul>
 *
 * <p>Only streams the settings search compared byte for byte (or replayed from a recipe that such
 * a search made) are recorded. Streams and contents are keyed by SHA-256; only those of at most
 * {@link #MAX_STREAM} bytes are kept, within a budget of compressed bytes. Safe for concurrent use:
 * one archive's streams may serve many readers at once.
 */
public final class KnownStreams {
  /** The largest stream (compressed, and inflated) recorded or looked up: a rebuild buffers this much of a span. */
  public static final int MAX_STREAM = 1 << 20;

  private final long maxBytes;
  private final AtomicLong bytes = new AtomicLong();
  private final ConcurrentHashMap<Key, byte[]> byContent = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<Key, StreamParams> byCompressed = new ConcurrentHashMap<>();

  private KnownStreams(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  /**
   * An empty set that keeps at most {@code maxBytes} of compressed streams.
   *
   * @param maxBytes the budget
   * @return the set
   */
  public static KnownStreams create(long maxBytes) {
    if (maxBytes < 0) {
      throw new IllegalArgumentException("maxBytes must not be negative: " + maxBytes);
    }
    return new KnownStreams(maxBytes);
  }

  /** Bytes of compressed streams held (what the set costs in the heap, give or take 100 bytes a stream). */
  public long bytes() {
    return bytes.get();
  }

  /** Streams held. */
  public int size() {
    return byContent.size();
  }

  /** Records a stream reproduced by {@code p}; {@code contentSha256} is the digest of its inflated bytes. */
  void add(byte[] contentSha256, StreamParams p, byte[] compressed) {
    if (compressed.length > MAX_STREAM || bytes.addAndGet(compressed.length) > maxBytes) {
      if (compressed.length <= MAX_STREAM) {
        bytes.addAndGet(-compressed.length);
      }
      return;
    }
    if (byContent.putIfAbsent(new Key(contentSha256, p), compressed) != null) {
      bytes.addAndGet(-compressed.length);
      return;
    }
    byCompressed.putIfAbsent(new Key(sha256(compressed, 0, compressed.length), null), p);
  }

  /** The compressed bytes of content with this digest under {@code p}, or null. */
  byte[] compressed(byte[] contentSha256, StreamParams p) {
    return byContent.get(new Key(contentSha256, p));
  }

  /** Settings that reproduce the stream with this digest, or null. */
  StreamParams paramsOf(byte[] compressedSha256) {
    return byCompressed.get(new Key(compressedSha256, null));
  }

  static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("no SHA-256 in this JVM", e);
    }
  }

  static byte[] sha256(byte[] b, int off, int len) {
    MessageDigest d = newDigest();
    d.update(b, off, len);
    return d.digest();
  }

  /** A SHA-256, with settings or not. */
  private static final class Key {
    private final long a;
    private final long b;
    private final long c;
    private final long d;
    private final int params;

    Key(byte[] sha256, StreamParams p) {
      ByteBuffer bb = ByteBuffer.wrap(sha256);
      a = bb.getLong();
      b = bb.getLong();
      c = bb.getLong();
      d = bb.getLong();
      params = p == null ? -1 : p.packedLevel() << 8 | p.packedWindow();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && k.a == a && k.b == b && k.c == c && k.d == d && k.params == params;
    }

    @Override
    public int hashCode() {
      return Long.hashCode(a) * 31 + params;
    }
  }
}
