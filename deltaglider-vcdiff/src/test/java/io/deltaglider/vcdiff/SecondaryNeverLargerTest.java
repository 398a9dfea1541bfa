package io.deltaglider.vcdiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deltaglider.vcdiff.testing.TestData;
import io.deltaglider.vcdiff.testing.Xdelta3;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * LZMA secondary compression never makes a delta larger than the same delta without it, and still
 * compresses where the windows held back pay for the streams together (FORMAT.md section 7.4).
 */
class SecondaryNeverLargerTest {
  @TempDir Path dir;

  private static final VcdiffEncoder NONE = VcdiffEncoder.builder().build();
  private static final VcdiffEncoder LZMA = VcdiffEncoder.builder().secondary(SecondaryCompression.LZMA).build();

  private static VcdiffEncoder encoder(int windowSize, SecondaryCompression secondary) {
    return VcdiffEncoder.builder().windowSize(windowSize).secondary(secondary).build();
  }

  /**
   * The shape that showed it: a 3 MB release whose successor differs by a few short edits, so the
   * delta is about a kilobyte and its three sections are each smaller than the stream headers
   * LZMA would add (the default delta was about 85 bytes larger than one without it).
   */
  @Test
  void aKilobyteDeltaOfAThreeMegabyteReleaseIsNoLargerWithLzma() throws IOException {
    byte[] v1 = TestData.text(1, 3_000_000);
    byte[] v2 = TestData.edited(v1, 2, 12, 60, false);
    byte[] plain = NONE.encode(v1, v2);
    byte[] lzma = LZMA.encode(v1, v2);
    assertTrue(plain.length < 4096, "a small delta, as in the case that showed it: " + plain.length);
    assertTrue(lzma.length <= plain.length, "lzma " + lzma.length + " > none " + plain.length);
    assertArrayEquals(v2, VcdiffDecoder.create().decode(v1, lzma));
  }

  @Property(tries = 60)
  void deltasAreNeverLargerWithLzma(@ForAll @IntRange(min = 1, max = 400_000) int size,
      @ForAll @IntRange(min = 0, max = 40) int edits, @ForAll @IntRange(min = 0, max = 3) int window,
      @ForAll long seed) throws IOException {
    int windowSize = new int[] {1 << 10, 1 << 12, 1 << 16, VcdiffEncoder.DEFAULT_WINDOW_SIZE}[window];
    byte[] v1 = seed % 2 == 0 ? TestData.text(seed, size) : TestData.random(seed, size);
    byte[] v2 = TestData.edited(v1, seed + 1, edits, 200, false);
    byte[] lzma = encoder(windowSize, SecondaryCompression.LZMA).encode(v1, v2);
    assertTrue(lzma.length <= encoder(windowSize, SecondaryCompression.NONE).encode(v1, v2).length);
    assertArrayEquals(v2, VcdiffDecoder.create().decode(v1, lzma));
  }

  /**
   * {@code v1} with the same {@code perWindow} places of every {@code windowSize} bytes changed to
   * two fresh random bytes, like a version stamped into each file of an archive: every window's
   * instructions and addresses are alike, and its data is random.
   */
  private static byte[] stampedInEveryWindow(byte[] v1, int windowSize, int perWindow, long seed) {
    Random r = new Random(seed);
    int[] at = new int[perWindow];
    for (int i = 0; i < perWindow; i++) {
      at[i] = r.nextInt(windowSize - 2);
    }
    byte[] v2 = v1.clone();
    for (int w = 0; w + windowSize <= v2.length; w += windowSize) {
      for (int a : at) {
        v2[w + a] = (byte) r.nextInt(256);
        v2[w + a + 1] = (byte) r.nextInt(256);
      }
    }
    return v2;
  }

  /**
   * The typescript 5.8.2 to 5.8.3 tar's shape, scaled down: three windows whose sections are each
   * too small to pay for a stream's headers, though all three windows' together do, as the later
   * windows' instructions and addresses repeat the first's. The decision over all windows held
   * back compresses them; deciding window by window sent everything plain.
   */
  @Test
  void smallSectionsThatPayOnlyAcrossWindowsAreCompressed() throws IOException {
    Xdelta3.require();
    int ws = 4096;
    byte[] v1 = TestData.text(1, 3 * ws);
    byte[] v2 = stampedInEveryWindow(v1, ws, 10, 2);
    byte[] firstWindow = Arrays.copyOf(v2, ws);
    assertEquals(encoder(ws, SecondaryCompression.NONE).encode(v1, firstWindow).length,
        encoder(ws, SecondaryCompression.LZMA).encode(v1, firstWindow).length,
        "no section of the first window pays for its stream alone");
    byte[] plain = encoder(ws, SecondaryCompression.NONE).encode(v1, v2);
    byte[] lzma = encoder(ws, SecondaryCompression.LZMA).encode(v1, v2);
    assertTrue(lzma.length < plain.length, "lzma " + lzma.length + " vs none " + plain.length);
    assertEquals(Constants.VCD_DECOMPRESS, lzma[4] & Constants.VCD_DECOMPRESS, "LZMA declared");
    assertArrayEquals(v2, Xdelta3.decode(dir, v1, lzma));
    assertArrayEquals(v2, VcdiffDecoder.create().decode(v1, lzma));
  }

  private static byte[] letters(long seed, int n) {
    byte[] b = new byte[n]; // random lowercase letters: few matches, and LZMA's coder shrinks them
    Random r = new Random(seed);
    for (int i = 0; i < n; i++) {
      b[i] = (byte) ('a' + r.nextInt(26));
    }
    return b;
  }

  /** Random bytes below 128: LZMA's coder shrinks them by an eighth, and 4-byte repeats are rare. */
  private static byte[] sevenBit(long seed, int n) {
    byte[] b = TestData.random(seed, n);
    for (int i = 0; i < n; i++) {
      b[i] &= 0x7F;
    }
    return b;
  }

  private static byte[] concat(byte[]... parts) {
    byte[] all = new byte[Arrays.stream(parts).mapToInt(p -> p.length).sum()];
    int n = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, all, n, p.length);
      n += p.length;
    }
    return all;
  }

  /**
   * 2 MiB of random bytes added in 64 KiB windows: the decision falls after the first MiB, which
   * LZMA does not shrink, so nothing is declared, and the rest, letters that would compress, is
   * sent plain too: the same size as without LZMA.
   */
  @Test
  void aMegabyteThatDoesNotShrinkLeavesTheRestPlain() throws IOException {
    Xdelta3.require();
    byte[] v1 = TestData.text(5, 100_000);
    byte[] v2 = concat(TestData.random(6, 3 << 19), letters(7, 1 << 19));
    byte[] plain = encoder(1 << 16, SecondaryCompression.NONE).encode(v1, v2);
    byte[] lzma = encoder(1 << 16, SecondaryCompression.LZMA).encode(v1, v2);
    assertArrayEquals(plain, lzma);
    assertArrayEquals(v2, Xdelta3.decode(dir, v1, lzma));
  }

  /**
   * Past the first MiB the windows are no longer held: the decision there (after 16 windows of
   * 7-bit random bytes, added) opens the data stream on the held windows and carries it on; in the
   * windows after, which copy text with a few edits, the instructions' stream opens where its
   * section alone pays. xdelta3 follows both.
   */
  @Test
  void streamsOpenedAtTheFirstMegabyteCarryOnAndOthersOpenLater() throws IOException {
    Xdelta3.require();
    int ws = 1 << 16;
    byte[] v1 = TestData.text(8, 3 * ws);
    byte[] v2 = concat(sevenBit(9, 17 * ws), stampedInEveryWindow(v1, ws, 60, 10), sevenBit(11, ws / 2));
    byte[] plain = encoder(ws, SecondaryCompression.NONE).encode(v1, v2);
    byte[] lzma = encoder(ws, SecondaryCompression.LZMA).encode(v1, v2);
    assertTrue(lzma.length < plain.length, "lzma " + lzma.length + " vs none " + plain.length);
    int[] ind = deltaIndicators(lzma);
    assertEquals(Constants.VCD_DATACOMP, ind[0], "held: the data compressed, the few instructions not");
    assertEquals(Constants.VCD_DATACOMP, ind[16], "the window after the decision, on the same stream");
    assertEquals(Constants.VCD_DATACOMP | Constants.VCD_INSTCOMP, ind[17],
        "the first window with enough instructions opens their stream: " + Arrays.toString(ind));
    assertArrayEquals(v2, Xdelta3.decode(dir, v1, lzma));
    assertArrayEquals(v2, VcdiffDecoder.create().decode(v1, lzma));
  }

  /** Each window's Delta_Indicator, read from a delta as this encoder writes it. */
  private static int[] deltaIndicators(byte[] delta) {
    int[] p = {5};
    if ((delta[4] & Constants.VCD_DECOMPRESS) != 0) {
      p[0]++;
    }
    if ((delta[4] & Constants.VCD_APPHEADER) != 0) {
      int n = (int) varint(delta, p);
      p[0] += n;
    }
    List<Integer> out = new ArrayList<>();
    while (p[0] < delta.length) {
      if ((delta[p[0]++] & Constants.VCD_SOURCE) != 0) {
        varint(delta, p);
        varint(delta, p);
      }
      long len = varint(delta, p);
      int end = (int) (p[0] + len);
      varint(delta, p);
      out.add(delta[p[0]] & 0xFF);
      p[0] = end;
    }
    return out.stream().mapToInt(Integer::intValue).toArray();
  }

  private static long varint(byte[] b, int[] p) {
    long v = 0;
    int c;
    do {
      c = b[p[0]++] & 0xFF;
      v = (v << 7) | (c & 0x7F);
    } while ((c & 0x80) != 0);
    return v;
  }

  /**
   * Early windows whose sections are too small to pay for a stream, last windows whose added
   * letters do: the streams open in the last windows, and xdelta3 follows.
   */
  @Test
  void streamsThatOpenInALaterWindowDecodeWithXdelta3() throws IOException {
    Xdelta3.require();
    byte[] v1 = TestData.text(3, 40_000);
    byte[] v2 = concat(v1, letters(4, 12_000));
    byte[] delta = encoder(4096, SecondaryCompression.LZMA).encode(v1, v2);
    byte[] plain = encoder(4096, SecondaryCompression.NONE).encode(v1, v2);
    assertTrue(delta.length < plain.length, "the last windows' letters compress: " + delta.length + " vs " + plain.length);
    assertArrayEquals(v2, Xdelta3.decode(dir, v1, delta));
    assertArrayEquals(v2, VcdiffDecoder.create().decode(v1, delta));
  }
}
