package io.deltaglider.vcdiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.deltaglider.vcdiff.testing.Xdelta3;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** xdelta3 3.0.11 and our decoder reproduce the target from every delta we write, at every level and setting. */
class VcdiffEncoderInteropTest {
  @TempDir Path dir;

  private static List<byte[][]> pairs() {
    Random r = new Random(42);
    List<byte[][]> list = new ArrayList<>();
    byte[] a = Pairs.mixed(r, 100_000);
    list.add(new byte[][] {a, Pairs.edit(r, a, 30)});
    list.add(new byte[][] {a, a});
    list.add(new byte[][] {a, Pairs.moveTailToFront(a, 30_000)});
    list.add(new byte[][] {a, Pairs.mixed(r, 50_000)});
    list.add(new byte[][] {new byte[0], a});
    list.add(new byte[][] {a, new byte[0]});
    list.add(new byte[][] {new byte[0], new byte[0]});
    list.add(new byte[][] {"abc".getBytes(StandardCharsets.US_ASCII), "abcabcabcab".getBytes(StandardCharsets.US_ASCII)});
    list.add(new byte[][] {new byte[] {7}, new byte[] {7}});
    list.add(new byte[][] {Pairs.run(5000, (byte) 0), Pairs.run(7000, (byte) 0)});
    list.add(new byte[][] {a, Pairs.run(70_000, (byte) 'x')});
    return list;
  }

  private void check(VcdiffEncoder enc) throws IOException {
    for (byte[][] p : pairs()) {
      byte[] delta = enc.encode(p[0], p[1]);
      String what = "level " + enc.level() + " source " + p[0].length + " target " + p[1].length;
      assertArrayEquals(p[1], Xdelta3.decode(dir, p[0], delta), what);
      assertArrayEquals(p[1], VcdiffDecoder.create().decode(p[0], delta), what);
    }
  }

  @Test
  void xdelta3DecodesEveryLevel() throws IOException {
    Xdelta3.require();
    for (int level = 0; level <= 9; level++) {
      check(VcdiffEncoder.builder().level(level).build());
    }
  }

  @Test
  void xdelta3DecodesLzmaSecondary() throws IOException {
    Xdelta3.require();
    for (int level : new int[] {1, 6, 9}) {
      check(VcdiffEncoder.builder().level(level).secondary(SecondaryCompression.LZMA).build());
    }
  }

  @Test
  void xdelta3DecodesMultiWindowWithAndWithoutChecksumAndAppHeader() throws IOException {
    Xdelta3.require();
    byte[] app = "t.bin//s.bin/".getBytes(StandardCharsets.US_ASCII);
    for (SecondaryCompression sec : SecondaryCompression.values()) {
      if (sec != SecondaryCompression.NONE && sec != SecondaryCompression.LZMA) {
        continue;
      }
      for (boolean sum : new boolean[] {true, false}) {
        for (int window : new int[] {1000, 4096, 65536}) {
          check(VcdiffEncoder.builder().windowSize(window).checksum(sum).secondary(sec)
              .applicationHeader(window == 4096 ? app : null).build());
        }
      }
    }
  }

  /**
   * A target whose first windows add random bytes and whose last adds text: with LZMA the random
   * data sections go out uncompressed (their bit clear), the text one compressed, all in one
   * delta that xdelta3 and we decode.
   */
  @Test
  void incompressibleDataSectionsSkipLzmaAndStillDecode() throws IOException {
    Xdelta3.require();
    byte[] source = io.deltaglider.vcdiff.testing.TestData.text(1, 200_000);
    byte[] noise = io.deltaglider.vcdiff.testing.TestData.random(2, 150_000);
    // Random lower-case letters: about 4.7 bits per byte, so LZMA shrinks them, and nothing in
    // the source to copy from.
    byte[] words = new byte[100_000];
    Random letters = new Random(3);
    for (int i = 0; i < words.length; i++) {
      words[i] = (byte) ('a' + letters.nextInt(26));
    }
    byte[] target = new byte[noise.length + words.length];
    System.arraycopy(noise, 0, target, 0, noise.length);
    System.arraycopy(words, 0, target, noise.length, words.length);
    VcdiffEncoder enc = VcdiffEncoder.builder().windowSize(1 << 16).secondary(SecondaryCompression.LZMA).build();
    byte[] delta = enc.encode(source, target);

    io.deltaglider.vcdiff.testing.RawWindows raw = io.deltaglider.vcdiff.testing.RawWindows.parse(delta);
    int plain = 0;
    int packed = 0;
    for (io.deltaglider.vcdiff.testing.RawWindows.Window w : raw.windows) {
      io.deltaglider.vcdiff.testing.RawWindows.Section data = w.sections[io.deltaglider.vcdiff.testing.RawWindows.DATA];
      int size = data.compressed ? data.uncompressedSize : data.stored.length;
      if (size >= Incompressible.MIN_LENGTH) {
        if (data.compressed) {
          packed++;
        } else {
          plain++;
        }
      }
    }
    org.junit.jupiter.api.Assertions.assertTrue(plain >= 2, "random windows stored plain: " + plain);
    org.junit.jupiter.api.Assertions.assertTrue(packed >= 1, "text windows compressed: " + packed);
    assertArrayEquals(target, Xdelta3.decode(dir, source, delta));
    assertArrayEquals(target, VcdiffDecoder.create().decode(source, delta));
  }

  @Test
  void entropyTellsCompressedBytesFromText() {
    byte[] noise = io.deltaglider.vcdiff.testing.TestData.random(4, 1 << 18);
    byte[] text = io.deltaglider.vcdiff.testing.TestData.text(5, 1 << 18);
    org.junit.jupiter.api.Assertions.assertTrue(Incompressible.looksIncompressible(noise, noise.length));
    org.junit.jupiter.api.Assertions.assertFalse(Incompressible.looksIncompressible(text, text.length));
    org.junit.jupiter.api.Assertions.assertFalse(Incompressible.looksIncompressible(noise, Incompressible.MIN_LENGTH - 1),
        "short sections are always compressed");
    byte[] mostlyNoise = noise.clone();
    System.arraycopy(text, 0, mostlyNoise, 0, 1 << 16); // a quarter is text: worth compressing
    org.junit.jupiter.api.Assertions.assertFalse(Incompressible.looksIncompressible(mostlyNoise, mostlyNoise.length));
  }
}
