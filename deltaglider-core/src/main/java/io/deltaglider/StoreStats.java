package io.deltaglider;

import java.util.Map;

/** Space used under a prefix: original bytes against stored bytes (references included). */
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

  /** Sum of the objects' original sizes. */
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

  /** {@code originalBytes - storedBytes} (negative when references cost more than deltas save). */
  public long savedBytes() {
    return originalBytes - storedBytes;
  }

  /** Fraction of the original size saved, 0 when nothing is stored. */
  public double savings() {
    return originalBytes == 0 ? 0 : 1.0 - (double) storedBytes / originalBytes;
  }

  /** The same figures per deltaspace (keyed by deltaspace path, "" for the root); empty inside those entries. */
  public Map<String, StoreStats> perDeltaspace() {
    return perDeltaspace;
  }

  @Override
  public String toString() {
    return String.format("StoreStats[%d objects, %d -> %d bytes, %.1f%% saved]", objects, originalBytes, storedBytes,
        savings() * 100);
  }
}
