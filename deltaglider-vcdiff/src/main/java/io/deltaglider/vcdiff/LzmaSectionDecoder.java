package io.deltaglider.vcdiff;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import org.tukaani.xz.MemoryLimitException;
import org.tukaani.xz.SingleXZInputStream;

/**
 * xdelta3's LZMA secondary compression: one .xz stream per section kind for the whole delta, sync
 * flushed at each window's end and never finished. Each window's compressed bytes are appended to
 * a feed the persistent {@link SingleXZInputStream} reads from, so window 2 continues window 1.
 */
final class LzmaSectionDecoder implements SecondaryDecoder {
  /** Caps the dictionary a hostile stream may ask for; xdelta3 writes preset 0 (256 KiB). */
  private static final int MEMORY_LIMIT_KIB = 64 * 1024;
  /** Output array first allocated when none is at hand: grown from there as output appears. */
  private static final int FIRST_CHUNK = 1 << 20;

  private final Feed feed = new Feed();
  private SingleXZInputStream xz;

  @Override
  public byte[] decode(byte[] in, int inOff, int inLen, byte[] out, int outLen, long deltaOffset)
      throws VcdiffException {
    begin(in, inOff, inLen, deltaOffset);
    out = read(out, 0, outLen, outLen, deltaOffset);
    end();
    return out;
  }

  /**
   * Starts a window's section, {@code in[inOff, inOff + inLen)}, to be read by {@link #read} and
   * closed by {@link #end}; {@code in} is borrowed until then.
   */
  void begin(byte[] in, int inOff, int inLen, long deltaOffset) throws VcdiffException {
    feed.append(in, inOff, inLen);
    if (xz == null) {
      try {
        xz = new SingleXZInputStream(feed, memoryLimitKib());
      } catch (IOException | RuntimeException e) {
        throw failure(e, deltaOffset);
      }
    }
  }

  /**
   * Decompresses the section's bytes {@code [done, want)} into {@code out}, enlarging it (up to
   * {@code outLen}, the section's declared size) as output appears; returns the array holding them.
   */
  byte[] read(byte[] out, int done, int want, int outLen, long deltaOffset) throws VcdiffException {
    try {
      while (done < want) {
        if (done == out.length) {
          // The declared size is not trusted: grow as the stream delivers.
          int next = (int) Math.min(outLen, Math.max(FIRST_CHUNK, 2L * out.length));
          out = HeapBudget.grow(out, next, "a decompressed LZMA section", deltaOffset);
        }
        int n = xz.read(out, done, Math.min(want, out.length) - done);
        if (n < 0) {
          throw new VcdiffException(
              "LZMA secondary stream ended after " + done + " of " + outLen + " bytes", deltaOffset);
        }
        done += n;
      }
      return out;
    } catch (VcdiffException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw failure(e, deltaOffset);
    }
  }

  /** The window's section is read: keeps what the stream has not consumed for the next window. */
  void end() {
    feed.keepRest();
  }

  private static VcdiffException failure(Exception e, long deltaOffset) {
    if (e instanceof MemoryLimitException) {
      MemoryLimitException m = (MemoryLimitException) e;
      return new VcdiffException("LZMA secondary stream needs " + m.getMemoryNeeded() + " KiB of memory, over "
          + "the limit of " + m.getMemoryLimit() + " KiB (64 MiB, or what the heap has free)", deltaOffset, e);
    }
    if (e instanceof EOFException) {
      return new VcdiffException("LZMA secondary section is truncated", deltaOffset, e);
    }
    // XZ for Java reports corrupt input as IOException subclasses (and, rarely, runtime errors).
    return new VcdiffException("LZMA secondary section is corrupt: " + e.getMessage(), deltaOffset, e);
  }

  /**
   * At most {@link #MEMORY_LIMIT_KIB}, and no more than the heap has free: the stream header
   * names the dictionary size, which the decoder allocates at once.
   */
  private static int memoryLimitKib() {
    return (int) Math.max(1, HeapBudget.largest(MEMORY_LIMIT_KIB * 1024L) / 1024);
  }

  /** An input stream over the bytes handed in so far; the caller's array is borrowed per call. */
  private static final class Feed extends InputStream {
    private byte[] buf = new byte[0];
    private int pos;
    private int end;
    private byte[] carry = new byte[0];

    void append(byte[] in, int off, int len) {
      int rest = end - pos;
      if (rest == 0) {
        buf = in;
        pos = off;
        end = off + len;
        return;
      }
      // Bytes left from the previous window continue the stream; join them with the new ones.
      byte[] joined = new byte[rest + len];
      System.arraycopy(buf, pos, joined, 0, rest);
      System.arraycopy(in, off, joined, rest, len);
      buf = joined;
      pos = 0;
      end = joined.length;
    }

    /** The caller reuses its array after the call: copy whatever the decoder has not consumed. */
    void keepRest() {
      int rest = end - pos;
      if (rest > 0 && buf != carry) {
        if (carry.length < rest) {
          carry = new byte[rest];
        }
        System.arraycopy(buf, pos, carry, 0, rest);
        buf = carry;
        pos = 0;
        end = rest;
      }
    }

    @Override
    public int read() {
      return pos < end ? buf[pos++] & 0xFF : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (len == 0) {
        return 0;
      }
      if (pos >= end) {
        return -1;
      }
      int n = Math.min(len, end - pos);
      System.arraycopy(buf, pos, b, off, n);
      pos += n;
      return n;
    }

    @Override
    public int available() {
      return end - pos;
    }
  }
}
