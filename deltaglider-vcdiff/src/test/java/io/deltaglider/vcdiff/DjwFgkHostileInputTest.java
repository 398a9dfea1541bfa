package io.deltaglider.vcdiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.deltaglider.vcdiff.testing.RawWindows;
import io.deltaglider.vcdiff.testing.RawWindows.Section;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/**
 * Malformed, truncated and corrupted DJW/FGK sections end in a {@link VcdiffException} (or, where
 * a corruption happens to be a valid stream, in output of exactly the requested length), never in
 * another exception or a hang. Uses the committed samples, so xdelta3 is not needed.
 */
class DjwFgkHostileInputTest {

  @Test
  void committedSamplesDecodeToTheirUncompressedSections() throws Exception {
    int checked = 0;
    for (String name : DjwFgkSamples.COMPRESSED) {
      RawWindows comp = DjwFgkSamples.load(name);
      RawWindows plain = DjwFgkSamples.plain(name);
      assertEquals(plain.windows.size(), comp.windows.size(), name);
      SecondaryDecoder[] dec = newDecoders(name);
      for (int w = 0; w < comp.windows.size(); w++) {
        for (int k = 0; k < 3; k++) {
          Section s = comp.windows.get(w).sections[k];
          byte[] expected = plain.windows.get(w).sections[k].stored;
          if (!s.compressed) {
            assertArrayEquals(expected, s.stored, name);
            continue;
          }
          byte[] out = new byte[s.uncompressedSize];
          dec[k].decode(s.payload, 0, s.payload.length, out, out.length, s.payloadOffset);
          assertArrayEquals(expected, out, name + " window " + w + " kind " + k);
          checked++;
        }
      }
    }
    assertTrue(checked >= 20, "compressed sections checked: " + checked);
  }

  @Test
  void djwSectionsStandAloneButFgkSectionsNeedTheEarlierWindows() throws Exception {
    for (String name : new String[] {"text-w16k-djw9", "text-w16k-fgk"}) {
      RawWindows comp = DjwFgkSamples.load(name);
      RawWindows plain = DjwFgkSamples.plain(name);
      Section s = comp.windows.get(2).sections[RawWindows.DATA];
      assertTrue(s.compressed, name);
      byte[] out = new byte[s.uncompressedSize];
      boolean same;
      try {
        DjwFgkSamples.factory(name).get()
            .decode(s.payload, 0, s.payload.length, out, out.length, 0);
        same = Arrays.equals(plain.windows.get(2).sections[RawWindows.DATA].stored, out);
      } catch (VcdiffException e) {
        same = false;
      }
      assertEquals(name.endsWith("djw9"), same, name + ": third window with a fresh decoder");
    }
  }

  @Test
  void everyTruncationIsAnError() {
    for (String name : DjwFgkSamples.COMPRESSED) {
      RawWindows comp = DjwFgkSamples.load(name);
      for (int k = 0; k < 3; k++) {
        Section s = comp.windows.get(0).sections[k];
        if (!s.compressed) {
          continue;
        }
        for (int len = 0; len < s.payload.length; len++) {
          int n = len;
          SecondaryDecoder d = DjwFgkSamples.factory(name).get();
          byte[] out = new byte[s.uncompressedSize];
          VcdiffException e = assertThrows(VcdiffException.class,
              () -> d.decode(s.payload, 0, n, out, out.length, 100), name + " cut to " + n);
          assertTrue(e.offset() >= 100 && e.offset() <= 100 + n, e.getMessage());
        }
      }
    }
  }

  @Test
  void trailingGarbageAndWrongSizesAreErrors() {
    for (String name : DjwFgkSamples.COMPRESSED) {
      Section s = DjwFgkSamples.load(name).windows.get(0).sections[RawWindows.ADDR];
      assertTrue(s.compressed, name);
      byte[] longer = Arrays.copyOf(s.payload, s.payload.length + 1);
      byte[] out = new byte[s.uncompressedSize * 2];
      VcdiffException extra = assertThrows(VcdiffException.class, () -> DjwFgkSamples
          .factory(name).get().decode(longer, 0, longer.length, out, s.uncompressedSize, 0));
      assertTrue(extra.getMessage().contains("unused input"), extra.getMessage());
      assertThrows(VcdiffException.class, () -> DjwFgkSamples.factory(name).get()
          .decode(s.payload, 0, s.payload.length, out, s.uncompressedSize + 64, 0));
      assertThrows(VcdiffException.class, () -> DjwFgkSamples.factory(name).get()
          .decode(s.payload, 0, s.payload.length, out, 0, 0));
    }
  }

  @Test
  void aChangedLastByteNeverDecodesToTheSameBytes() throws Exception {
    // Flipping a padding bit must be refused, as xdelta3's command-line tool does; flipping a
    // data bit changes the output or fails. Either way the original bytes never come back.
    int paddingRefused = 0;
    for (String name : DjwFgkSamples.COMPRESSED) {
      RawWindows comp = DjwFgkSamples.load(name);
      RawWindows plain = DjwFgkSamples.plain(name);
      for (int k = 0; k < 3; k++) {
        Section s = comp.windows.get(0).sections[k];
        if (!s.compressed) {
          continue;
        }
        for (int bit = 0; bit < 8; bit++) {
          byte[] in = s.payload.clone();
          in[in.length - 1] ^= (byte) (1 << bit);
          byte[] out = new byte[s.uncompressedSize];
          try {
            DjwFgkSamples.factory(name).get().decode(in, 0, in.length, out, out.length, 0);
            assertFalse(Arrays.equals(plain.windows.get(0).sections[k].stored, out),
                name + " kind " + k + " bit " + bit);
          } catch (VcdiffException e) {
            if (e.getMessage().contains("padding")) {
              paddingRefused++;
            }
          }
        }
      }
    }
    assertTrue(paddingRefused > 0, "no sample had padding bits");
  }

  @Test
  void fgkRefusesToContinueAfterACorruptSection() throws Exception {
    RawWindows comp = DjwFgkSamples.load("text-w16k-fgk");
    Section first = comp.windows.get(0).sections[RawWindows.DATA];
    Section second = comp.windows.get(1).sections[RawWindows.DATA];
    SecondaryDecoder d = new FgkDecoder();
    byte[] out = new byte[1 << 16];
    assertThrows(VcdiffException.class,
        () -> d.decode(first.payload, 0, first.payload.length - 1, out, first.uncompressedSize, 0));
    VcdiffException e = assertThrows(VcdiffException.class, () ->
        d.decode(second.payload, 0, second.payload.length, out, second.uncompressedSize, 0));
    assertTrue(e.getMessage().contains("earlier"), e.getMessage());
  }

  // ---- properties ----

  @Provide
  Arbitrary<String> sample() {
    return Arbitraries.of(DjwFgkSamples.COMPRESSED);
  }

  /** A real section with a few corruptions; for FGK the earlier windows are decoded first. */
  @Property(tries = 400)
  void corruptedSectionsFailCleanly(
      @ForAll("sample") String name,
      @ForAll @IntRange(min = 0, max = 3) int window,
      @ForAll @IntRange(min = 0, max = 2) int kind,
      @ForAll @IntRange(min = 0, max = 5) int mutation,
      @ForAll long seed) throws Exception {
    RawWindows comp = DjwFgkSamples.load(name);
    int w = window % comp.windows.size();
    SecondaryDecoder[] dec = newDecoders(name);
    for (int i = 0; i < w; i++) {
      Section s = comp.windows.get(i).sections[kind];
      if (s.compressed) {
        dec[kind].decode(s.payload, 0, s.payload.length, new byte[s.uncompressedSize],
            s.uncompressedSize, 0);
      }
    }
    Section s = comp.windows.get(w).sections[kind];
    if (!s.compressed) {
      return;
    }
    Random r = new Random(seed);
    byte[] in = s.payload.clone();
    int outLen = s.uncompressedSize;
    switch (mutation) {
      case 0: // flip a few bits
        for (int i = 1 + r.nextInt(4); i > 0; i--) {
          in[r.nextInt(in.length)] ^= (byte) (1 << r.nextInt(8));
        }
        break;
      case 1: // flip a bit in the table header
        in[r.nextInt(Math.min(in.length, 40))] ^= (byte) (1 << r.nextInt(8));
        break;
      case 2: // overwrite a run with random bytes
        int p = r.nextInt(in.length);
        for (int i = p; i < Math.min(in.length, p + 1 + r.nextInt(16)); i++) {
          in[i] = (byte) r.nextInt(256);
        }
        break;
      case 3: // truncate
        in = Arrays.copyOf(in, r.nextInt(in.length));
        break;
      case 4: // wrong output size
        outLen = Math.max(0, outLen + r.nextInt(200) - 100);
        break;
      default: // random tail
        int keep = r.nextInt(Math.min(in.length, 64));
        for (int i = keep; i < in.length; i++) {
          in[i] = (byte) r.nextInt(256);
        }
        break;
    }
    decodeCleanly(dec[kind], in, outLen);
  }

  /** Arbitrary bytes with an arbitrary output size. */
  @Property(tries = 400)
  void randomBytesFailCleanly(
      @ForAll @Size(max = 400) byte[] in,
      @ForAll @IntRange(min = 0, max = 100_000) int outLen,
      @ForAll boolean fgk) throws Exception {
    decodeCleanly(fgk ? new FgkDecoder() : new DjwDecoder(), in, outLen);
  }

  private static void decodeCleanly(SecondaryDecoder d, byte[] in, int outLen) {
    byte[] out = new byte[Math.max(outLen, 1)];
    assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
      try {
        d.decode(in, 0, in.length, out, outLen, 1000);
      } catch (VcdiffException e) {
        assertNotNull(e.getMessage());
        assertTrue(e.offset() >= 1000 && e.offset() <= 1000 + in.length, e.getMessage());
      } catch (RuntimeException | Error e) {
        fail("decoder threw " + e + " for input " + Arrays.toString(in) + " outLen " + outLen, e);
      }
    });
  }

  private static SecondaryDecoder[] newDecoders(String name) {
    return new SecondaryDecoder[] {
      DjwFgkSamples.factory(name).get(),
      DjwFgkSamples.factory(name).get(),
      DjwFgkSamples.factory(name).get()
    };
  }
}
