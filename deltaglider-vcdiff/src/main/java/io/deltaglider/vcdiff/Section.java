package io.deltaglider.vcdiff;

/**
 * One window section (data, instructions or addresses) as {@link WindowExecutor} reads it: {@code
 * bytes[0, ready)} are there, {@code end} is the section's length. A section is either whole, or an
 * LZMA-compressed one decompressed a step at a time as the executor reaches it: then the target's
 * first bytes come out, and can be hashed on another core, while the rest of the sections are
 * still being decompressed, instead of all of them first. Reused across windows; not thread-safe.
 */
final class Section {
  /** How far past what the executor asked for a lazy section is decompressed at each step. */
  static final int STEP = 4 << 10;

  byte[] bytes = TargetSink.EMPTY;
  int ready;
  int end;
  private LzmaSectionDecoder lazy;
  private long offset;

  /** The section is {@code b[0, length)}, all there. */
  Section whole(byte[] b, int length) {
    bytes = b;
    ready = length;
    end = length;
    lazy = null;
    return this;
  }

  /**
   * The section is {@code in[inOff, inOff + inLen)} compressed by {@code decoder}'s stream, {@code
   * length} bytes once decompressed (as declared: not trusted), into {@code buffer} (grown as needed).
   */
  void lazy(LzmaSectionDecoder decoder, byte[] in, int inOff, int inLen, byte[] buffer, int length, long offset)
      throws VcdiffException {
    decoder.begin(in, inOff, inLen, offset);
    bytes = buffer;
    ready = 0;
    end = length;
    lazy = decoder;
    this.offset = offset;
  }

  /**
   * Makes at least {@code min(upTo, end)} bytes ready (a step more when decompressing); a stream that
   * cannot deliver them is a {@link VcdiffException}. A whole section has nothing to do.
   */
  void need(int upTo) throws VcdiffException {
    if (lazy == null || ready >= end || upTo <= ready) {
      return;
    }
    int want = (int) Math.min(end, Math.max((long) upTo, (long) ready + STEP));
    bytes = lazy.read(bytes, ready, want, end, offset);
    ready = want;
  }

  /**
   * After the window: a lazy section's stream must have delivered all of it (the executor consumed
   * every byte of a valid window), so the next window's section continues the stream where the
   * encoder's did. Returns the buffer, to be reused.
   */
  byte[] finish() throws VcdiffException {
    if (lazy != null) {
      need(end);
      lazy.end();
      lazy = null;
    }
    return bytes;
  }
}
