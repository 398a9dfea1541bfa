package io.deltaglider;

import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which objects are stored as deltas: delta-eligible by extension (case-insensitive, compound
 * extensions like {@code tar.gz} included) and size, and kept as a delta only when it is smaller
 * than {@link #maxDeltaRatio()} of the original. Immutable.
 */
public final class DeltaPolicy {
  /** Archive, package, image and dump types, as the DeltaGlider tools route them (FORMAT.md section 8.4). */
  public static final Set<String> DEFAULT_EXTENSIONS = Set.of(
      "zip", "jar", "war", "ear", "aar", "apk", "aab", "ipa", "whl", "nupkg",
      "tar", "tgz", "tar.gz", "tbz2", "tar.bz2", "txz", "tar.xz", "tar.zst", "7z", "rar",
      "dmg", "iso", "img", "qcow2", "vmdk", "deb", "rpm", "msi",
      "sql", "dump", "bak", "backup", "db", "sqlite");
  /** A delta is kept only if smaller than this fraction of the original (75%). */
  public static final double DEFAULT_MAX_DELTA_RATIO = 0.75;
  /** Objects above this size are stored whole (the DeltaGlider proxy caps at 100 MiB). */
  public static final long DEFAULT_MAX_DELTA_SIZE = 1L << 30;
  /** Puts of objects above this size (64 GiB) are refused. */
  public static final long DEFAULT_MAX_OBJECT_SIZE = 64L << 30;

  private static final DeltaPolicy DEFAULTS = builder().build();

  private final Set<String> extensions;
  private final double maxDeltaRatio;
  private final long maxDeltaSize;
  private final long maxObjectSize;

  private DeltaPolicy(Builder b) {
    this.extensions = b.extensions;
    this.maxDeltaRatio = b.maxDeltaRatio;
    this.maxDeltaSize = b.maxDeltaSize;
    this.maxObjectSize = b.maxObjectSize;
  }

  /** The policy with every default: {@link #DEFAULT_EXTENSIONS} and the {@code DEFAULT_*} limits. */
  public static DeltaPolicy defaults() {
    return DEFAULTS;
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** True if an object of this name and size should be tried as a delta. */
  public boolean isDeltaEligible(String name, long size) {
    if (size > maxDeltaSize) {
      return false;
    }
    String lower = name.toLowerCase(Locale.ROOT);
    // Every suffix after a dot is a candidate: "app-1.0.tar.gz" tries "0.tar.gz", "tar.gz", "gz".
    for (int dot = lower.indexOf('.'); dot >= 0; dot = lower.indexOf('.', dot + 1)) {
      if (extensions.contains(lower.substring(dot + 1))) {
        return true;
      }
    }
    return false;
  }

  /** Delta-eligible extensions, lower-case and without the leading dot; unmodifiable. */
  public Set<String> extensions() {
    return extensions;
  }

  /** A delta is kept only if delta size / original size is below this; otherwise the object is stored whole. */
  public double maxDeltaRatio() {
    return maxDeltaRatio;
  }

  /** Objects above this many bytes are stored whole without trying a delta. */
  public long maxDeltaSize() {
    return maxDeltaSize;
  }

  /** Puts and copies of objects above this many bytes fail with {@link ObjectTooLargeException}. */
  public long maxObjectSize() {
    return maxObjectSize;
  }

  /** Builds a {@link DeltaPolicy}; every setting starts at its default. Not thread-safe. */
  public static final class Builder {
    private Set<String> extensions = DEFAULT_EXTENSIONS;
    private double maxDeltaRatio = DEFAULT_MAX_DELTA_RATIO;
    private long maxDeltaSize = DEFAULT_MAX_DELTA_SIZE;
    private long maxObjectSize = DEFAULT_MAX_OBJECT_SIZE;

    private Builder() {}

    /** Delta-eligible extensions without the leading dot, e.g. {@code zip}, {@code tar.gz}. */
    public Builder extensions(Set<String> extensions) {
      this.extensions = Objects.requireNonNull(extensions, "extensions").stream()
          .map(e -> {
            String x = e.toLowerCase(Locale.ROOT);
            x = x.startsWith(".") ? x.substring(1) : x;
            if (x.isEmpty()) {
              throw new IllegalArgumentException("empty extension");
            }
            return x;
          })
          .collect(Collectors.toUnmodifiableSet());
      return this;
    }

    /** Keep a delta only if delta size / original size is below this ({@code 0 < ratio <= 1}; default 0.75). */
    public Builder maxDeltaRatio(double ratio) {
      if (!(ratio > 0 && ratio <= 1)) {
        throw new IllegalArgumentException("maxDeltaRatio must be in (0, 1], got " + ratio);
      }
      this.maxDeltaRatio = ratio;
      return this;
    }

    /** Objects above this many bytes are stored whole without trying a delta (default 1 GiB). */
    public Builder maxDeltaSize(long bytes) {
      if (bytes < 0) {
        throw new IllegalArgumentException("maxDeltaSize must not be negative");
      }
      this.maxDeltaSize = bytes;
      return this;
    }

    /** Puts of objects above this many bytes are refused (default 64 GiB). */
    public Builder maxObjectSize(long bytes) {
      if (bytes < 0) {
        throw new IllegalArgumentException("maxObjectSize must not be negative");
      }
      this.maxObjectSize = bytes;
      return this;
    }

    /** A policy with the settings made so far; the builder can go on being used. */
    public DeltaPolicy build() {
      return new DeltaPolicy(this);
    }
  }
}
