package io.deltaglider.vcdiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class VcdiffEncoderBuilderTest {
  @Test
  void rejectsSettingsOutOfRangeWithClearMessages() {
    assertThrows(IllegalArgumentException.class, () -> VcdiffEncoder.builder().level(10));
    assertThrows(IllegalArgumentException.class, () -> VcdiffEncoder.builder().level(-1));
    assertThrows(IllegalArgumentException.class, () -> VcdiffEncoder.builder().windowSize(0));
    assertThrows(IllegalArgumentException.class,
        () -> VcdiffEncoder.builder().windowSize(VcdiffEncoder.MAX_WINDOW_SIZE + 1));
    assertThrows(IllegalArgumentException.class, () -> VcdiffEncoder.builder().sourceIndexBudget(100));
    assertThrows(IllegalArgumentException.class, () -> VcdiffEncoder.builder().threads(0));
    assertThrows(IllegalArgumentException.class, () -> VcdiffEncoder.builder().threads(65));
    VcdiffEncoder e = VcdiffEncoder.builder().threads(3).secondary(SecondaryCompression.LZMA).build();
    assertEquals(3, e.threads());
    assertEquals(SecondaryCompression.LZMA, e.secondary());
    assertEquals(1, VcdiffEncoder.create().threads());
    assertEquals(SecondaryCompression.NONE, VcdiffEncoder.create().secondary());
    assertThrows(NullPointerException.class, () -> VcdiffEncoder.builder().secondary(null));
    IllegalArgumentException djw = assertThrows(IllegalArgumentException.class,
        () -> VcdiffEncoder.builder().secondary(SecondaryCompression.DJW));
    assertTrue(djw.getMessage().contains("DJW"), djw.getMessage());
    assertThrows(IllegalArgumentException.class, () -> VcdiffEncoder.builder().secondary(SecondaryCompression.FGK));
  }

  @Test
  void writesXdelta3sFileHeader() {
    byte[] plain = VcdiffEncoder.create().encode(new byte[0], new byte[0]);
    // Header, then xdelta3's empty window: Adler-32 flag, length 9, empty sections, checksum 1.
    assertArrayEquals(new byte[] {(byte) 0xD6, (byte) 0xC3, (byte) 0xC4, 0, 0,
        4, 9, 0, 0, 0, 0, 0, 0, 0, 0, 1}, plain);
    // LZMA is declared only once a section is compressed with it: not in an empty delta.
    assertArrayEquals(plain, VcdiffEncoder.builder().secondary(SecondaryCompression.LZMA).build()
        .encode(new byte[0], new byte[0]));
    byte[] app = "t//s/".getBytes(StandardCharsets.US_ASCII);
    byte[] letters = new byte[4000];
    Random r = new Random(1);
    for (int i = 0; i < letters.length; i++) {
      letters[i] = (byte) ('a' + r.nextInt(26));
    }
    byte[] both = VcdiffEncoder.builder().secondary(SecondaryCompression.LZMA).applicationHeader(app)
        .build().encode(new byte[0], letters);
    assertArrayEquals(new byte[] {(byte) 0xD6, (byte) 0xC3, (byte) 0xC4, 0, 5, 2, 5, 't', '/', '/', 's', '/'},
        Arrays.copyOf(both, 12));
  }

  @Test
  void theAppHeaderIsCopiedNotShared() {
    byte[] app = {1, 2, 3};
    VcdiffEncoder.Builder b = VcdiffEncoder.builder().applicationHeader(app);
    app[0] = 9;
    byte[] delta = b.build().encode(new byte[0], new byte[0]);
    assertEquals(1, delta[6]);
  }

  @Test
  void findsABlockMovedFromTheEndOfTheSourceToTheStart() {
    byte[] s = Pairs.mixed(new Random(3), 1 << 20);
    byte[] t = Pairs.moveTailToFront(s, 300_000);
    byte[] delta = VcdiffEncoder.create().encode(s, t);
    assertTrue(delta.length < 200, "delta " + delta.length);
  }

  /**
   * Regression: a small index budget made the sampling step ceil(size / entries), here 3072,
   * and the odd strides the matcher skips with reached only a third of its residues, so most
   * windows (which start without a copy to follow) never found the source again: the delta was
   * about two thirds of the target. The step is now a power of two.
   */
  @Test
  void aBudgetLimitedIndexStillFindsEveryWindowsStart() throws Exception {
    Random r = new Random(7);
    byte[] source = new byte[3 << 20];
    r.nextBytes(source);
    byte[] target = source.clone();
    for (int i = 0; i < 20; i++) {
      target[r.nextInt(target.length)] ^= 0x55;
    }
    VcdiffEncoder enc = VcdiffEncoder.builder().windowSize(64 << 10).sourceIndexBudget(4096).build();
    byte[] delta = enc.encode(source, target);
    assertArrayEquals(target, VcdiffDecoder.create().decode(source, delta));
    assertTrue(delta.length < target.length / 50, "delta of " + delta.length + " bytes");
  }
}
