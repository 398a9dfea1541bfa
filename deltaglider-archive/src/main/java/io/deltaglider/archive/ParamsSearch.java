package io.deltaglider.archive;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

/**
 * Finds deflate settings that compress a stream's inflated bytes back to exactly the stream, or
 * none. Tries few and likely ones first: the settings that worked for the previous stream (an
 * archive is usually made by one tool), then what the container hints (gzip XFL, zip flag bits 1-2),
 * then zlib levels in order of how often tools use them; at most {@code maxTries}. Each try stops at
 * the first byte that differs. After {@link #MISSES_BEFORE_CUTBACK} streams in a row that nothing
 * reproduced (an archive from another deflate implementation), only the first two candidates are
 * tried, until one matches again.
 */
final class ParamsSearch {
  /** zlib levels in order of use: the default, the maximum, the fastest, then the rest (0 comes last, below). */
  private static final int[] LADDER = {6, 9, 1, 5, 4, 7, 8, 3, 2};

  static final int MISSES_BEFORE_CUTBACK = 8;

  private final DeflateReproducer reproducer;
  private final int maxTries;
  private final byte[] buf = new byte[1 << 15];
  private final byte[] compareBuf = new byte[1 << 15];
  private StreamParams last;
  private int tries;
  private int missesInARow;

  ParamsSearch(DeflateReproducer reproducer, int maxTries) {
    this.reproducer = reproducer;
    this.maxTries = maxTries;
  }

  /** Settings tried so far, over all streams (for tests and reports). */
  int tries() {
    return tries;
  }

  /**
   * Settings that reproduce {@code stream} (a whole raw deflate stream, known to inflate cleanly),
   * or null.
   *
   * @param levelHints levels the container suggests, most likely first
   */
  StreamParams find(SpillBuffer stream, int[] levelHints) throws IOException {
    List<StreamParams> candidates = candidates(levelHints);
    int limit = missesInARow >= MISSES_BEFORE_CUTBACK ? Math.min(2, candidates.size()) : candidates.size();
    for (StreamParams p : candidates.subList(0, limit)) {
      tries++;
      if (reproduces(stream, p)) {
        last = p;
        missesInARow = 0;
        return p;
      }
    }
    missesInARow++;
    return null;
  }

  List<StreamParams> candidates(int[] levelHints) {
    Set<StreamParams> order = new LinkedHashSet<>();
    if (last != null) {
      order.add(last);
    }
    for (int level : levelHints) {
      order.add(StreamParams.of(level));
    }
    for (int level : LADDER) {
      order.add(StreamParams.of(level));
    }
    order.add(StreamParams.of(6).withStrategy(StreamParams.FILTERED));
    order.add(StreamParams.of(6).withStrategy(StreamParams.HUFFMAN_ONLY));
    order.add(StreamParams.of(0));
    List<StreamParams> out = new ArrayList<>(maxTries);
    for (StreamParams p : order) {
      if (out.size() == maxTries) {
        break;
      }
      if (reproducer.supports(p)) {
        out.add(p);
      }
    }
    return out;
  }

  private boolean reproduces(SpillBuffer stream, StreamParams p) throws IOException {
    Inflater inflater = new Inflater(true);
    try (InputStream expected = stream.openReader();
        InputStream inflated = new InflaterInputStream(stream.openReader(), inflater, 1 << 13);
        DeflateReproducer.StreamCompressor compressor = reproducer.open(p)) {
      ComparingOutputStream check = new ComparingOutputStream(expected, compareBuf);
      for (int n; (n = inflated.read(buf)) > 0; ) {
        compressor.write(buf, 0, n, check);
      }
      compressor.finish(check);
      return check.complete();
    } catch (ComparingOutputStream.Mismatch m) {
      return false;
    } finally {
      inflater.end();
    }
  }
}
