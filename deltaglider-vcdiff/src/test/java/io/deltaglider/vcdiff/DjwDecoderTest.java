package io.deltaglider.vcdiff;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deltaglider.vcdiff.testing.Xdelta3;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DJW sections written by xdelta3 decode to exactly the sections {@code -S none} stores. */
class DjwDecoderTest {
  @TempDir Path dir;

  private SecondaryOracle.Result run(byte[] src, byte[] tgt, String sec, String... flags)
      throws Exception {
    return SecondaryOracle.compare(dir, src, tgt, sec, DjwDecoder::new, false, flags);
  }

  @Test
  void singleGroupSectionsMatchUncompressedOnesAcrossInputsAndLevels() throws Exception {
    Xdelta3.require();
    SecondaryOracle.Result total = new SecondaryOracle.Result();
    byte[] text = SecondaryOracle.text(1, 300_000);
    byte[] rec = SecondaryOracle.records(2, 200_000);
    for (String level : new String[] {"-1", "-3", "-9"}) {
      total.add(run(null, text, "djw", level));
      total.add(run(text, SecondaryOracle.edit(3, text, 200), "djw", level));
      total.add(run(rec, SecondaryOracle.edit(4, rec, 300), "djw", level));
    }
    total.add(run(null, SecondaryOracle.randomBytes(5, 50_000), "djw"));
    assertTrue(total.compressedSections >= 10, total.toString());
  }

  @Test
  void multiGroupSectionsMatchUncompressedOnes() throws Exception {
    Xdelta3.require();
    SecondaryOracle.Result total = new SecondaryOracle.Result();
    byte[] text = SecondaryOracle.text(11, 400_000);
    byte[] rec = SecondaryOracle.records(12, 300_000);
    for (String sec : new String[] {"djw7", "djw8", "djw9"}) {
      for (String level : new String[] {"-1", "-9"}) {
        total.add(run(null, text, sec, level));
        total.add(run(text, SecondaryOracle.edit(13, text, 2000), sec, level));
        total.add(run(rec, SecondaryOracle.edit(14, rec, 3000), sec, level));
      }
    }
    assertTrue(total.compressedSections >= 20, total.toString());
  }

  @Test
  void multiWindowSectionsMatchUncompressedOnes() throws Exception {
    Xdelta3.require();
    SecondaryOracle.Result total = new SecondaryOracle.Result();
    byte[] text = SecondaryOracle.text(21, 600_000);
    byte[] rec = SecondaryOracle.records(22, 400_000);
    for (String sec : new String[] {"djw", "djw9"}) {
      total.add(run(null, text, sec, "-W", "16384"));
      total.add(run(text, SecondaryOracle.edit(23, text, 3000), sec, "-W", "16384", "-9"));
      total.add(run(rec, SecondaryOracle.edit(24, rec, 3000), sec, "-W", "65536", "-1"));
    }
    assertTrue(total.compressedSections >= 60, total.toString());
  }

  @Test
  void longCodesMatchUncompressedSections() throws Exception {
    Xdelta3.require();
    SecondaryOracle.Result total = new SecondaryOracle.Result();
    for (String sec : new String[] {"djw", "djw9"}) {
      total.add(run(null, SecondaryOracle.geometric(71, 400_000), sec, "-N"));
      total.add(run(null, SecondaryOracle.geometric(72, 300_000), sec, "-N", "-W", "65536"));
    }
    assertTrue(total.compressedSections >= 10, total.toString());
  }

  @Test
  void smallSectionsMatchUncompressedOnes() throws Exception {
    Xdelta3.require();
    SecondaryOracle.Result total = new SecondaryOracle.Result();
    for (int n : new int[] {1, 9, 10, 11, 40, 100, 700, 1500, 5000}) {
      byte[] t = SecondaryOracle.text(30 + n, n);
      total.add(run(null, t, "djw9"));
      total.add(run(null, t, "djw"));
      byte[] same = new byte[n];
      total.add(run(null, same, "djw9"));
    }
    assertTrue(total.compressedSections >= 5, total.toString());
  }
}
