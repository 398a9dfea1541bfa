package io.deltaglider.archive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.zip.Deflater;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * Byte-for-byte equality with {@code java.util.zip.Deflater} (the system zlib 1.2.13 here) for every
 * level and the strategies it offers (default, filtered, Huffman-only), at its fixed windowBits 15
 * and memLevel 8.
 */
class JdkOracleTest {
  static void check(byte[] input, int level, int strategy) {
    byte[] expected = JdkDeflater.deflate(input, level, strategy);
    byte[] actual = ZlibDeflater.deflate(input, new DeflateParams(level, 15, 8, strategy));
    if (!java.util.Arrays.equals(expected, actual)) {
      assertArrayEquals(expected, actual,
          "level " + level + " strategy " + strategy + " input of " + input.length + " bytes");
    }
  }

  @Property(tries = 300)
  void matchesDeflaterOnGeneratedInput(@ForAll("inputs") byte[] input, @ForAll @IntRange(min = 0, max = 9) int level,
      @ForAll("strategies") int strategy) {
    check(input, level, strategy);
  }

  @Provide
  Arbitrary<byte[]> inputs() {
    return Inputs.any(300_000);
  }

  @Provide
  Arbitrary<Integer> strategies() {
    return Arbitraries.of(Deflater.DEFAULT_STRATEGY, Deflater.FILTERED, Deflater.HUFFMAN_ONLY);
  }

  /** Every kind of input in a few sizes, at every level and strategy. */
  @Test
  void everyLevelAndStrategyOnEveryKind() {
    long seed = 1;
    for (Inputs.Kind kind : Inputs.Kind.values()) {
      for (int size : new int[] {0, 1, 2, 3, 100, 16_383, 70_000}) {
        byte[] input = Inputs.generate(kind, size, seed++, 1 << 15);
        for (int level = 0; level <= 9; level++) {
          for (int strategy = 0; strategy <= 2; strategy++) {
            check(input, level, strategy);
          }
        }
      }
    }
  }

  /** Level 0 block boundaries: 65535-byte blocks, then a last block or a worthy block and an empty one. */
  @Test
  void storedBlockSizes() {
    for (int size : new int[] {0, 1, 32767, 32768, 32769, 65534, 65535, 65536, 65535 + 32767, 65535 + 32768,
        131070, 131071, 200_000}) {
      check(Inputs.generate(Inputs.Kind.RANDOM, size, size, 1 << 15), 0, 0);
    }
  }

  /**
   * What level 0 pins down: zlib given everything with Z_FINISH at once makes a worthy rest (here
   * 40000 bytes, at least 32 KiB) the last block; with Z_NO_FLUSH first it writes the rest as a
   * block of its own and then an empty last block. We write the latter; a short rest is the last
   * block either way.
   */
  @Test
  void storedRestDependsOnHowZlibWasCalled() {
    byte[] worthyRest = Inputs.generate(Inputs.Kind.TEXT, 65535 + 40_000, 1, 1 << 15);
    byte[] noFlush = JdkDeflater.deflate(worthyRest, 0, 0);
    byte[] atOnce = JdkDeflater.deflateFinishAtOnce(worthyRest, 0);
    org.junit.jupiter.api.Assertions.assertEquals(atOnce.length + 5, noFlush.length);
    assertArrayEquals(noFlush, ZlibDeflater.deflate(worthyRest, DeflateParams.of(0)));

    byte[] shortRest = Inputs.generate(Inputs.Kind.TEXT, 65535 + 1000, 2, 1 << 15);
    assertArrayEquals(JdkDeflater.deflateFinishAtOnce(shortRest, 0), JdkDeflater.deflate(shortRest, 0, 0));
  }
}
