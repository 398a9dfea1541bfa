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
 * Whole DJW/FGK deltas (the committed xdelta3 samples), mutated like {@link VcdiffDecoderFuzzTest}
 * mutates its seeds, decode through {@link VcdiffDecoder} to the right target or fail with a
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
    byte[] delta = VcdiffDecoderFuzzTest.mutate(resource(name), kind, count, new Random(seed));
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
