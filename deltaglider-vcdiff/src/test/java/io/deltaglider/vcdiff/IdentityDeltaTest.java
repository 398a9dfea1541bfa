package io.deltaglider.vcdiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deltaglider.vcdiff.testing.Xdelta3;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The delta that rebuilds its own source: decoded by us and by xdelta3, checksums checked, tiny. */
class IdentityDeltaTest {
  @TempDir Path dir;

  private static byte[] identity(VcdiffEncoder enc, byte[] content) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    long n = enc.encodeIdentity(new ByteArrayInputStream(content), out);
    assertEquals(out.size(), n, "returned length");
    return out.toByteArray();
  }

  private static byte[][] contents() {
    Random r = new Random(7);
    byte[] big = new byte[300_000];
    r.nextBytes(big);
    return new byte[][] {new byte[0], {42}, "abc".getBytes(StandardCharsets.US_ASCII), new byte[1000],
        java.util.Arrays.copyOf(big, 4096), java.util.Arrays.copyOf(big, 4097), big};
  }

  @Test
  void ourDecoderRebuildsTheSourceForEverySizeAndSetting() throws IOException {
    for (byte[] c : contents()) {
      for (int window : new int[] {1, 3, 4096, VcdiffEncoder.DEFAULT_WINDOW_SIZE}) {
        for (boolean sum : new boolean[] {true, false}) {
          for (SecondaryCompression sec : new SecondaryCompression[] {SecondaryCompression.NONE, SecondaryCompression.LZMA}) {
            if (window == 1 && c.length > 5000) {
              continue; // one window per byte: slow and says nothing new
            }
            VcdiffEncoder enc = VcdiffEncoder.builder().windowSize(window).checksum(sum).secondary(sec)
                .applicationHeader(window == 3 ? "t//s/".getBytes(StandardCharsets.US_ASCII) : null).build();
            byte[] delta = identity(enc, c);
            assertArrayEquals(c, VcdiffDecoder.create().decode(c, delta), c.length + " bytes, window " + window);
          }
        }
      }
    }
  }

  @Test
  void xdelta3RebuildsTheSource() throws IOException {
    Xdelta3.require();
    for (byte[] c : contents()) {
      for (int window : new int[] {3, 4096, VcdiffEncoder.DEFAULT_WINDOW_SIZE}) {
        VcdiffEncoder enc = VcdiffEncoder.builder().windowSize(window).secondary(SecondaryCompression.LZMA).build();
        assertArrayEquals(c, Xdelta3.decode(dir, c, identity(enc, c)), c.length + " bytes, window " + window);
      }
    }
  }

  @Test
  void aSourceThatIsNotTheContentFailsItsChecksum() throws IOException {
    byte[] c = contents()[6];
    byte[] delta = identity(VcdiffEncoder.create(), c);
    byte[] other = c.clone();
    other[200_000] ^= 1;
    assertThrows(VcdiffException.class, () -> VcdiffDecoder.create().decode(other, delta));
  }

  @Test
  void costsAFewBytesPerWindow() throws IOException {
    byte[] c = contents()[6];
    byte[] delta = identity(VcdiffEncoder.builder().windowSize(100_000).build(), c);
    assertTrue(delta.length < 5 + 4 * 20, "4 windows in " + delta.length + " bytes");
    assertArrayEquals(delta, identity(VcdiffEncoder.builder().windowSize(100_000).build(), c), "deterministic");
  }
}
