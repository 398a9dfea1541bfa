package io.deltaglider;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Which objects are stored as deltas: delta-eligible by a predicate on the key (by default its
 * extension, case-insensitive, compound extensions like {@code tar.gz} included) and by size, and
 * kept as a delta only when it is smaller than {@link #maxDeltaRatio(String)} of the original
 * (settable per key prefix). In a store built with {@link DeltaStoreBuilder#archiveAware}, also
 * which keys are tried as archive-aware deltas ({@link #isArchiveEligible}). Immutable.
 *
 * <pre>{@code
 * DeltaPolicy.builder()
 *     .deltaEligible(DeltaPolicy.byExtension(DeltaPolicy.DEFAULT_EXTENSIONS)
 *         .or(key -> key.startsWith("images/")))        // extensionless disk images too
 *     .maxDeltaRatio("dumps/", 0.9)                     // a 10 % saving is still worth it there
 *     .build();
 * }</pre>
 */
public final class DeltaPolicy {
  /**
   * Archive, package, image and dump types: every extension the DeltaGlider tools route to deltas
   * (zip, tar, gz, tgz, bz2, xz, 7z, rar, dmg, iso, pkg, deb, rpm, apk, jar, war, ear and the
   * compound tar ones) and more of the same kinds (FORMAT.md section 8.4).
   */
  public static final Set<String> DEFAULT_EXTENSIONS = Set.of(
      "zip", "jar", "war", "ear", "aar", "apk", "aab", "ipa", "whl", "nupkg",
      "tar", "tgz", "tar.gz", "gz", "tbz2", "tar.bz2", "bz2", "txz", "tar.xz", "xz", "tar.zst", "7z", "rar",
      "dmg", "iso", "img", "qcow2", "vmdk", "pkg", "deb", "rpm", "msi",
      "sql", "dump", "bak", "backup", "db", "sqlite");
  /**
   * Archive types tried as archive-aware deltas (FORMAT.md section 9.8) by a store built with
   * {@link DeltaStoreBuilder#archiveAware}: zip-based packages (jar, war, ear, aar, apk, aab, ipa,
   * zip, whl, egg, nupkg, vsix, xpi), gzip and tar ones ({@code tgz}, {@code tar.gz}, {@code gz},
   * {@code tar}: npm packages, source and binary distributions, jars inside tars) and the package
   * formats made of them (Rust's {@code crate}, a gzipped tar; Ruby's {@code gem}, a tar of gzips).
   * Formats without deflate streams (xz, bzip2, zstd, 7z, rar, deb, rpm, images) gain nothing.
   */
  public static final Set<String> ARCHIVE_EXTENSIONS = Set.of(
      "jar", "war", "ear", "aar", "apk", "aab", "ipa", "zip", "whl", "egg", "nupkg", "vsix", "xpi",
      "tgz", "tar.gz", "gz", "tar", "crate", "gem");
  /** A delta is kept only if smaller than this fraction of the original (75%). */
  public static final double DEFAULT_MAX_DELTA_RATIO = 0.75;
  /** Objects above this size are stored whole (the DeltaGlider proxy caps at 100 MiB). */
  public static final long DEFAULT_MAX_DELTA_SIZE = 1L << 30;
  /** Puts of objects above this size (64 GiB) are refused. */
  public static final long DEFAULT_MAX_OBJECT_SIZE = 64L << 30;

  private static final DeltaPolicy DEFAULTS = builder().build();

  private final Set<String> extensions;
  private final Predicate<String> eligible;
  private final Predicate<String> archiveEligible;
  private final double maxDeltaRatio;
  /** Per-prefix ratios, longest prefix first. */
  private final Map<String, Double> prefixRatios;
  private final long maxDeltaSize;
  private final long maxObjectSize;

  private DeltaPolicy(Builder b) {
    this.extensions = b.extensions;
    this.eligible = b.eligible != null ? b.eligible : byExtension(b.extensions);
    this.archiveEligible = b.archiveEligible != null ? b.archiveEligible : byExtension(ARCHIVE_EXTENSIONS);
    this.maxDeltaRatio = b.maxDeltaRatio;
    TreeMap<String, Double> byLength = new TreeMap<>((x, y) -> x.length() != y.length()
        ? Integer.compare(y.length(), x.length()) : x.compareTo(y));
    byLength.putAll(b.prefixRatios);
    this.prefixRatios = java.util.Collections.unmodifiableMap(byLength);
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

  /**
   * A predicate true for keys whose last segment ends in one of {@code extensions} (without the
   * leading dot, case-insensitive; {@code tar.gz} matches {@code app-1.0.tar.gz}).
   */
  public static Predicate<String> byExtension(Set<String> extensions) {
    Set<String> lowered = normalise(extensions);
    return key -> {
      String lower = key.substring(key.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
      // Every suffix after a dot is a candidate: "app-1.0.tar.gz" tries "0.tar.gz", "tar.gz", "gz".
      for (int dot = lower.indexOf('.'); dot >= 0; dot = lower.indexOf('.', dot + 1)) {
        if (lowered.contains(lower.substring(dot + 1))) {
          return true;
        }
      }
      return false;
    };
  }

  /** A predicate true for every key: everything up to the size limit is tried as a delta. */
  public static Predicate<String> everything() {
    return key -> true;
  }

  /** True if the object under {@code key} (a user key), of this size, should be tried as a delta. */
  public boolean isDeltaEligible(String key, long size) {
    return size <= maxDeltaSize && eligible.test(key);
  }

  /**
   * True if the object under {@code key}, of this size, should be tried as an archive-aware delta
   * (only in a store built with {@link DeltaStoreBuilder#archiveAware}, which then tries such keys
   * as deltas even when {@link #isDeltaEligible} is false). By default its extension is one of
   * {@link #ARCHIVE_EXTENSIONS}; sizes up to {@link #maxDeltaSize()}.
   */
  public boolean isArchiveEligible(String key, long size) {
    return size <= maxDeltaSize && archiveEligible.test(key);
  }

  /**
   * The extensions of the default predicate, lower-case and without the leading dot; unmodifiable.
   * With {@link Builder#deltaEligible} set, the predicate decides and this is only what it was built from, if anything.
   */
  public Set<String> extensions() {
    return extensions;
  }

  /** A delta is kept only if delta size / original size is below this; otherwise the object is stored whole. */
  public double maxDeltaRatio() {
    return maxDeltaRatio;
  }

  /** {@link #maxDeltaRatio()} for {@code key}: the ratio of the longest prefix set for it, else the default. */
  public double maxDeltaRatio(String key) {
    for (Map.Entry<String, Double> e : prefixRatios.entrySet()) {
      if (key.startsWith(e.getKey())) {
        return e.getValue();
      }
    }
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

  private static Set<String> normalise(Set<String> extensions) {
    return Objects.requireNonNull(extensions, "extensions").stream()
        .map(e -> {
          String x = e.toLowerCase(Locale.ROOT);
          x = x.startsWith(".") ? x.substring(1) : x;
          if (x.isEmpty()) {
            throw new IllegalArgumentException("empty extension");
          }
          return x;
        })
        .collect(Collectors.toUnmodifiableSet());
  }

  /** Builds a {@link DeltaPolicy}; every setting starts at its default. Not thread-safe. */
  public static final class Builder {
    private Set<String> extensions = DEFAULT_EXTENSIONS;
    private Predicate<String> eligible;
    private Predicate<String> archiveEligible;
    private double maxDeltaRatio = DEFAULT_MAX_DELTA_RATIO;
    private final Map<String, Double> prefixRatios = new java.util.HashMap<>();
    private long maxDeltaSize = DEFAULT_MAX_DELTA_SIZE;
    private long maxObjectSize = DEFAULT_MAX_OBJECT_SIZE;

    private Builder() {}

    /** Delta-eligible extensions without the leading dot, e.g. {@code zip}, {@code tar.gz}; replaces any predicate. */
    public Builder extensions(Set<String> extensions) {
      this.extensions = normalise(extensions);
      this.eligible = null;
      return this;
    }

    /**
     * Which keys are tried as deltas, as a predicate on the user key (e.g. extensionless keys,
     * per-prefix rules, {@link #everything()}); replaces the extension list.
     */
    public Builder deltaEligible(Predicate<String> keys) {
      this.eligible = Objects.requireNonNull(keys, "keys");
      return this;
    }

    /**
     * Which keys a store built with {@link DeltaStoreBuilder#archiveAware} tries as archive-aware
     * deltas, as a predicate on the user key (default: {@link #byExtension} of
     * {@link #ARCHIVE_EXTENSIONS}); e.g. only under a prefix:
     * {@code key -> key.startsWith("releases/") && byExtension(ARCHIVE_EXTENSIONS).test(key)}.
     */
    public Builder archiveEligible(Predicate<String> keys) {
      this.archiveEligible = Objects.requireNonNull(keys, "keys");
      return this;
    }

    /** The ratio for keys starting with {@code prefix} ({@code 0 < ratio <= 1}); the longest matching prefix wins. */
    public Builder maxDeltaRatio(String prefix, double ratio) {
      Objects.requireNonNull(prefix, "prefix");
      checkRatio(ratio);
      prefixRatios.put(prefix, ratio);
      return this;
    }

    /** Keep a delta only if delta size / original size is below this ({@code 0 < ratio <= 1}; default 0.75). */
    public Builder maxDeltaRatio(double ratio) {
      checkRatio(ratio);
      this.maxDeltaRatio = ratio;
      return this;
    }

    private static void checkRatio(double ratio) {
      if (!(ratio > 0 && ratio <= 1)) {
        throw new IllegalArgumentException("maxDeltaRatio must be in (0, 1], got " + ratio);
      }
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
