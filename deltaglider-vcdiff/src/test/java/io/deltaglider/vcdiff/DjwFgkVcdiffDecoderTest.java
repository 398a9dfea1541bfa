package io.deltaglider.vcdiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deltaglider.vcdiff.testing.RawWindows;
import io.deltaglider.vcdiff.testing.Xdelta3;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whole deltas made with {@code xdelta3 -S djw|fgk} decode byte-exact with {@link VcdiffDecoder}. */
class DjwFgkVcdiffDecoderTest {
  @TempDir Path dir;

  private void roundTrip(byte[] source, byte[] target, String... flags) throws Exception {
    byte[] delta = Xdelta3.encode(dir, source, target, flags);
    RawWindows raw = RawWindows.parse(delta);
    int compressed = 0;
    for (RawWindows.Window w : raw.windows) {
      compressed += Integer.bitCount(w.deltaIndicator);
    }
    String what = String.join(" ", flags) + " (" + target.length + " bytes)";
    byte[] src = source == null ? new byte[0] : source;
    byte[] decoded = VcdiffDecoder.create().decode(src, delta);
    assertArrayEquals(target, decoded, what);
    ByteArrayOutputStream streamed = new ByteArrayOutputStream();
    VcdiffDecoder.create().decode(SourceData.of(src), new ByteArrayInputStream(delta), streamed);
    assertArrayEquals(target, streamed.toByteArray(), "streamed, " + what);
    if (target.length > 20_000) {
      assertTrue(compressed > 0, "no compressed section exercised: " + what);
    }
  }

  @Test
  void djwDeltasDecodeByteExact() throws Exception {
    Xdelta3.require();
    byte[] text = SecondaryOracle.text(1, 300_000);
    byte[] rec = SecondaryOracle.records(2, 200_000);
    for (String sec : new String[] {"djw", "djw9"}) {
      for (String level : new String[] {"-1", "-3", "-9"}) {
        roundTrip(null, text, "-S", sec, level);
        roundTrip(text, SecondaryOracle.edit(3, text, 500), "-S", sec, level);
        roundTrip(rec, SecondaryOracle.edit(4, rec, 500), "-S", sec, level);
      }
      roundTrip(text, SecondaryOracle.edit(5, text, 3000), "-S", sec, "-W", "16384");
      roundTrip(null, new byte[] {1, 2, 3}, "-S", sec);
    }
  }

  @Test
  void fgkDeltasDecodeByteExact() throws Exception {
    Xdelta3.require();
    byte[] text = SecondaryOracle.text(11, 300_000);
    byte[] rec = SecondaryOracle.records(12, 200_000);
    for (String level : new String[] {"-1", "-3", "-9"}) {
      roundTrip(null, text, "-S", "fgk", level);
      roundTrip(text, SecondaryOracle.edit(13, text, 500), "-S", "fgk", level);
      roundTrip(rec, SecondaryOracle.edit(14, rec, 500), "-S", "fgk", level);
    }
    roundTrip(null, SecondaryOracle.text(15, 600_000), "-S", "fgk", "-W", "16384");
    roundTrip(null, new byte[] {1, 2, 3}, "-S", "fgk");
  }

  @Test
  void fgkDeltaThatXdelta3CannotDecodeIsRejectedNotMisdecoded() throws Exception {
    Xdelta3.require();
    byte[] text = SecondaryOracle.text(51, 600_000);
    byte[] target = SecondaryOracle.edit(53, text, 3000);
    byte[] delta = Xdelta3.encode(dir, text, target, "-W", "16384", "-9", "-S", "fgk");
    assertThrows(VcdiffException.class, () -> VcdiffDecoder.create().decode(text, delta));
  }

  @Test
  void largeTargetsOverSeveralDefaultWindows() throws Exception {
    Xdelta3.require();
    byte[] text = SecondaryOracle.text(61, 9 << 20);
    byte[] target = SecondaryOracle.edit(62, text, 2000);
    byte[] delta = Xdelta3.encode(dir, text, target, "-S", "djw9");
    assertEquals(2, RawWindows.parse(delta).windows.size());
    assertArrayEquals(target, VcdiffDecoder.create().decode(text, delta));
    byte[] fgk = Xdelta3.encode(dir, null, text, "-S", "fgk");
    assertArrayEquals(text, VcdiffDecoder.create().decode(new byte[0], fgk));
  }
}
