package io.deltaglider.archive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** The output does not depend on how the input is split across {@link ZlibDeflater#write} calls. */
class SplitInvarianceTest {
  /** Compresses with write() calls of random sizes (mostly small, some empty, some large). */
  static byte[] deflateInPieces(byte[] input, DeflateParams p, long seed) throws IOException {
    Random r = new Random(seed);
    ZlibDeflater d = new ZlibDeflater(p);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int off = 0;
    while (off < input.length) {
      int kind = r.nextInt(10);
      int n = kind == 0 ? 0 : kind < 6 ? 1 + r.nextInt(40) : kind < 9 ? 1 + r.nextInt(5000) : 1 + r.nextInt(100_000);
      n = Math.min(n, input.length - off);
      // Pass a larger array, so offsets are exercised too.
      byte[] piece = new byte[n + 7];
      System.arraycopy(input, off, piece, 3, n);
      d.write(piece, 3, n, out);
      off += n;
    }
    d.finish(out);
    assertEquals(out.size(), d.totalOut());
    return out.toByteArray();
  }

  @Property(tries = 150)
  void anySplitGivesTheSameOutput(@ForAll("params") DeflateParams p, @ForAll("inputs") byte[] input,
      @ForAll long seed) throws IOException {
    assertArrayEquals(ZlibDeflater.deflate(input, p), deflateInPieces(input, p, seed), p.toString());
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
    return Inputs.any(250_000);
  }

  /** Byte by byte, across several window slides and stored blocks. */
  @Test
  void oneByteAtATime() throws IOException {
    byte[] input = Inputs.generate(Inputs.Kind.MIXED, 150_000, 3, 1 << 15);
    for (DeflateParams p : new DeflateParams[] {DeflateParams.of(0), DeflateParams.of(1), DeflateParams.of(6),
        new DeflateParams(9, 9, 1, 0), new DeflateParams(4, 10, 2, DeflateParams.RLE),
        new DeflateParams(5, 15, 9, DeflateParams.HUFFMAN_ONLY)}) {
      ZlibDeflater d = new ZlibDeflater(p);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      for (int i = 0; i < input.length; i++) {
        d.write(input, i, 1, out);
      }
      d.finish(out);
      assertArrayEquals(ZlibDeflater.deflate(input, p), out.toByteArray(), p.toString());
    }
  }
}
