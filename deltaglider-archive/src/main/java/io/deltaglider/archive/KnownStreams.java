package io.deltaglider.archive;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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
 * {@link #MAX_STREAM} bytes are kept, within a heap budget, and beyond it in a temporary file when
 * made {@link #spilling}. Safe for concurrent use: one archive's streams may serve many readers at
 * once.
 */
public final class KnownStreams implements Closeable {
  /** The largest stream (compressed, and inflated) recorded or looked up: a rebuild buffers this much of a span. */
  public static final int MAX_STREAM = 1 << 20;

  private final long maxBytes;
  private final Path tempDir;
  private final AtomicLong bytes = new AtomicLong();
  /** Values: the bytes, or for streams beyond the heap budget their {@code long[] {offset, length}} in the file. */
  private final ConcurrentHashMap<Key, Object> byContent = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<Key, StreamParams> byCompressed = new ConcurrentHashMap<>();
  private FileChannel file;
  private Path filePath;
  private long fileLength;
  private boolean closed;

  private KnownStreams(long maxBytes, Path tempDir) {
    this.maxBytes = maxBytes;
    this.tempDir = tempDir;
  }

  /**
   * An empty set that keeps at most {@code maxBytes} of compressed streams, in the heap.
   *
   * @param maxBytes the budget
   * @return the set
   */
  public static KnownStreams create(long maxBytes) {
    return create(maxBytes, null);
  }

  /**
   * An empty set that keeps {@code heapBytes} of compressed streams in the heap and the rest in a
   * temporary file in {@code tempDir} ({@code java.io.tmpdir} if null), deleted on {@link #close}.
   *
   * @param heapBytes the heap budget
   * @param tempDir where the file goes
   * @return the set
   */
  public static KnownStreams spilling(long heapBytes, Path tempDir) {
    KnownStreams k = create(heapBytes, tempDir);
    k.spills = true;
    return k;
  }

  private boolean spills;

  private static KnownStreams create(long maxBytes, Path tempDir) {
    if (maxBytes < 0) {
      throw new IllegalArgumentException("maxBytes must not be negative: " + maxBytes);
    }
    return new KnownStreams(maxBytes, tempDir);
  }

  /** Bytes of compressed streams held in the heap (give or take 100 bytes a stream). */
  public long bytes() {
    return bytes.get();
  }

  /** Whether some streams went to the temporary file: then the set must be closed. */
  public synchronized boolean spilled() {
    return filePath != null;
  }

  /** Streams held. */
  public int size() {
    return byContent.size();
  }

  /** Records a stream reproduced by {@code p}; {@code contentSha256} is the digest of its inflated bytes. */
  void add(byte[] contentSha256, StreamParams p, byte[] compressed) {
    if (compressed.length > MAX_STREAM) {
      return;
    }
    Key key = new Key(contentSha256, p);
    if (byContent.containsKey(key)) {
      return;
    }
    Object value = compressed;
    if (bytes.addAndGet(compressed.length) > maxBytes) {
      bytes.addAndGet(-compressed.length);
      value = spills ? append(compressed) : null;
      if (value == null) {
        return;
      }
    }
    if (byContent.putIfAbsent(key, value) != null) {
      if (value == compressed) {
        bytes.addAndGet(-compressed.length);
      }
      return;
    }
    byCompressed.putIfAbsent(new Key(sha256(compressed, 0, compressed.length), null), p);
  }

  /** Appends to the file; null if it cannot be written (the stream is then not kept). */
  private synchronized long[] append(byte[] b) {
    try {
      if (closed) {
        return null;
      }
      if (file == null) {
        filePath = tempDir == null ? Files.createTempFile("deltaglider-streams-", ".tmp")
            : Files.createTempFile(tempDir, "deltaglider-streams-", ".tmp");
        file = FileChannel.open(filePath, StandardOpenOption.READ, StandardOpenOption.WRITE);
      }
      long at = fileLength;
      ByteBuffer buf = ByteBuffer.wrap(b);
      while (buf.hasRemaining()) {
        file.write(buf, at + buf.position());
      }
      fileLength += b.length;
      return new long[] {at, b.length};
    } catch (IOException e) {
      return null;
    }
  }

  /** The compressed bytes of content with this digest under {@code p}, or null. */
  byte[] compressed(byte[] contentSha256, StreamParams p) throws IOException {
    Object v = byContent.get(new Key(contentSha256, p));
    if (v == null || v instanceof byte[]) {
      return (byte[]) v;
    }
    long[] at = (long[]) v;
    ByteBuffer buf = ByteBuffer.allocate((int) at[1]);
    FileChannel f;
    synchronized (this) {
      if (closed) {
        throw new IOException("the known streams were closed");
      }
      f = file;
    }
    while (buf.hasRemaining()) {
      if (f.read(buf, at[0] + buf.position()) < 0) {
        throw new IOException("the known streams' file is truncated");
      }
    }
    return buf.array();
  }

  /** Deletes the temporary file, if any; streams kept there are gone. */
  @Override
  public synchronized void close() throws IOException {
    closed = true;
    if (file != null) {
      try {
        file.close();
      } finally {
        Files.deleteIfExists(filePath);
        file = null;
      }
    }
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
