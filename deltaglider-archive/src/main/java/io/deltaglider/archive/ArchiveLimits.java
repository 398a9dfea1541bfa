package io.deltaglider.archive;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Bounds on what {@link ArchiveTransforms#expand} spends on one archive, so that a hostile one (a
 * zip bomb, deep nesting) costs time and memory in proportion to its size. A stream that would go
 * over a bound is kept compressed in the expanded form, which is still exact, only less useful.
 *
 * <p>Instances are immutable; build them with {@link #builder()}.
 */
public final class ArchiveLimits {
  /** Default for {@link Builder#maxExpandedBytes}: 16 GiB. */
  public static final long DEFAULT_MAX_EXPANDED_BYTES = 16L << 30;
  /** Default for {@link Builder#maxExpansionRatio}. */
  public static final int DEFAULT_MAX_EXPANSION_RATIO = 200;
  /** Inflated bytes always allowed, whatever the ratio: 64 MiB. */
  public static final long RATIO_FREE_BYTES = 64L << 20;
  /** Default for {@link Builder#maxDepth}. */
  public static final int DEFAULT_MAX_DEPTH = 6;
  /** The deepest nesting a recipe may describe, whatever {@link Builder#maxDepth} says. */
  public static final int MAX_DEPTH = 16;
  /** Default for {@link Builder#memoryBufferBytes}: 4 MiB. */
  public static final int DEFAULT_MEMORY_BUFFER_BYTES = 4 << 20;
  /** Default for {@link Builder#maxTriesPerStream}. */
  public static final int DEFAULT_MAX_TRIES_PER_STREAM = 10;

  private static final ArchiveLimits DEFAULTS = builder().build();

  private final long maxExpandedBytes;
  private final int maxExpansionRatio;
  private final int maxDepth;
  private final int memoryBufferBytes;
  private final int maxTriesPerStream;
  private final Path tempDirectory;

  private ArchiveLimits(Builder b) {
    this.maxExpandedBytes = b.maxExpandedBytes;
    this.maxExpansionRatio = b.maxExpansionRatio;
    this.maxDepth = b.maxDepth;
    this.memoryBufferBytes = b.memoryBufferBytes;
    this.maxTriesPerStream = b.maxTriesPerStream;
    this.tempDirectory = b.tempDirectory;
  }

  /** The default limits. */
  public static ArchiveLimits defaults() {
    return DEFAULTS;
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** Most bytes inflated in all while expanding one archive ({@link Builder#maxExpandedBytes}). */
  public long maxExpandedBytes() {
    return maxExpandedBytes;
  }

  /** Most inflated bytes per archive byte read ({@link Builder#maxExpansionRatio}). */
  public int maxExpansionRatio() {
    return maxExpansionRatio;
  }

  /** How many containers deep expand looks ({@link Builder#maxDepth}). */
  public int maxDepth() {
    return maxDepth;
  }

  /** Bytes a buffer keeps in memory before it moves to a temporary file ({@link Builder#memoryBufferBytes}). */
  public int memoryBufferBytes() {
    return memoryBufferBytes;
  }

  /** Deflate settings tried per stream ({@link Builder#maxTriesPerStream}). */
  public int maxTriesPerStream() {
    return maxTriesPerStream;
  }

  /** Where temporary files go, or null for the JVM's default temporary directory. */
  public Path tempDirectory() {
    return tempDirectory;
  }

  /** Builds {@link ArchiveLimits}. */
  public static final class Builder {
    private long maxExpandedBytes = DEFAULT_MAX_EXPANDED_BYTES;
    private int maxExpansionRatio = DEFAULT_MAX_EXPANSION_RATIO;
    private int maxDepth = DEFAULT_MAX_DEPTH;
    private int memoryBufferBytes = DEFAULT_MEMORY_BUFFER_BYTES;
    private int maxTriesPerStream = DEFAULT_MAX_TRIES_PER_STREAM;
    private Path tempDirectory;

    private Builder() {}

    /**
     * The most bytes expand inflates for one archive, counting streams it then keeps compressed;
     * streams beyond it stay compressed. At least 1.
     *
     * @param bytes the bound
     * @return this builder
     */
    public Builder maxExpandedBytes(long bytes) {
      if (bytes < 1) {
        throw new IllegalArgumentException("maxExpandedBytes must be at least 1: " + bytes);
      }
      this.maxExpandedBytes = bytes;
      return this;
    }

    /**
     * The most bytes expand inflates per byte of archive read so far, once past
     * {@link #RATIO_FREE_BYTES}: a bound on the work a small hostile archive can cause. At least 1.
     *
     * @param ratio the bound
     * @return this builder
     */
    public Builder maxExpansionRatio(int ratio) {
      if (ratio < 1) {
        throw new IllegalArgumentException("maxExpansionRatio must be at least 1: " + ratio);
      }
      this.maxExpansionRatio = ratio;
      return this;
    }

    /**
     * How many containers deep expand looks: 1 expands only the archive itself, 3 reaches a jar in
     * a {@code .tar.gz} (gzip, tar, zip). Deeper containers are kept as bytes. From 0 (expand
     * nothing) to {@link #MAX_DEPTH}.
     *
     * @param depth the bound
     * @return this builder
     */
    public Builder maxDepth(int depth) {
      if (depth < 0 || depth > MAX_DEPTH) {
        throw new IllegalArgumentException("maxDepth must be 0 to " + MAX_DEPTH + ": " + depth);
      }
      this.maxDepth = depth;
      return this;
    }

    /**
     * Bytes each of expand's buffers (one compressed stream per nesting level) keeps in memory
     * before moving to a temporary file. From 1 KiB to 1 GiB.
     *
     * @param bytes the bound
     * @return this builder
     */
    public Builder memoryBufferBytes(int bytes) {
      if (bytes < 1024 || bytes > 1 << 30) {
        throw new IllegalArgumentException("memoryBufferBytes must be 1 KiB to 1 GiB: " + bytes);
      }
      this.memoryBufferBytes = bytes;
      return this;
    }

    /**
     * How many deflate settings expand tries on one stream before keeping it compressed; each
     * failed try usually costs one deflate block of work. From 1 to 64.
     *
     * @param tries the bound
     * @return this builder
     */
    public Builder maxTriesPerStream(int tries) {
      if (tries < 1 || tries > 64) {
        throw new IllegalArgumentException("maxTriesPerStream must be 1 to 64: " + tries);
      }
      this.maxTriesPerStream = tries;
      return this;
    }

    /**
     * Where temporary files go; null (the default) for {@code java.io.tmpdir}.
     *
     * @param dir the directory
     * @return this builder
     */
    public Builder tempDirectory(Path dir) {
      this.tempDirectory = dir;
      return this;
    }

    /** The limits. */
    public ArchiveLimits build() {
      return new ArchiveLimits(this);
    }
  }

  @Override
  public String toString() {
    return "ArchiveLimits[maxExpandedBytes=" + maxExpandedBytes + ", maxExpansionRatio=" + maxExpansionRatio
        + ", maxDepth=" + maxDepth + ", memoryBufferBytes=" + memoryBufferBytes + ", maxTriesPerStream="
        + maxTriesPerStream + ", tempDirectory=" + Objects.toString(tempDirectory, "default") + "]";
  }
}
