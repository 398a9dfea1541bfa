package io.deltaglider.storage.fs;

import java.nio.file.Path;
import java.util.List;

/**
 * What a scan of the store's directory found that is not a visible object: temp files of writes
 * that never finished, data files without valid metadata, sidecars without their data. None of it
 * is ever shown as an object; {@link FileSystemBackend#removeLeftovers()} deletes it.
 */
public final class Leftovers {
  /** How many example paths a report keeps. */
  static final int SAMPLE = 100;

  private final long tempFiles;
  private final long dataWithoutMetadata;
  private final long orphanSidecars;
  private final long removed;
  private final List<Path> examples;

  Leftovers(long tempFiles, long dataWithoutMetadata, long orphanSidecars, long removed, List<Path> examples) {
    this.tempFiles = tempFiles;
    this.dataWithoutMetadata = dataWithoutMetadata;
    this.orphanSidecars = orphanSidecars;
    this.removed = removed;
    this.examples = List.copyOf(examples);
  }

  /** Temp files of writes that did not complete (not counting writes still in progress). */
  public long tempFiles() {
    return tempFiles;
  }

  /** Files where an object would be, without valid metadata. */
  public long dataWithoutMetadata() {
    return dataWithoutMetadata;
  }

  /** Metadata sidecars (sidecar mode only) whose data is missing or is not the data they describe. */
  public long orphanSidecars() {
    return orphanSidecars;
  }

  /** How many were deleted (zero for a scan that only counted). */
  public long removed() {
    return removed;
  }

  public long total() {
    return tempFiles + dataWithoutMetadata + orphanSidecars;
  }

  public boolean isEmpty() {
    return total() == 0;
  }

  /** Up to {@value #SAMPLE} of the paths found. */
  public List<Path> examples() {
    return examples;
  }

  @Override
  public String toString() {
    return "Leftovers[" + tempFiles + " temp files, " + dataWithoutMetadata + " data files without metadata, "
        + orphanSidecars + " orphan sidecars" + (removed > 0 ? ", " + removed + " removed" : "") + "]";
  }
}
