package io.deltaglider.archive;

import java.io.IOException;
import java.io.InputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

/**
 * Expands one raw deflate stream found at the current position of a level, in two passes over a
 * {@link SpillBuffer} of its compressed bytes. Pass one inflates it (within the session's budget) to
 * find where it ends; the search then looks for settings that reproduce it. If some do, pass two
 * inflates it again into a BEGIN .. END span whose content is itself expanded (a jar in a gzip), so
 * only compressed bytes are ever buffered. Otherwise the stream is kept as RAW bytes.
 */
final class DeflateStreamExpander {
  /** What became of a stream. */
  enum Outcome {
    /** Replaced by its inflated content. */
    EXPANDED,
    /** Kept compressed: no settings reproduce it; it ended where expected. */
    KEPT,
    /** Kept as the bytes read so far: corrupt, truncated or over the budget. Its end is unknown. */
    BROKEN
  }

  private final ExpandSession session;
  private final byte[] scratch = new byte[1 << 16];

  DeflateStreamExpander(ExpandSession session) {
    this.session = session;
  }

  Outcome expand(ByteSource src, int[] levelHints, int depth) throws IOException {
    session.streamsFound++;
    try (SpillBuffer spill = session.newSpill()) {
      long inflated = scan(src, spill);
      if (inflated < 0) {
        session.streamsBroken++;
        spill.copyTo(session.out);
        return Outcome.BROKEN;
      }
      // Small streams are looked up among the known ones and recorded: a copy of their bytes.
      byte[] compressed = (session.known != null || session.record != null) && !spill.spilled()
          && spill.size() <= KnownStreams.MAX_STREAM && inflated <= KnownStreams.MAX_STREAM ? spill.toByteArray() : null;
      StreamParams params = null;
      if (session.known != null && compressed != null) {
        params = session.known.paramsOf(KnownStreams.sha256(compressed, 0, compressed.length));
        if (params != null) {
          session.streamsKnown++;
        }
      }
      if (params == null) {
        params = session.search.find(spill, levelHints);
      }
      if (params == null) {
        session.streamsKept++;
        spill.copyTo(session.out);
        return Outcome.KEPT;
      }
      session.streamsExpanded++;
      session.out.begin(params);
      Inflater inflater = new Inflater(true);
      MessageDigest digest = session.record != null && compressed != null ? KnownStreams.newDigest() : null;
      try (InputStream inflating = new InflaterInputStream(spill.openReader(), inflater, 1 << 13)) {
        InputStream content = digest != null ? new DigestInputStream(inflating, digest) : inflating;
        session.expandContent(new ByteSource(content), depth);
      } finally {
        inflater.end();
      }
      session.out.end();
      if (digest != null) {
        session.record.add(digest.digest(), params, compressed);
      }
      return Outcome.EXPANDED;
    }
  }

  /**
   * Moves the stream's compressed bytes from {@code src} to {@code spill} and returns its inflated
   * length, or -1 if it is corrupt, truncated or inflates past the budget (what was read is then
   * in the spill).
   */
  private long scan(ByteSource src, SpillBuffer spill) throws IOException {
    Inflater inf = new Inflater(true);
    long inflated = 0;
    int fed = 0;
    try {
      while (true) {
        if (inf.needsInput()) {
          take(src, spill, fed);
          fed = Math.min(src.ensure(1), 1 << 16);
          if (fed == 0) {
            return -1;
          }
          inf.setInput(src.array(), src.offset(), fed);
        }
        int n;
        try {
          n = inf.inflate(scratch);
        } catch (DataFormatException e) {
          take(src, spill, fed);
          return -1;
        }
        inflated += n;
        if (inflated > session.inflationAllowance()) {
          session.chargeInflation(inflated);
          take(src, spill, fed);
          return -1;
        }
        if (inf.finished()) {
          take(src, spill, fed - inf.getRemaining());
          session.chargeInflation(inflated);
          return inflated;
        }
        if (n == 0 && !inf.needsInput()) {
          take(src, spill, fed); // a preset dictionary, which raw streams cannot have
          return -1;
        }
      }
    } finally {
      inf.end();
    }
  }

  private static void take(ByteSource src, SpillBuffer spill, int n) throws IOException {
    if (n > 0) {
      spill.write(src.array(), src.offset(), n);
      src.skip(n);
    }
  }
}
