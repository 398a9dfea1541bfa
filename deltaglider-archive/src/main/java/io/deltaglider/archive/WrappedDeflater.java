package io.deltaglider.archive;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Objects;
import java.util.zip.Adler32;
import java.util.zip.CRC32;
import java.util.zip.Checksum;

/**
 * {@link ZlibDeflater}'s raw deflate stream in the wrapper zlib writes around it: none, the zlib
 * format (RFC 1950) or gzip (RFC 1952), as {@code deflateInit2} is told by its windowBits (-w, w or
 * 16 + w). The deflate stream inside is the same in all three; the output equals zlib's under the
 * conditions {@link ZlibDeflater} states (zlib 1.2.12 to 1.3.1).
 *
 * <ul>
 *   <li>zlib: a two-byte header, CMF (deflate, window size from windowBits) and FLG (FLEVEL from the
 *       level and strategy as zlib derives it, FCHECK), then the stream, then its Adler-32 (big-endian).
 *       zlib's preset dictionary ({@code deflateSetDictionary}, FDICT) is not supported: there is no
 *       way to give one, and FDICT is never set. zlib accepts windowBits 8 for this wrapper only and
 *       compresses (and labels the header) as 9; ask for 9.
 *   <li>gzip: a {@link GzipHeader} ({@link GzipHeader#ZLIB_DEFAULT} unless given), the stream, then
 *       the CRC-32 and the input's length mod 2^32 (both little-endian).
 * </ul>
 *
 * <p>The header goes out on the first {@link #write} or {@link #finish}, the trailer with finish.
 * Not thread-safe.
 */
final class WrappedDeflater {
  /** Which wrapper: zlib's deflateInit2 picks it by its windowBits, -w, w or 16 + w. */
  enum Wrapper { RAW, ZLIB, GZIP }

  private final ZlibDeflater deflater;
  private final Wrapper wrapper;
  private final byte[] header;
  private final Checksum check;
  private long totalIn;
  private boolean started;
  private boolean finished;

  /** A stream in {@code wrapper}; a gzip one with zlib's default header. */
  WrappedDeflater(DeflateParams params, Wrapper wrapper) {
    this(params, Objects.requireNonNull(wrapper, "wrapper"),
        wrapper == Wrapper.GZIP ? GzipHeader.ZLIB_DEFAULT.bytes(params) : null);
  }

  /** A gzip stream with the caller's header, as zlib writes it after {@code deflateSetHeader}. */
  WrappedDeflater(DeflateParams params, GzipHeader gzipHeader) {
    this(params, Wrapper.GZIP, gzipHeader.bytes(params));
  }

  private WrappedDeflater(DeflateParams params, Wrapper wrapper, byte[] gzipHeader) {
    this.deflater = new ZlibDeflater(params);
    this.wrapper = wrapper;
    switch (wrapper) {
      case ZLIB:
        header = zlibHeader(params);
        check = new Adler32();
        break;
      case GZIP:
        header = gzipHeader;
        check = new CRC32();
        break;
      default:
        header = new byte[0];
        check = null;
    }
  }

  /**
   * The zlib header: CMF says deflate and the window size, FLG the FLEVEL zlib derives (0 at levels
   * 0-1 and for the strategies without string matching, 1 below 6, 2 at 6, 3 above), and FCHECK
   * makes the pair a multiple of 31. (zlib adds {@code 31 - header % 31}, which would give FCHECK
   * 31 rather than 0 for a pair already a multiple of 31; no window size and FLEVEL makes one.)
   */
  static byte[] zlibHeader(DeflateParams p) {
    int flevel;
    if (p.strategy() >= DeflateParams.HUFFMAN_ONLY || p.level() < 2) {
      flevel = 0;
    } else if (p.level() < 6) {
      flevel = 1;
    } else if (p.level() == 6) {
      flevel = 2;
    } else {
      flevel = 3;
    }
    int h = (8 | (p.windowBits() - 8) << 4) << 8 | flevel << 6;
    h += 31 - h % 31;
    return new byte[] {(byte) (h >>> 8), (byte) h};
  }

  DeflateParams params() {
    return deflater.params();
  }

  Wrapper wrapper() {
    return wrapper;
  }

  /** Bytes written to the output streams so far: header, compressed data and, once finished, trailer. */
  long totalOut() {
    return (started ? header.length : 0) + deflater.totalOut() + (finished ? trailerLength() : 0);
  }

  /** Compresses {@code b[off, off + len)}; what is ready (the header first) goes to {@code out}. */
  void write(byte[] b, int off, int len, OutputStream out) throws IOException {
    if (finished) {
      throw new IllegalStateException("finished");
    }
    Objects.checkFromIndexSize(off, len, b.length);
    start(out);
    if (check != null) {
      check.update(b, off, len);
    }
    totalIn += len;
    deflater.write(b, off, len, out);
  }

  /** Compresses what is left, ends the deflate stream and writes the trailer. */
  void finish(OutputStream out) throws IOException {
    if (finished) {
      throw new IllegalStateException("finished");
    }
    start(out);
    deflater.finish(out);
    finished = true;
    if (wrapper == Wrapper.ZLIB) {
      int a = (int) check.getValue();
      out.write(new byte[] {(byte) (a >>> 24), (byte) (a >>> 16), (byte) (a >>> 8), (byte) a});
    } else if (wrapper == Wrapper.GZIP) {
      int c = (int) check.getValue();
      int n = (int) totalIn;
      out.write(new byte[] {(byte) c, (byte) (c >>> 8), (byte) (c >>> 16), (byte) (c >>> 24),
          (byte) n, (byte) (n >>> 8), (byte) (n >>> 16), (byte) (n >>> 24)});
    }
  }

  /** {@code input} compressed whole, in {@code wrapper} (gzip with zlib's default header). */
  static byte[] deflate(byte[] input, DeflateParams params, Wrapper wrapper) {
    return run(input, new WrappedDeflater(params, wrapper));
  }

  /** {@code input} compressed whole, as gzip with {@code header}. */
  static byte[] gzip(byte[] input, DeflateParams params, GzipHeader header) {
    return run(input, new WrappedDeflater(params, header));
  }

  private static byte[] run(byte[] input, WrappedDeflater d) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(input.length / 2 + 64);
    try {
      d.write(input, 0, input.length, out);
      d.finish(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a ByteArrayOutputStream does not throw
    }
    return out.toByteArray();
  }

  private void start(OutputStream out) throws IOException {
    if (!started) {
      started = true;
      out.write(header);
    }
  }

  private int trailerLength() {
    return wrapper == Wrapper.ZLIB ? 4 : wrapper == Wrapper.GZIP ? 8 : 0;
  }
}
