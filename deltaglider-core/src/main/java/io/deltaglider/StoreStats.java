package io.deltaglider;

import java.util.Map;

/**
 * Space used under a prefix: original bytes against stored bytes (references included). Stored
 * bytes and counts are always exact; original bytes need each object's metadata, which quick
 * stats ({@link DeltaStore#stats}) on a backend whose listings carry none (S3) do not read for
 * deltas: then {@link #originalSizesKnown()} is false, and {@link DeltaStore#statsExact} reads it.
 */
public final class StoreStats {
  private final long objects;
  private final long deltas;
  private final long passthroughs;
  private final long originalBytes;
  private final long storedBytes;
  private final long referenceBytes;
  private final Map<String, StoreStats> perDeltaspace;

  StoreStats(long objects, long deltas, long passthroughs, long originalBytes, long storedBytes, long referenceBytes,
      Map<String, StoreStats> perDeltaspace) {
    this.objects = objects;
    this.deltas = deltas;
    this.passthroughs = passthroughs;
    this.originalBytes = originalBytes;
    this.storedBytes = storedBytes;
    this.referenceBytes = referenceBytes;
    this.perDeltaspace = Map.copyOf(perDeltaspace);
  }

  /** Objects counted, deltas and passthroughs together; references are not objects. */
  public long objects() {
    return objects;
  }

  /** Objects stored as a delta. */
  public long deltas() {
    return deltas;
  }

  /** Objects stored whole. */
  public long passthroughs() {
    return passthroughs;
  }

  /**
   * Whether {@link #originalBytes()} covers every object: true for exact stats, for backends whose
   * listings carry metadata, and where there is no delta.
   */
  public boolean originalSizesKnown() {
    return originalBytes >= 0;
  }

  /** Sum of the objects' original sizes, or -1 when not {@link #originalSizesKnown() known}. */
  public long originalBytes() {
    return originalBytes;
  }

  /** Bytes actually stored: deltas, passthrough objects and references. */
  public long storedBytes() {
    return storedBytes;
  }

  /** Bytes of the deltaspaces' {@code reference.bin} objects, part of {@link #storedBytes()}. */
  public long referenceBytes() {
    return referenceBytes;
  }

  /**
   * {@code originalBytes - storedBytes} (negative when references cost more than deltas save); 0
   * when the original sizes are not {@link #originalSizesKnown() known}.
   */
  public long savedBytes() {
    return originalSizesKnown() ? originalBytes - storedBytes : 0;
  }

  /**
   * Fraction of the original size saved; 0 when nothing is stored or the original sizes are not
   * {@link #originalSizesKnown() known}.
   */
  public double savings() {
    return originalBytes <= 0 ? 0 : 1.0 - (double) storedBytes / originalBytes;
  }

  /** The same figures per deltaspace (keyed by deltaspace path, "" for the root); empty inside those entries. */
  public Map<String, StoreStats> perDeltaspace() {
    return perDeltaspace;
  }

  @Override
  public String toString() {
    if (!originalSizesKnown()) {
      return String.format("StoreStats[%d objects, ? -> %d bytes]", objects, storedBytes);
    }
    return String.format("StoreStats[%d objects, %d -> %d bytes, %.1f%% saved]", objects, originalBytes, storedBytes,
        savings() * 100);
  }
}
