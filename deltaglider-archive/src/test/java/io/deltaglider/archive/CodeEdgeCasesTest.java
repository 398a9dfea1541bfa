package io.deltaglider.archive;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Inputs that reach the corners of zlib's Huffman code construction, which random inputs rarely
 * reach: padding of a one-symbol distance code, codes longer than 15 bits cut back, single-symbol
 * blocks. Checked against {@code java.util.zip.Deflater} and, where available, the zlib oracle at
 * other memLevels (which move the block boundaries).
 */
class CodeEdgeCasesTest {
  private static void checkAll(byte[] input) {
    for (int level = 0; level <= 9; level++) {
      for (int strategy = 0; strategy <= 2; strategy++) {
        JdkOracleTest.check(input, level, strategy);
      }
    }
  }

  /** Only distance 2 (distance code 1): zlib pads the distance code with symbol 2, not 0. */
  @Test
  void onlyDistanceCodeOne() {
    checkAll("ab".repeat(5000).getBytes(StandardCharsets.US_ASCII));
    checkAll("xyab".concat("ab".repeat(40)).getBytes(StandardCharsets.US_ASCII));
  }

  /** Only distance 1 (distance code 0): padded with symbol 1. */
  @Test
  void onlyDistanceCodeZero() {
    checkAll("a".repeat(70_000).getBytes(StandardCharsets.US_ASCII));
    checkAll("q".concat("z".repeat(10)).getBytes(StandardCharsets.US_ASCII));
  }

  /** No matches at all, one literal value: a literal code of two used symbols (it and end of block). */
  @Test
  void oneLiteralValue() {
    checkAll(new byte[] {42});
    checkAll(new byte[] {42, 42});
  }

  /**
   * Literal counts following the Fibonacci sequence make the optimal code deeper than 15 bits, so
   * zlib's length limiting decides the code; shuffled so matches are few.
   */
  @Test
  void codeLengthsOverFifteenBits() {
    for (long seed = 1; seed <= 3; seed++) {
      byte[] input = fibonacciLiterals(22, seed);
      checkAll(input);
      ZlibOracle zlib = null;
      try {
        zlib = ZlibOracle.require();
      } catch (org.opentest4j.TestAbortedException e) {
        continue;
      }
      for (int mem = 1; mem <= 9; mem++) {
        for (int strategy : new int[] {0, 2, 3, 4}) {
          ZlibOracleTest.check(zlib, input, new DeflateParams(6, 15, mem, strategy));
        }
      }
    }
  }

  /** Byte value i occurs Fibonacci(i + 1) times, for i below {@code symbols}, in random order. */
  static byte[] fibonacciLiterals(int symbols, long seed) {
    List<Byte> bytes = new ArrayList<>();
    long a = 1;
    long b = 1;
    for (int i = 0; i < symbols; i++) {
      for (long k = 0; k < a; k++) {
        bytes.add((byte) (i * 11));
      }
      long c = a + b;
      a = b;
      b = c;
    }
    Collections.shuffle(bytes, new Random(seed));
    byte[] out = new byte[bytes.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = bytes.get(i);
    }
    return out;
  }
}
