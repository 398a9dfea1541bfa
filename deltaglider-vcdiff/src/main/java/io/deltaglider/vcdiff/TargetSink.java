package io.deltaglider.vcdiff;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Where decoded windows go. For each window the decoder calls {@link #prepare}, then {@link
 * #reserve} for as many bytes as the window's instructions account for, decodes into {@code
 * buffer[base, base + length)} (calling {@link #grow} should that not suffice), verifies it, then
 * {@link #commit}s it. A window's declared length is never allocated on trust: a hostile header
 * may claim 64 MiB for a window that produces nothing. The in-memory sink decodes straight into the
 * final array (no copy); the streaming sink reuses its window buffers and writes each verified
 * window out, keeping the previous one for VCD_TARGET windows.
 */
abstract class TargetSink {
  static final byte[] EMPTY = new byte[0];

  byte[] buffer = EMPTY;
  int base;
  /** Bytes committed so far. */
  long written;

  /**
   * Picks the buffer for the next window and sets {@link #base}; allocates nothing. {@code
   * declared} is the window's declared length (an upper bound, not a promise); {@code
   * copiesFromPrevious}: the window is a VCD_TARGET window, which reads earlier target bytes.
   */
  abstract void prepare(int declared, boolean copiesFromPrevious) throws IOException;

  /** Makes {@code buffer[base, base + length)} writable; nothing of the window is written yet. */
  abstract void reserve(int length, long windowOffset) throws IOException;

  /**
   * Makes {@code buffer} at least {@code end} long (an index, not a window length), keeping {@code
   * buffer[0, used)}; returns the buffer, which may be a new array. {@code windowEnd} is where the
   * window's declared length ends: growing beyond it is pointless.
   */
  abstract byte[] grow(int used, int end, int windowEnd, long offset) throws IOException;

  /**
   * The window in {@code buffer[base, base + length)} is decoded: verify it against {@code
   * expectedAdler} (none if negative) and hand it on. A window is handed on only once verified;
   * a sink may do both later, on another thread, reporting a failure at a later call.
   */
  abstract void commit(int length, long expectedAdler, boolean zeroSeeded, long windowOffset)
      throws IOException;

  /** After the last window: returns once every committed window is handed on, or throws why not. */
  void finish() throws IOException {}

  /** Called once at the end, after success or failure; releases any helper thread. Never throws. */
  void close() {}

  /**
   * Checks a window's Adler-32 (open-vcdiff's zero-seeded variant if {@code zeroSeeded});
   * nothing to check if {@code expected} is negative.
   */
  static void verify(byte[] b, int off, int len, long expected, boolean zeroSeeded, long windowOffset)
      throws VcdiffException {
    if (expected < 0) {
      return;
    }
    long standard = Adler32s.of(b, off, len);
    long actual = zeroSeeded ? DecodeSession.zeroSeededAdler32(standard, len) : standard;
    if (actual != expected) {
      throw new VcdiffException(String.format(
          "target window checksum mismatch: expected %08x, got %08x", expected, actual), windowOffset);
    }
  }

  /**
   * Where target offsets {@code [pos, pos + len)} of earlier windows can be read: returns the
   * array holding them and sets {@link #historyIndex} to the index of {@code pos}; {@code null}
   * if they are not kept.
   */
  abstract byte[] history(long pos, long len);

  long historyIndex;

  /**
   * Writes each window to a stream, on the decoding thread or, with write-behind, verified and
   * written by a helper thread while the next window decodes into the other buffer.
   *
   * <p>Two window arrays at most, and a second one only when it is needed: for a VCD_TARGET window
   * (the previous window must stay readable), or with write-behind when the heap has room for it.
   * Otherwise the next window waits for the previous one to be written and reuses its array.
   */
  static final class Stream extends TargetSink {
    private final OutputStream out;
    /** The helper thread's queue of one, or null to verify and write on the decoding thread. */
    private final WriteBehind behind;
    private final byte[][] arrays = {EMPTY, EMPTY};
    /** Slot of the last committed window. */
    private int last;
    /** Slot being decoded into. */
    private int cur;
    /** The window being decoded reads the last one: its array must stay. */
    private boolean keepLast;
    private long lastStart;
    private int lastLength;

    Stream(OutputStream out, boolean writeBehind) {
      this.out = out;
      this.behind = writeBehind ? new WriteBehind(out) : null;
    }

    @Override
    void prepare(int declared, boolean copiesFromPrevious) throws IOException {
      keepLast = copiesFromPrevious;
      int other = 1 - last;
      if (copiesFromPrevious
          || (behind != null && (arrays[other].length >= declared || HeapBudget.fits(declared)))) {
        cur = other;
      } else {
        oneBuffer();
      }
      buffer = arrays[cur];
      base = 0;
    }

    /** Decodes into the last window's array (once it is written) or the other, whichever is larger. */
    private void oneBuffer() throws IOException {
      if (behind != null) {
        behind.awaitIdle();
      }
      cur = arrays[last].length >= arrays[1 - last].length ? last : 1 - last;
      arrays[1 - cur] = EMPTY;
    }

    /**
     * When a second array was taken for write-behind but the heap has no room to enlarge this one:
     * waits until the last window is written, then frees its array, returning it (to be reused).
     * Returns null if that array must stay (VCD_TARGET) or there is none.
     */
    private byte[] takeLast() throws IOException {
      if (keepLast || cur == last || arrays[last].length == 0) {
        return null;
      }
      if (behind != null) {
        behind.awaitIdle();
      }
      byte[] spare = arrays[last];
      arrays[last] = EMPTY;
      return spare;
    }

    @Override
    void reserve(int length, long windowOffset) throws IOException {
      if (buffer.length >= length) {
        return;
      }
      arrays[cur] = buffer = EMPTY; // holds nothing of this window yet
      if (!HeapBudget.fits(length)) {
        byte[] spare = takeLast();
        if (spare != null && spare.length >= length) {
          arrays[cur] = buffer = spare;
          return;
        }
      }
      arrays[cur] = buffer = HeapBudget.allocate(length, "a target window", windowOffset);
    }

    @Override
    byte[] grow(int used, int end, int windowEnd, long offset) throws IOException {
      int want = (int) Math.min(windowEnd, Math.max(end, 2L * buffer.length));
      if (!HeapBudget.fits(want)) {
        want = end;
        if (!HeapBudget.fits(end)) {
          byte[] spare = takeLast();
          if (spare != null && spare.length >= end) {
            System.arraycopy(buffer, 0, spare, 0, used);
            arrays[cur] = buffer = spare;
            return buffer;
          }
        }
      }
      arrays[cur] = buffer = HeapBudget.grow(buffer, want, "a target window", offset);
      return buffer;
    }

    @Override
    void commit(int length, long expectedAdler, boolean zeroSeeded, long windowOffset)
        throws IOException {
      if (behind == null) {
        verify(buffer, 0, length, expectedAdler, zeroSeeded, windowOffset);
        out.write(buffer, 0, length);
      } else {
        // Waits until the previous window is written: its buffer may be the next one decoded into.
        behind.submit(buffer, length, expectedAdler, zeroSeeded, windowOffset);
      }
      last = cur;
      lastStart = written;
      lastLength = length;
      written += length;
    }

    @Override
    void finish() throws IOException {
      if (behind != null) {
        behind.awaitIdle();
      }
    }

    @Override
    void close() {
      if (behind != null) {
        behind.close();
      }
    }

    @Override
    byte[] history(long pos, long len) {
      if (pos >= lastStart && pos + len <= lastStart + lastLength) {
        historyIndex = pos - lastStart;
        return arrays[last];
      }
      return null;
    }
  }

  static final class InMemory extends TargetSink {
    /**
     * How far the result is allocated ahead of what the instructions account for: up to this many
     * times that, when the window headers announce that much. Room for a few more windows, so a
     * valid delta's result is usually allocated once, while a lying header gains little.
     */
    private static final int AHEAD = 8;

    private final long expected;
    /** Receives final bytes while windows decode; null when nobody asked. */
    private final DecodeProgress progress;
    /** Target bytes handed to {@link #progress} so far. */
    private int delivered;

    /**
     * @param expected total target length the delta's window headers announce; trusted only a
     *     bounded factor ahead of what the instructions account for, since a hostile delta can
     *     claim anything
     */
    InMemory(long expected, DecodeProgress progress) {
      this.expected = Math.max(0, Math.min(expected, Integer.MAX_VALUE - 16));
      this.progress = progress;
    }

    DecodeProgress progress() {
      return progress;
    }

    /**
     * How many target bytes go in one piece handed to {@link #progress}: a sixteenth of the
     * announced target, from 64 KiB to 1 MiB, so the last piece (all that a hashing thread keeping
     * up still has to do once the decode ends) is small, and a piece still costs nothing to hand on.
     */
    int progressStep() {
      return progressStep(expected);
    }

    static int progressStep(long expected) {
      return (int) Math.max(64 << 10, Math.min(1 << 20, expected / 16));
    }

    /** Hands {@code buffer[delivered, end)} on: the executor has finished writing it. */
    void deliver(byte[] target, int end) {
      if (end > delivered) {
        progress.decoded(target, delivered, end - delivered);
        delivered = end;
      }
    }

    @Override
    void prepare(int declared, boolean copiesFromPrevious) {
      base = (int) written;
    }

    @Override
    void reserve(int length, long windowOffset) throws VcdiffException {
      growTo(written + length, windowOffset);
    }

    @Override
    byte[] grow(int used, int end, int windowEnd, long offset) throws VcdiffException {
      growTo(end, offset);
      return buffer;
    }

    private void growTo(long need, long offset) throws VcdiffException {
      if (need <= buffer.length) {
        return;
      }
      long ahead = Math.min(expected, Math.max(2L * buffer.length, AHEAD * need));
      long want = Math.min(Integer.MAX_VALUE - 16, Math.max(need, ahead));
      if (want > need && !HeapBudget.fits(want)) {
        want = need;
      }
      buffer = HeapBudget.grow(buffer, (int) want, "the decoded target", offset);
    }

    @Override
    void commit(int length, long expectedAdler, boolean zeroSeeded, long windowOffset)
        throws VcdiffException {
      verify(buffer, base, length, expectedAdler, zeroSeeded, windowOffset);
      written += length;
      if (progress != null) {
        deliver(buffer, (int) written);
      }
    }

    @Override
    byte[] history(long pos, long len) {
      historyIndex = pos;
      return buffer;
    }

    /** The result; trimmed (a copy, checked against the heap) only if it was over-allocated. */
    byte[] toByteArray() throws VcdiffException {
      if (written == buffer.length) {
        return buffer;
      }
      byte[] result = HeapBudget.allocate((int) written, "the decoded target", -1);
      System.arraycopy(buffer, 0, result, 0, (int) written);
      return result;
    }

    long expected() {
      return expected;
    }
  }
}
