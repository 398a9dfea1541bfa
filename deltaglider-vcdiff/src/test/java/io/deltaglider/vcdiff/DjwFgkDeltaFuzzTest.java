package io.deltaglider.vcdiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * Whole DJW/FGK deltas (the committed xdelta3 samples), mutated (bits flipped, bytes overwritten,
 * inserted, deleted, truncated, huge varints written), decode through {@link VcdiffDecoder} to the right target or fail with a
 * {@link VcdiffException}; the samples carry Adler-32 checksums, so wrong bytes are a failure.
 */
class DjwFgkDeltaFuzzTest {
  private static final byte[] NO_SOURCE = new byte[0];

  private static byte[] resource(String name) {
    try (InputStream in = DjwFgkDeltaFuzzTest.class.getResourceAsStream(
        "/secondary/" + name + ".vcdiff")) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static final byte[] TARGET = decodeOrNull(resource("text-none"));

  private static byte[] decodeOrNull(byte[] delta) {
    try {
      return VcdiffDecoder.create().decode(NO_SOURCE, delta);
    } catch (VcdiffException e) {
      throw new IllegalStateException(e);
    }
  }

  static byte[] mutate(byte[] delta, int kind, int count, Random r) {
    byte[] d = delta.clone();
    for (int i = 0; i < count && d.length > 0; i++) {
      int at = r.nextInt(d.length);
      switch (kind) {
        case 0:
          d[at] ^= (byte) (1 << r.nextInt(8));
          break;
        case 1:
          d[at] = (byte) r.nextInt(256);
          break;
        case 2:
          byte[] longer = new byte[d.length + 1];
          System.arraycopy(d, 0, longer, 0, at);
          longer[at] = (byte) r.nextInt(256);
          System.arraycopy(d, at, longer, at + 1, d.length - at);
          d = longer;
          break;
        case 3:
          byte[] shorter = new byte[d.length - 1];
          System.arraycopy(d, 0, shorter, 0, at);
          System.arraycopy(d, at + 1, shorter, at, d.length - at - 1);
          d = shorter;
          break;
        case 4:
          return java.util.Arrays.copyOf(d, at);
        default:
          byte[] huge = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x7F};
          System.arraycopy(huge, 0, d, at, Math.min(huge.length, d.length - at));
          break;
      }
    }
    return d;
  }

  @Test
  void everySampleDecodesToTheSameTarget() throws Exception {
    for (String name : DjwFgkSamples.COMPRESSED) {
      assertArrayEquals(TARGET, VcdiffDecoder.create().decode(NO_SOURCE, resource(name)), name);
    }
  }

  @Provide
  Arbitrary<String> sample() {
    return Arbitraries.of(DjwFgkSamples.COMPRESSED);
  }

  @Property(tries = 600)
  void mutatedDeltasFailCleanlyOrDecodeCorrectly(
      @ForAll("sample") String name,
      @ForAll @IntRange(min = 0, max = 5) int kind,
      @ForAll @IntRange(min = 1, max = 4) int count,
      @ForAll long seed) {
    byte[] delta = mutate(resource(name), kind, count, new Random(seed));
    long start = System.nanoTime();
    try {
      byte[] out = VcdiffDecoder.create().decode(NO_SOURCE, delta);
      if (out.length == TARGET.length) {
        assertArrayEquals(TARGET, out, "checksummed " + name + " delta decoded to wrong bytes");
      }
    } catch (VcdiffException expected) {
      // The only acceptable failure.
    } catch (RuntimeException | Error e) {
      fail("decoder threw " + e + " on a mutated " + name + " delta (kind " + kind + ", count "
          + count + ", seed " + seed + ")", e);
    }
    long ms = (System.nanoTime() - start) / 1_000_000;
    if (ms > 5_000) {
      fail("decoding a mutated " + name + " delta took " + ms + " ms");
    }
  }
}
