package io.deltaglider.archive;

import java.io.IOException;

/**
 * The state of one expand call: where records go, the budget, the settings search, the counters,
 * and the dispatch from a level's first bytes to the parser for its container. Parsers never rely
 * on what headers claim for correctness: whatever a parser does not understand it copies as RAW
 * bytes, and each level ends by copying what is left of it.
 */
final class ExpandSession {
  /** At the top level only: how far to look for a zip behind a prefix (a launcher script, an SFX stub). */
  static final int ZIP_PREFIX_SCAN = 64 << 10;

  final ArchiveLimits limits;
  final RecordWriter out;
  final ParamsSearch search;
  /** Streams whose settings are known (no search for them), or null. */
  final KnownStreams known;
  /** Where the streams expanded are recorded, or null. */
  final KnownStreams record;
  private final InputTally input;
  private final DeflateStreamExpander streams;
  private long inflatedWork;
  int streamsFound;
  int streamsExpanded;
  int streamsKept;
  int streamsBroken;
  /** Streams whose settings came from {@link #known}. */
  int streamsKnown;
  int containers;

  ExpandSession(ArchiveLimits limits, DeflateReproducer reproducer, RecordWriter out, InputTally input,
      KnownStreams known, KnownStreams record) {
    this.limits = limits;
    this.known = known;
    this.record = record;
    this.out = out;
    this.input = input;
    this.search = new ParamsSearch(reproducer, limits.maxTriesPerStream());
    this.streams = new DeflateStreamExpander(this);
  }

  DeflateStreamExpander streams() {
    return streams;
  }

  SpillBuffer newSpill() {
    return new SpillBuffer(limits.memoryBufferBytes(), limits.tempDirectory());
  }

  /** Bytes a stream may still inflate: the ratio bound on what was read so far, capped by the total. */
  long inflationAllowance() {
    long byRatio = Math.max(ArchiveLimits.RATIO_FREE_BYTES, multiplySaturated(input.count(), limits.maxExpansionRatio()));
    return Math.min(limits.maxExpandedBytes(), byRatio) - inflatedWork;
  }

  void chargeInflation(long bytes) {
    inflatedWork += bytes;
  }

  /**
   * Expands a whole level whose bytes are {@code src}, inside {@code depth} containers: a container
   * parser passes its own depth for the content of its members and streams.
   */
  void expandContent(ByteSource src, int depth) throws IOException {
    if (depth < limits.maxDepth()) {
      Sniffer.Kind kind = Sniffer.kind(src, Long.MAX_VALUE);
      if (kind == Sniffer.Kind.NONE && depth == 0) {
        int start = Sniffer.zipStart(src, ZIP_PREFIX_SCAN);
        if (start > 0) {
          src.copyTo(out, start);
          kind = Sniffer.Kind.ZIP;
        }
      }
      if (kind != Sniffer.Kind.NONE) {
        openContainer(src, kind, depth);
      }
    }
    src.copyRest(out);
  }

  /**
   * Expands the next {@code length} bytes of {@code src}, a member of a container at {@code depth}
   * (a tar member, a stored zip entry), if they are a container; copies them otherwise.
   */
  void expandMember(ByteSource src, long length, int depth) throws IOException {
    if (depth < limits.maxDepth()) {
      Sniffer.Kind kind = Sniffer.kind(src, length);
      if (kind != Sniffer.Kind.NONE) {
        ByteSource member = new ByteSource(src.slice(length));
        openContainer(member, kind, depth);
        member.copyRest(out);
        return;
      }
    }
    src.copyTo(out, length);
  }

  private void openContainer(ByteSource src, Sniffer.Kind kind, int depth) throws IOException {
    containers++;
    switch (kind) {
      case GZIP -> new GzipExpander(this).expand(src, depth + 1);
      case ZIP -> new ZipExpander(this).expand(src, depth + 1);
      case TAR -> new TarExpander(this).expand(src, depth + 1);
      default -> throw new IllegalArgumentException(kind.toString());
    }
  }

  private static long multiplySaturated(long a, int b) {
    long hi = Math.multiplyHigh(a, b);
    long lo = a * b;
    return hi != 0 || lo < 0 ? Long.MAX_VALUE : lo;
  }
}
