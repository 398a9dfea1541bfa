package io.deltaglider.vcdiff;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A source read and indexed once, for many encodes against it ({@link VcdiffEncoder#prepare},
 * {@link VcdiffEncoder#encode(PreparedSource, java.io.InputStream, java.io.OutputStream)}):
 * indexing costs about a tenth of an encode of a similar-sized target, and a store that writes
 * every new release of an artifact against the same reference pays it once. The deltas are the
 * same bytes an encode against the plain source gives.
 *
 * <p>Immutable and thread-safe: any number of encodes may use it at once. It reads its {@link
 * SourceData} (unless that was copied into the heap, see {@link #memoryBytes}), which must stay
 * open while it is used. Only encoders with the level and source index budget of the one that
 * prepared it accept it.
 */
public final class PreparedSource {
  final SourceReader reader;
  /** Null at level 0 and for sources shorter than one seed. */
  final SourceIndex index;
  final int level;
  final long indexBudget;
  private final long heapBytes;

  private PreparedSource(SourceReader reader, SourceIndex index, int level, long indexBudget, long heapBytes) {
    this.reader = reader;
    this.index = index;
    this.level = level;
    this.indexBudget = indexBudget;
    this.heapBytes = heapBytes;
  }

  static PreparedSource of(SourceData source, int level, long indexBudget) throws IOException {
    try {
      SourceReader reader = new SourceReader(source);
      SourceIndex index = level == 0 ? null : SourceIndex.build(reader, TargetMatcher.Level.of(level).sourceStep, indexBudget);
      // A copy the reader made is held here; an array the caller gave is the caller's.
      long copied = reader.array != null && !(source instanceof ByteArraySource) ? reader.array.length : 0;
      return new PreparedSource(reader, index, level, indexBudget, copied + (index == null ? 0 : index.bytes()));
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  /** The source's size in bytes. */
  public long size() {
    return reader.size;
  }

  /**
   * Heap this holds beyond the caller's own array: the index, and the heap copy of a file source
   * small enough to be read from the heap. What a cache of prepared sources should weigh.
   */
  public long memoryBytes() {
    return heapBytes;
  }

  /** The level it was prepared for. */
  public int level() {
    return level;
  }

  /** Whether an encoder with these settings may use it. */
  boolean fits(int encoderLevel, long encoderIndexBudget) {
    return level == encoderLevel && (level == 0 || indexBudget == encoderIndexBudget);
  }
}
