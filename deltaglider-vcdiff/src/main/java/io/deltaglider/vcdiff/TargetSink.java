package io.deltaglider.vcdiff;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * Where decoded windows go. The decoder asks for room for a window ({@link #prepare}), decodes
 * into {@code buffer[base, base + length)}, verifies it, then {@link #commit}s it. The in-memory
 * sink decodes straight into the final array (no copy); the streaming sink reuses two window
 * buffers and writes each verified window out, keeping the previous one for VCD_TARGET windows.
 */
abstract class TargetSink {
  byte[] buffer = new byte[0];
  int base;
  /** Bytes committed so far. */
  long written;

  /** Makes {@code buffer[base, base + length)} writable for the next window. */
  abstract void prepare(int length);

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
   */
  static final class Stream extends TargetSink {
    private final OutputStream out;
    private final int maxWindow;
    /** The helper thread's queue of one, or null to verify and write on the decoding thread. */
    private final WriteBehind behind;
    private byte[] previous = new byte[0];
    private long previousStart;
    private int previousLength;

    Stream(OutputStream out, int maxWindow, boolean writeBehind) {
      this.out = out;
      this.maxWindow = maxWindow;
      this.behind = writeBehind ? new WriteBehind(out) : null;
    }

    @Override
    void prepare(int length) {
      if (buffer.length < length) {
        buffer = new byte[Math.max(length, Math.min(maxWindow, buffer.length * 2))];
      }
      base = 0;
    }

    @Override
    void commit(int length, long expectedAdler, boolean zeroSeeded, long windowOffset)
        throws IOException {
      if (behind == null) {
        verify(buffer, 0, length, expectedAdler, zeroSeeded, windowOffset);
        out.write(buffer, 0, length);
      } else {
        // Waits until the previous window is written: its buffer is the next one decoded into.
        behind.submit(buffer, length, expectedAdler, zeroSeeded, windowOffset);
      }
      byte[] t = previous;
      previous = buffer;
      buffer = t;
      previousStart = written;
      previousLength = length;
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
      if (pos >= previousStart && pos + len <= previousStart + previousLength) {
        historyIndex = pos - previousStart;
        return previous;
      }
      return null;
    }
  }

  static final class InMemory extends TargetSink {
    private final long expected;
    /** Receives final bytes while windows decode; null when nobody asked. */
    private final DecodeProgress progress;
    /** Target bytes handed to {@link #progress} so far. */
    private int delivered;

    /**
     * @param expected total target length the delta's window headers announce; trusted only up to
     *     one window ahead of what has actually been decoded, since a hostile delta can claim anything
     * @param firstAllocation bytes allocated up front, at most
     */
    InMemory(long expected, int firstAllocation, DecodeProgress progress) {
      this.expected = Math.max(0, Math.min(expected, Integer.MAX_VALUE - 16));
      this.progress = progress;
      buffer = new byte[(int) Math.min(this.expected, firstAllocation)];
    }

    DecodeProgress progress() {
      return progress;
    }

    /** Hands {@code buffer[delivered, end)} on: the executor has finished writing it. */
    void deliver(byte[] target, int end) {
      if (end > delivered) {
        progress.decoded(target, delivered, end - delivered);
        delivered = end;
      }
    }

    @Override
    void prepare(int length) {
      long need = written + length;
      if (need > buffer.length) {
        long cap = Math.max(expected, need);
        long grown = Math.max(need, Math.min(cap, 2L * buffer.length));
        buffer = Arrays.copyOf(buffer, (int) grown);
      }
      base = (int) written;
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

    byte[] toByteArray() {
      return written == buffer.length ? buffer : Arrays.copyOf(buffer, (int) written);
    }

    long expected() {
      return expected;
    }
  }
}
