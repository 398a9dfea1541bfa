package io.deltaglider.archive;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * A raw-deflate encoder whose output equals zlib's {@code deflate()} with {@code Z_NO_FLUSH} for
 * all input then {@code Z_FINISH}: zlib 1.2.12 to 1.3.1, whose deflate code does not differ in
 * anything that decides the output (tested against 1.2.13, the system zlib here).
 *
 * <p>zlib's output is a function of its parameters, its input and how the input reaches it. This
 * class reproduces zlib given all the input in one call, whatever the split across
 * {@link #write} calls: it holds input back until it has as much as zlib would have read.
 *
 * <ul>
 *   <li>Levels 1-9 do not depend on the output buffer's size, nor on the input's split into
 *       pieces of a power-of-two size of 512 bytes or more. Other splits can, rarely, change zlib's
 *       output: where a piece ends in the last 262 bytes of the window, zlib may slide the window
 *       one step early and lose a string at exactly the largest distance (see ZlibOracleTest).
 *   <li>Level 0 depends on the caller's buffers in zlib 1.2.12 and later. What is reproduced is
 *       zlib given all input with {@code Z_NO_FLUSH} and an output buffer large enough for it, then
 *       {@code Z_FINISH}: stored blocks of 65535 bytes, then the rest; if the rest is at least
 *       {@code min(2^(memLevel+8) - 5, 2^windowBits)} bytes it goes out as a block of its own
 *       followed by an empty last block, else as the last block. (Given everything with
 *       {@code Z_FINISH} at once, zlib would instead always make the rest the last block.)
 * </ul>
 *
 * <p>Memory is fixed at construction, as in zlib: the window (two windows' worth), the hash chains,
 * the symbol buffer and an output buffer for one block, all sized from the parameters.
 *
 * <p>This class holds the level-0 path (stored blocks); levels 1-9 run zlib's parser for the level
 * and strategy, a {@link DeflateWindow}. {@link WrappedDeflater} puts the stream in zlib's or gzip's
 * wrapper.
 *
 * <p>Not thread-safe.
 */
final class ZlibDeflater {
  /** Longest stored block. */
  private static final int MAX_STORED = 65535;

  private final DeflateParams params;
  private final BlockWriter blocks;
  /** Levels 1-9: the window and parser zlib uses for the level and strategy; null at level 0. */
  private final DeflateWindow parser;

  private byte[] stored;
  private int storedCount;
  private final int storedMinBlock;

  private boolean finished;

  ZlibDeflater(DeflateParams params) {
    this.params = params;
    blocks = new BlockWriter(params.memLevel(), params.level(), params.strategy());
    parser = params.level() == 0 ? null : DeflateWindow.forParams(params, blocks);
    // zlib's first block of 0-level output is at least this long unless the input ends first.
    storedMinBlock = Math.min((1 << (params.memLevel() + 8)) - 5, 1 << params.windowBits());
  }

  DeflateParams params() {
    return params;
  }

  /** Compressed bytes written to the output streams so far. */
  long totalOut() {
    return blocks.totalOut();
  }

  /** Compresses {@code b[off, off + len)}; the compressed bytes that are ready go to {@code out}. */
  void write(byte[] b, int off, int len, OutputStream out) throws IOException {
    if (finished) {
      throw new IllegalStateException("finished");
    }
    java.util.Objects.checkFromIndexSize(off, len, b.length);
    blocks.sink(out);
    if (parser == null) {
      writeStored(b, off, len);
    } else {
      parser.write(b, off, len);
    }
    blocks.drain();
  }

  /** Compresses what is left and ends the stream with the last block. */
  void finish(OutputStream out) throws IOException {
    if (finished) {
      throw new IllegalStateException("finished");
    }
    finished = true;
    blocks.sink(out);
    if (parser == null) {
      finishStored();
    } else {
      parser.compress(true);
    }
    blocks.alignToByte();
    blocks.drain();
  }

  /** The raw deflate stream of {@code input}. */
  static byte[] deflate(byte[] input, DeflateParams params) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(input.length / 2 + 64);
    ZlibDeflater d = new ZlibDeflater(params);
    try {
      d.write(input, 0, input.length, out);
      d.finish(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a ByteArrayOutputStream does not throw
    }
    return out.toByteArray();
  }

  // ---- level 0 --------------------------------------------------------------------------------

  private void writeStored(byte[] b, int off, int len) throws IOException {
    if (stored == null) {
      stored = new byte[MAX_STORED];
    }
    while (len > 0) {
      int n = Math.min(MAX_STORED - storedCount, len);
      System.arraycopy(b, off, stored, storedCount, n);
      storedCount += n;
      off += n;
      len -= n;
      // zlib copies whole 65535-byte blocks straight out while that much input is left.
      if (storedCount == MAX_STORED) {
        blocks.storedBlock(stored, 0, MAX_STORED, false);
        storedCount = 0;
      }
    }
  }

  private void finishStored() throws IOException {
    byte[] data = stored == null ? new byte[0] : stored;
    if (storedCount >= storedMinBlock) {
      // Still a worthy block under Z_NO_FLUSH; Z_FINISH then adds an empty last one.
      blocks.storedBlock(data, 0, storedCount, false);
      blocks.storedBlock(data, 0, 0, true);
    } else {
      blocks.storedBlock(data, 0, storedCount, true);
    }
    storedCount = 0;
  }
}
