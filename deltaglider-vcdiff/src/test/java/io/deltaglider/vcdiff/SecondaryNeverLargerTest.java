package io.deltaglider.vcdiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deltaglider.vcdiff.testing.TestData;
import io.deltaglider.vcdiff.testing.Xdelta3;
import java.io.IOException;
import java.nio.file.Path;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * LZMA secondary compression never makes a delta larger than the same delta without it: a section
 * whose stream would open with it is sent as it is when compressing does not pay.
 */
class SecondaryNeverLargerTest {
  @TempDir Path dir;

  private static final VcdiffEncoder NONE = VcdiffEncoder.builder().build();
  private static final VcdiffEncoder LZMA = VcdiffEncoder.builder().secondary(SecondaryCompression.LZMA).build();

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
  void singleWindowDeltasAreNeverLargerWithLzma(@ForAll @IntRange(min = 1, max = 400_000) int size,
      @ForAll @IntRange(min = 0, max = 40) int edits, @ForAll long seed) throws IOException {
    byte[] v1 = seed % 2 == 0 ? TestData.text(seed, size) : TestData.random(seed, size);
    byte[] v2 = TestData.edited(v1, seed + 1, edits, 200, false);
    byte[] lzma = LZMA.encode(v1, v2);
    assertTrue(lzma.length <= NONE.encode(v1, v2).length);
    assertArrayEquals(v2, VcdiffDecoder.create().decode(v1, lzma));
  }

  /**
   * Early windows whose sections are too small to pay for a stream, last windows whose added
   * letters do: the streams open in the last window, and xdelta3 follows.
   */
  @Test
  void streamsThatOpenInALaterWindowDecodeWithXdelta3() throws IOException {
    Xdelta3.require();
    byte[] v1 = TestData.text(3, 40_000);
    byte[] tail = new byte[12_000]; // random lowercase letters: no matches, but LZMA's coder shrinks them
    java.util.Random r = new java.util.Random(4);
    for (int i = 0; i < tail.length; i++) {
      tail[i] = (byte) ('a' + r.nextInt(26));
    }
    byte[] v2 = java.util.Arrays.copyOf(v1, v1.length + tail.length);
    System.arraycopy(tail, 0, v2, v1.length, tail.length);
    VcdiffEncoder enc = VcdiffEncoder.builder().windowSize(4096).secondary(SecondaryCompression.LZMA).build();
    byte[] delta = enc.encode(v1, v2);
    byte[] plain = VcdiffEncoder.builder().windowSize(4096).build().encode(v1, v2);
    assertTrue(delta.length < plain.length, "the last windows' letters compress: " + delta.length + " vs " + plain.length);
    assertArrayEquals(v2, Xdelta3.decode(dir, v1, delta));
    assertArrayEquals(v2, VcdiffDecoder.create().decode(v1, delta));
  }
}
