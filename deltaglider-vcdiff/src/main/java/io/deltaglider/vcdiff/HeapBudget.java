package io.deltaglider.vcdiff;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.Arrays;

/**
 * Asked before every large array the decoder sizes from the delta (window buffers, sections,
 * decompressed sections), so that a delta needing more memory than the heap has left is refused
 * with a {@link VcdiffException} instead of running the JVM into {@link OutOfMemoryError}, which
 * would also hit whatever else the JVM is doing.
 *
 * <p>The estimate keeps a margin for the rest of the program. Within the first quarter of the
 * heap it only asks {@link Runtime}; beyond that it also asks the old generation, where a
 * long-lived large array ends up and which can be much smaller than the heap (two thirds of it
 * with the serial and parallel collectors). Uncollected garbage counts as used, so before
 * refusing, {@link #require} runs one garbage collection and asks again, as the JVM itself does
 * before throwing {@code OutOfMemoryError}.
 */
final class HeapBudget {
  private static final long MIN_MARGIN = 1 << 20;
  private static final long MAX_MARGIN = 64 << 20;

  private HeapBudget() {}

  /** Whether an array of {@code bytes} more fits the heap now, with the margin to spare. */
  static boolean fits(long bytes) {
    return bytes <= largest(bytes);
  }

  /** The largest array up to {@code upTo} bytes that fits the heap now (0 if none does). */
  static long largest(long upTo) {
    Runtime rt = Runtime.getRuntime();
    long max = rt.maxMemory();
    long used = rt.totalMemory() - rt.freeMemory();
    long margin = Math.min(MAX_MARGIN, Math.max(MIN_MARGIN, max / 16));
    long n = Math.min(upTo, max - used - margin);
    if (n <= 0 || used + n <= max / 4) {
      return Math.max(0, n); // far from full: no need to look at the generations (slow the first time)
    }
    MemoryPoolMXBean old = OldGeneration.POOL;
    if (old == null) {
      return n;
    }
    MemoryUsage u = old.getUsage();
    return u.getMax() < 0 ? n : Math.max(0, Math.min(n, u.getMax() - u.getUsed() - margin));
  }

  /**
   * Returns if {@code bytes} fit (after one garbage collection if need be), else throws.
   *
   * @param what what the memory is for, for the message
   * @param offset delta offset the need was read at
   */
  static void require(long bytes, String what, long offset) throws VcdiffException {
    if (fits(bytes)) {
      return;
    }
    System.gc();
    if (fits(bytes)) {
      return;
    }
    Runtime rt = Runtime.getRuntime();
    long free = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
    throw new VcdiffException("not enough memory: " + what + " needs " + bytes + " bytes, the heap has about "
        + Math.max(0, free) + " of " + rt.maxMemory() + " bytes free (give the JVM more with -Xmx)", offset);
  }

  /** A new array of {@code length} bytes, once {@link #require} allowed it. */
  static byte[] allocate(int length, String what, long offset) throws VcdiffException {
    require(length, what, offset);
    return new byte[length];
  }

  /** {@code a} copied into a new array of {@code length} bytes, once {@link #require} allowed it. */
  static byte[] grow(byte[] a, int length, String what, long offset) throws VcdiffException {
    require(length, what, offset);
    return Arrays.copyOf(a, length);
  }

  /** Looked up on first use only: the management classes take a while to load. */
  private static final class OldGeneration {
    static final MemoryPoolMXBean POOL = find();

    /** The heap pool that supports usage thresholds: HotSpot's old generation (or its only pool). */
    private static MemoryPoolMXBean find() {
      try {
        MemoryPoolMXBean best = null;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
          if (p.getType() == MemoryType.HEAP && p.isValid() && p.isUsageThresholdSupported()
              && (best == null || p.getUsage().getMax() > best.getUsage().getMax())) {
            best = p;
          }
        }
        return best;
      } catch (RuntimeException | LinkageError e) {
        return null; // no java.management: Runtime's figures alone
      }
    }
  }
}
