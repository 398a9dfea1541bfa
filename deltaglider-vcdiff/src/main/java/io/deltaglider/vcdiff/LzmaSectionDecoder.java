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
    feed.append(in, inOff, inLen);
    try {
      if (xz == null) {
        xz = new SingleXZInputStream(feed, memoryLimitKib());
      }
      int done = 0;
      while (done < outLen) {
        if (done == out.length) {
          // The declared size is not trusted: grow as the stream delivers.
          int next = (int) Math.min(outLen, Math.max(FIRST_CHUNK, 2L * out.length));
          out = HeapBudget.grow(out, next, "a decompressed LZMA section", deltaOffset);
        }
        int n = xz.read(out, done, Math.min(outLen, out.length) - done);
        if (n < 0) {
          throw new VcdiffException(
              "LZMA secondary stream ended after " + done + " of " + outLen + " bytes", deltaOffset);
        }
        done += n;
      }
    } catch (VcdiffException e) {
      throw e;
    } catch (MemoryLimitException e) {
      throw new VcdiffException("LZMA secondary stream needs " + e.getMemoryNeeded() + " KiB of memory, over "
          + "the limit of " + e.getMemoryLimit() + " KiB (64 MiB, or what the heap has free)", deltaOffset, e);
    } catch (EOFException e) {
      throw new VcdiffException("LZMA secondary section is truncated", deltaOffset, e);
    } catch (IOException | RuntimeException e) {
      // XZ for Java reports corrupt input as IOException subclasses (and, rarely, runtime errors).
      throw new VcdiffException("LZMA secondary section is corrupt: " + e.getMessage(), deltaOffset, e);
    }
    feed.keepRest();
    return out;
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
