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

  /**
   * zlib fed in pieces of a power-of-two size of 512 bytes or more (as DeflaterOutputStream behind
   * a buffered writer, Node's zlib streams and most tools feed it) gives the output it gives for the
   * whole input: a piece never ends in the last MIN_LOOKAHEAD bytes of the window, so the window
   * slides where it would have anyway. We reproduce those.
   */
  @Property(tries = 60)
  void matchesZlibFedInPowerOfTwoPieces(@ForAll("cases") Object[] c, @ForAll("pieces") int piece) {
    ZlibOracle zlib = ZlibOracle.require();
    DeflateParams p = (DeflateParams) c[0];
    byte[] input = (byte[]) c[1];
    if (p.level() == 0) {
      return; // zlib's stored blocks follow its buffers at level 0
    }
    assertArrayEquals(zlib.deflateChunked(input, p, piece), ZlibDeflater.deflate(input, p), p + " piece " + piece);
  }

  @Provide
  Arbitrary<Integer> pieces() {
    return Arbitraries.of(512, 1024, 4096, 8192, 16384, 65536);
  }

  /**
   * The limit of the above, kept as an example: a 12-byte repeat at exactly the largest distance,
   * starting where the window first slides. Given all input, zlib finds it; fed one byte at a time
   * it slides the window one step earlier, loses the string at window index 0 and writes literals.
   * We write what zlib writes given all input.
   */
  @Test
  void zlibFedByteByByteCanDifferAndWeFollowTheWholeInput() {
    ZlibOracle zlib = ZlibOracle.require();
    for (int wbits : new int[] {9, 15}) {
      int w = 1 << wbits;
      byte[] input = new byte[3 * w];
      new java.util.Random(wbits).nextBytes(input);
      System.arraycopy(input, w, input, 2 * w - 262, 12);
      for (int level : new int[] {1, 6, 9}) {
        DeflateParams p = new DeflateParams(level, wbits, 8, 0);
        byte[] whole = zlib.deflate(input, p);
        org.junit.jupiter.api.Assertions.assertFalse(java.util.Arrays.equals(whole, zlib.deflateChunked(input, p, 1)),
            "zlib fed byte by byte was expected to differ here: " + p);
        assertArrayEquals(whole, ZlibDeflater.deflate(input, p), p.toString());
      }
    }
  }
}
