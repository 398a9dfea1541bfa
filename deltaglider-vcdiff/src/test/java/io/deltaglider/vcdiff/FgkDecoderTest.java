package io.deltaglider.vcdiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deltaglider.vcdiff.testing.Xdelta3;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** FGK sections written by xdelta3 decode to exactly the sections {@code -S none} stores. */
class FgkDecoderTest {
  @TempDir Path dir;

  private SecondaryOracle.Result run(byte[] src, byte[] tgt, String... flags) throws Exception {
    return SecondaryOracle.compare(dir, src, tgt, "fgk", FgkDecoder::new, false, flags);
  }

  @Test
  void sectionsMatchUncompressedOnesAcrossInputsAndLevels() throws Exception {
    Xdelta3.require();
    SecondaryOracle.Result total = new SecondaryOracle.Result();
    byte[] text = SecondaryOracle.text(1, 300_000);
    byte[] rec = SecondaryOracle.records(2, 200_000);
    for (String level : new String[] {"-1", "-3", "-9"}) {
      total.add(run(null, text, level));
      total.add(run(text, SecondaryOracle.edit(3, text, 200), level));
      total.add(run(rec, SecondaryOracle.edit(4, rec, 300), level));
    }
    total.add(run(null, SecondaryOracle.randomBytes(5, 50_000)));
    assertTrue(total.compressedSections >= 10, total.toString());
  }

  @Test
  void smallSectionsMatchUncompressedOnes() throws Exception {
    Xdelta3.require();
    SecondaryOracle.Result total = new SecondaryOracle.Result();
    for (int n : new int[] {1, 9, 10, 11, 40, 100, 700, 1500, 5000}) {
      total.add(run(null, SecondaryOracle.text(30 + n, n)));
      total.add(run(null, new byte[n]));
    }
    assertTrue(total.compressedSections >= 5, total.toString());
  }

  /** Mostly a few letters, but every byte value occurs: the model runs out of unseen values. */
  private static byte[] skewedWithAllValues(long seed, int n) {
    java.util.Random r = new java.util.Random(seed);
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) (r.nextInt(10) == 0 ? r.nextInt(256) : 'a' + r.nextInt(5));
    }
    return b;
  }

  @Test
  void modelWithEveryByteValueSeen() throws Exception {
    Xdelta3.require();
    SecondaryOracle.Result total = new SecondaryOracle.Result();
    // -N: no small-string matching, so nearly everything lands in the data section.
    total.add(run(null, skewedWithAllValues(61, 100_000), "-N"));
    total.add(run(null, skewedWithAllValues(62, 300_000), "-N", "-W", "16384"));
    total.add(run(null, SecondaryOracle.geometric(63, 300_000), "-N", "-W", "65536"));
    assertEquals(0, total.desyncedSections, total.toString());
    assertTrue(total.compressedSections >= 19, total.toString());
  }

  @Test
  void modelCarriesAcrossWindows() throws Exception {
    Xdelta3.require();
    // Without a source every window's sections compress, so xdelta3's encoder and decoder agree.
    SecondaryOracle.Result total = new SecondaryOracle.Result();
    total.add(run(null, SecondaryOracle.text(41, 600_000), "-W", "16384"));
    total.add(run(null, SecondaryOracle.records(42, 400_000), "-W", "16384", "-9"));
    assertEquals(0, total.desyncedSections, total.toString());
    assertTrue(total.compressedSections >= 60, total.toString());
  }

  @Test
  void multiWindowWithSourceMatchesOnceDiscardedSectionsAreLearned() throws Exception {
    Xdelta3.require();
    // xdelta3's encoder advances its FGK model over sections it then stores raw; with a source,
    // small instruction/address sections often are. Learning them keeps the model in step.
    SecondaryOracle.Result total = new SecondaryOracle.Result();
    byte[] text = SecondaryOracle.text(51, 600_000);
    byte[] rec = SecondaryOracle.records(52, 400_000);
    total.add(SecondaryOracle.compare(dir, text, SecondaryOracle.edit(53, text, 3000), "fgk",
        FgkDecoder::new, true, "-W", "16384", "-9"));
    total.add(SecondaryOracle.compare(dir, rec, SecondaryOracle.edit(54, rec, 3000), "fgk",
        FgkDecoder::new, true, "-W", "65536", "-1"));
    assertTrue(total.compressedSections >= 40, total.toString());
    assertTrue(total.learnedSections > 0, total.toString());
  }

  @Test
  void xdelta3ItselfCannotDecodeSuchFilesAndNeitherDoWeByDefault() throws Exception {
    Xdelta3.require();
    byte[] text = SecondaryOracle.text(51, 600_000);
    byte[] target = SecondaryOracle.edit(53, text, 3000);
    SecondaryOracle.Result r = SecondaryOracle.compare(dir, text, target, "fgk", FgkDecoder::new,
        false, "-W", "16384", "-9");
    assertTrue(r.desyncedSections > 0, r.toString());
    byte[] delta = Xdelta3.encode(dir, text, target, "-W", "16384", "-9", "-S", "fgk");
    assertThrows(IOException.class, () -> Xdelta3.decode(dir, text, delta));
  }
}
