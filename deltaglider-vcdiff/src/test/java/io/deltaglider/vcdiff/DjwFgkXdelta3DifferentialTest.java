package io.deltaglider.vcdiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.deltaglider.vcdiff.testing.RawWindows;
import io.deltaglider.vcdiff.testing.Xdelta3;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Differential test against the xdelta3 command-line tool: the committed DJW/FGK samples with a
 * bit or two flipped inside a compressed section are accepted by us exactly when xdelta3 accepts
 * them, and then decode to the same bytes. Checksums are off on both sides so that the secondary
 * decoders' own acceptance is what is compared.
 */
class DjwFgkXdelta3DifferentialTest {
  @TempDir Path dir;

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = DjwFgkXdelta3DifferentialTest.class.getResourceAsStream(
        "/secondary/" + name + ".vcdiff")) {
      return in.readAllBytes();
    }
  }

  @Test
  void corruptedSectionsAreAcceptedAndDecodedExactlyAsXdelta3Does() throws Exception {
    Xdelta3.require();
    VcdiffDecoder ours = VcdiffDecoder.builder().verifyChecksums(false).build();
    Random r = new Random(20261125);
    int agreedOk = 0;
    int agreedError = 0;
    for (int t = 0; t < 150; t++) {
      String name = DjwFgkSamples.COMPRESSED[r.nextInt(DjwFgkSamples.COMPRESSED.length)];
      byte[] delta = resource(name);
      RawWindows raw = RawWindows.parse(delta);
      RawWindows.Section s =
          raw.windows.get(r.nextInt(raw.windows.size())).sections[r.nextInt(3)];
      if (!s.compressed) {
        continue;
      }
      for (int f = 1 + r.nextInt(2); f > 0; f--) {
        // Half the flips land in the first 30 bytes, where DJW keeps its tables.
        int span = r.nextBoolean() ? Math.min(30, s.payload.length) : s.payload.length;
        delta[s.payloadOffset + r.nextInt(span)] ^= (byte) (1 << r.nextInt(8));
      }
      Path in = Files.write(dir.resolve("d" + t + ".vcdiff"), delta);
      Path out = dir.resolve("d" + t + ".out");
      byte[] theirs;
      try {
        Xdelta3.run(List.of(Xdelta3.find(), "-d", "-f", "-n", in.toString(), out.toString()));
        theirs = Files.readAllBytes(out);
      } catch (IOException e) {
        theirs = null;
      }
      byte[] mine;
      try {
        mine = ours.decode(new byte[0], delta);
      } catch (VcdiffException e) {
        mine = null;
      }
      String what = "case " + t + ": " + name + " with flips in the section at " + s.offset;
      assertEquals(theirs != null, mine != null, "acceptance differs, " + what);
      if (mine != null) {
        assertArrayEquals(theirs, mine, what);
        agreedOk++;
      } else {
        agreedError++;
      }
    }
    System.out.println("xdelta3 differential: " + agreedOk + " accepted, " + agreedError
        + " refused by both");
  }
}
