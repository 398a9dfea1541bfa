package io.deltaglider.archive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * Byte-for-byte equality with the system zlib, called from C (see {@link ZlibOracle}), for the
 * parameters {@code java.util.zip.Deflater} does not expose: windowBits 9-15, memLevel 1-9, and the
 * RLE and FIXED strategies, at every level.
 */
class ZlibOracleTest {
  static void check(ZlibOracle zlib, byte[] input, DeflateParams p) {
    byte[] expected = zlib.deflate(input, p);
    byte[] actual = ZlibDeflater.deflate(input, p);
    if (!java.util.Arrays.equals(expected, actual)) {
      assertArrayEquals(expected, actual, p + " input of " + input.length + " bytes");
    }
  }

  @Property(tries = 400)
  void matchesZlibOnGeneratedInput(@ForAll("cases") Object[] c) {
    ZlibOracle zlib = ZlibOracle.require();
    check(zlib, (byte[]) c[1], (DeflateParams) c[0]);
  }

  @Provide
  Arbitrary<Object[]> cases() {
    Arbitrary<DeflateParams> params = Combinators.combine(
        Arbitraries.integers().between(0, 9), Arbitraries.integers().between(9, 15),
        Arbitraries.integers().between(1, 9), Arbitraries.integers().between(0, 4))
        .as(DeflateParams::new);
    return params.flatMap(p -> Combinators.combine(Arbitraries.of(Inputs.Kind.class), Inputs.sizes(200_000),
        Arbitraries.longs()).as((kind, size, seed) -> new Object[] {p, Inputs.generate(kind, size, seed,
            1 << p.windowBits())}));
  }

  /** All 3150 parameter sets on one input that slides windows up to 8 KiB and fills symbol buffers up to memLevel 7. */
  @Test
  void everyParameterSet() {
    ZlibOracle zlib = ZlibOracle.require();
    byte[] input = Inputs.generate(Inputs.Kind.MIXED, 20_000, 7, 512);
    for (int level = 0; level <= 9; level++) {
      for (int wbits = 9; wbits <= 15; wbits++) {
        for (int mem = 1; mem <= 9; mem++) {
          for (int strategy = 0; strategy <= 4; strategy++) {
            check(zlib, input, new DeflateParams(level, wbits, mem, strategy));
          }
        }
      }
    }
  }

  /** Repeats at the largest match distance of each window size, at every level and memLevel. */
  @Test
  void farRepeatsForEveryWindow() {
    ZlibOracle zlib = ZlibOracle.require();
    for (int wbits = 9; wbits <= 15; wbits++) {
      byte[] input = Inputs.generate(Inputs.Kind.FAR_REPEATS, 5 << wbits, wbits, 1 << wbits);
      for (int level = 1; level <= 9; level++) {
        for (int mem : new int[] {1, 5, 9}) {
          check(zlib, input, new DeflateParams(level, wbits, mem, 0));
        }
      }
    }
  }

  /** Level 0 with every memLevel and window: the smallest worthy block depends on both. */
  @Test
  void storedBlocksForEveryMemLevelAndWindow() {
    ZlibOracle zlib = ZlibOracle.require();
    for (int wbits = 9; wbits <= 15; wbits++) {
      for (int mem = 1; mem <= 9; mem++) {
        int minBlock = Math.min((1 << (mem + 8)) - 5, 1 << wbits);
        for (int size : new int[] {0, minBlock - 1, minBlock, minBlock + 1, 65535 + minBlock - 1, 65535 + minBlock,
            3 * 65535}) {
          check(zlib, Inputs.generate(Inputs.Kind.TEXT, size, size, 1 << wbits), new DeflateParams(0, wbits, mem, 0));
        }
      }
    }
  }
}
