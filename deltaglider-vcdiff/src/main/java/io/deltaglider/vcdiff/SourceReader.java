package io.deltaglider.vcdiff;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Byte access to the source for match verification and extension. An array-backed source is read
 * in place, and a small file source ({@link #inHeapLimit}) is copied into the heap once to be read
 * the same way; any larger source is read through {@link SourceData#read} into small scratch
 * buffers, so a multi-GB source never enters the heap.
 * Not thread-safe: each thread uses its own ({@link #forAnotherThread}).
 */
final class SourceReader {
  static final VarHandle LONG_LE =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  static final VarHandle INT_LE =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

  /** First extension read is short: most candidates that pass the 8-byte check end soon. */
  private static final int FIRST_CHUNK = 256;
  private static final int MAX_CHUNK = 64 * 1024;

  private final SourceData source;
  final long size;
  /** The whole source when it is in the heap already, else {@code null}. */
  final byte[] array;
  private final byte[] scratch = new byte[MAX_CHUNK];

  /**
   * Sources up to this size are copied into the heap once (one sequential read) so matching can
   * use the fast in-place path; larger ones stay where they are.
   */
  static long inHeapLimit() {
    return Math.min(64L << 20, Runtime.getRuntime().maxMemory() / 8);
  }

  SourceReader(SourceData source) {
    this.source = source;
    this.size = source.size();
    if (source instanceof ByteArraySource) {
      this.array = ((ByteArraySource) source).bytes;
    } else if (size <= inHeapLimit()) {
      byte[] copy = new byte[(int) size];
      read(0, copy, 0, (int) size);
      this.array = copy;
    } else {
      this.array = null;
    }
  }

  private SourceReader(SourceReader shared) {
    this.source = shared.source;
    this.size = shared.size;
    this.array = shared.array;
  }

  /** A reader of the same source (sharing its heap copy, if any) for use by another thread. */
  SourceReader forAnotherThread() {
    return new SourceReader(this);
  }

  /** The 8 bytes at {@code pos} as a little-endian long; {@code pos + 8 <= size}. */
  long getLong(long pos) {
    if (array != null) {
      return (long) LONG_LE.get(array, (int) pos);
    }
    read(pos, scratch, 0, 8);
    return (long) LONG_LE.get(scratch, 0);
  }

  /**
   * Length of the common prefix of {@code source[spos..]} and {@code t[tpos..tend)}, bounded by the
   * end of the source.
   */
  int matchForward(long spos, byte[] t, int tpos, int tend) {
    int max = (int) Math.min(tend - tpos, size - spos);
    if (max <= 0) {
      return 0;
    }
    if (array != null) {
      int s = (int) spos;
      int m = Arrays.mismatch(array, s, s + max, t, tpos, tpos + max);
      return m < 0 ? max : m;
    }
    // Most candidates differ within a few bytes: look at a few before reading a longer chunk.
    int first = Math.min(max, 16);
    read(spos, scratch, 0, first);
    int m0 = Arrays.mismatch(scratch, 0, first, t, tpos, tpos + first);
    if (m0 >= 0 || first == max) {
      return m0 >= 0 ? m0 : max;
    }
    int done = first;
    int chunk = FIRST_CHUNK;
    while (done < max) {
      int n = Math.min(chunk, max - done);
      read(spos + done, scratch, 0, n);
      int m = Arrays.mismatch(scratch, 0, n, t, tpos + done, tpos + done + n);
      if (m >= 0) {
        return done + m;
      }
      done += n;
      chunk = Math.min(chunk * 4, MAX_CHUNK);
    }
    return max;
  }

  /**
   * How many bytes before {@code spos} and {@code tpos} agree, looking back at most to {@code
   * tmin} in the target and to 0 in the source.
   */
  int matchBackward(long spos, byte[] t, int tpos, int tmin) {
    int max = (int) Math.min(tpos - tmin, spos);
    if (max <= 0) {
      return 0;
    }
    if (array != null) {
      int s = (int) spos;
      int n = 0;
      while (n < max && array[s - n - 1] == t[tpos - n - 1]) {
        n++;
      }
      return n;
    }
    int done = 0;
    int chunk = 64;
    while (done < max) {
      int n = Math.min(chunk, max - done);
      read(spos - done - n, scratch, 0, n);
      for (int i = 1; i <= n; i++) {
        if (scratch[n - i] != t[tpos - done - i]) {
          return done + i - 1;
        }
      }
      done += n;
      chunk = Math.min(chunk * 4, MAX_CHUNK);
    }
    return max;
  }

  void read(long pos, byte[] dst, int off, int len) {
    try {
      source.read(pos, dst, off, len);
    } catch (IOException e) {
      // Rethrown as the checked IOException by the encoder's entry point.
      throw new UncheckedIOException(e);
    }
  }
}
