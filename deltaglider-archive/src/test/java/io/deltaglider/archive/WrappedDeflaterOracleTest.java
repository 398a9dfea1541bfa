package io.deltaglider.archive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.deltaglider.archive.WrappedDeflater.Wrapper;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * The zlib and gzip wrappers against the system zlib called from C (see {@link ZlibOracle}):
 * {@code deflateInit2} with windowBits w (zlib) and 16 + w (gzip), with and without
 * {@code deflateSetHeader}, for the windowBits, memLevels and strategies Deflater does not expose.
 */
class WrappedDeflaterOracleTest {
  static void check(ZlibOracle zlib, byte[] input, DeflateParams p, Wrapper wrapper) {
    byte[] expected = zlib.deflate(input, p, wrapper);
    byte[] actual = WrappedDeflater.deflate(input, p, wrapper);
    if (!java.util.Arrays.equals(expected, actual)) {
      assertArrayEquals(expected, actual, wrapper + " " + p + " input of " + input.length + " bytes");
    }
  }

  /** Every level, window and strategy (the header depends on all three), memLevels in turn, both wrappers. */
  @Test
  void everyLevelWindowAndStrategy() {
    ZlibOracle zlib = ZlibOracle.require();
    byte[] input = Inputs.generate(Inputs.Kind.MIXED, 3000, 11, 512);
    int mem = 1;
    for (int level = 0; level <= 9; level++) {
      for (int wbits = 9; wbits <= 15; wbits++) {
        for (int strategy = 0; strategy <= 4; strategy++) {
          DeflateParams p = new DeflateParams(level, wbits, mem, strategy);
          mem = mem % 9 + 1;
          check(zlib, input, p, Wrapper.ZLIB);
          check(zlib, input, p, Wrapper.GZIP);
        }
      }
    }
  }

  /** Empty input and sizes around the stored-block size, with each wrapper, at level 0 and 6. */
  @Test
  void emptyAndBoundarySizes() {
    ZlibOracle zlib = ZlibOracle.require();
    for (int size : new int[] {0, 1, 65_534, 65_535, 65_536, 65_535 + 32_768, 200_000}) {
      byte[] input = Inputs.generate(Inputs.Kind.TEXT, size, size, 1 << 15);
      for (int level : new int[] {0, 6}) {
        for (Wrapper w : Wrapper.values()) {
          check(zlib, input, DeflateParams.of(level), w);
        }
      }
    }
  }

  @Property(tries = 150)
  void matchesZlibOnGeneratedInput(@ForAll("params") DeflateParams p, @ForAll("inputs") byte[] input,
      @ForAll Wrapper wrapper) {
    check(ZlibOracle.require(), input, p, wrapper);
  }

  /** A caller's header, every field in any mix, as zlib writes it after deflateSetHeader. */
  @Property(tries = 150)
  void gzipWithAHeaderMatchesZlib(@ForAll("params") DeflateParams p, @ForAll("headers") GzipHeader header,
      @ForAll("smallInputs") byte[] input) {
    ZlibOracle zlib = ZlibOracle.require();
    assertArrayEquals(zlib.gzip(input, p, header), WrappedDeflater.gzip(input, p, header), p.toString());
  }

  /** The default header is the same as one given explicitly with zlib's defaults. */
  @Test
  void defaultHeaderIsZlibsWithoutDeflateSetHeader() {
    ZlibOracle zlib = ZlibOracle.require();
    byte[] input = Inputs.generate(Inputs.Kind.STRUCTURED, 1000, 5, 1 << 15);
    for (int level = 0; level <= 9; level++) {
      DeflateParams p = DeflateParams.of(level);
      assertArrayEquals(zlib.deflate(input, p, Wrapper.GZIP), zlib.gzip(input, p, GzipHeader.ZLIB_DEFAULT));
      assertArrayEquals(zlib.deflate(input, p, Wrapper.GZIP), WrappedDeflater.gzip(input, p, GzipHeader.ZLIB_DEFAULT));
    }
  }

  /** What the Javadoc says of windowBits 8: zlib takes it for the zlib wrapper only and writes what 9 gives. */
  @Test
  void zlibWindowBits8IsWindowBits9() {
    ZlibOracle zlib = ZlibOracle.require();
    byte[] input = Inputs.generate(Inputs.Kind.FAR_REPEATS, 3000, 8, 512);
    for (int level = 0; level <= 9; level++) {
      DeflateParams p = new DeflateParams(level, 9, 8, 0);
      assertArrayEquals(WrappedDeflater.deflate(input, p, Wrapper.ZLIB), zlib.deflateWindowBits(input, p, 8));
    }
  }

  @Provide
  Arbitrary<DeflateParams> params() {
    return Combinators.combine(
        Arbitraries.integers().between(0, 9), Arbitraries.integers().between(9, 15),
        Arbitraries.integers().between(1, 9), Arbitraries.integers().between(0, 4))
        .as(DeflateParams::new);
  }

  @Provide
  Arbitrary<byte[]> inputs() {
    return Inputs.any(150_000);
  }

  @Provide
  Arbitrary<byte[]> smallInputs() {
    return Inputs.any(25_000);
  }

  @Provide
  Arbitrary<GzipHeader> headers() {
    return WrappedDeflaterTest.gzipHeaders();
  }
}
