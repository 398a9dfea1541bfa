package io.deltaglider.vcdiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.deltaglider.vcdiff.testing.Xdelta3;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** Every delta decodes back to its target, with our decoder and with xdelta3. */
class VcdiffEncoderRoundTripTest {

  /** A source/target pair built from a seed and a shape, so failures shrink and reproduce. */
  record Pair(String shape, byte[] source, byte[] target) {
    @Override
    public String toString() {
      return shape + " source " + source.length + " target " + target.length;
    }
  }

  @Provide
  Arbitrary<Pair> pairs() {
    Arbitrary<Long> seeds = Arbitraries.longs();
    Arbitrary<Integer> sizes = Arbitraries.oneOf(
        Arbitraries.integers().between(0, 16), Arbitraries.integers().between(0, 3000),
        Arbitraries.integers().between(0, 70_000));
    Arbitrary<Integer> shapes = Arbitraries.integers().between(0, 8);
    return Combinators.combine(seeds, sizes, shapes).as((seed, n, shape) -> {
      Random r = new Random(seed);
      byte[] s = Pairs.mixed(r, n);
      switch (shape) {
        case 0: return new Pair("edited", s, Pairs.edit(r, s, 1 + r.nextInt(20)));
        case 1: return new Pair("equal", s, s.clone());
        case 2: return new Pair("unrelated", s, Pairs.mixed(r, r.nextInt(n + 1)));
        case 3: return new Pair("empty source", new byte[0], s);
        case 4: return new Pair("empty target", s, new byte[0]);
        case 5: return new Pair("runs", Pairs.run(n, (byte) 0), Pairs.run(r.nextInt(n + 10), (byte) r.nextInt(2)));
        case 6: return new Pair("moved", s, n < 2 ? s : Pairs.moveTailToFront(s, 1 + r.nextInt(n - 1)));
        case 7: {
          byte[] t = new byte[r.nextInt(8)];
          r.nextBytes(t);
          return new Pair("tiny", Pairs.mixed(r, r.nextInt(8)), t);
        }
        default: {
          // Target repeats itself more than it resembles the source.
          byte[] t = new byte[n * 3];
          for (int i = 0; i < t.length; i++) {
            t[i] = n == 0 ? 0 : s[i % n];
          }
          return new Pair("self-repeating", Pairs.mixed(r, 100), t);
        }
      }
    });
  }

  private static VcdiffEncoder encoder(int level, int window, boolean checksum, boolean lzma) {
    return VcdiffEncoder.builder().level(level).windowSize(window).checksum(checksum)
        .secondary(lzma ? SecondaryCompression.LZMA : SecondaryCompression.NONE).build();
  }

  @Property(tries = 400)
  void ourDecoderReproducesTheTarget(@ForAll("pairs") Pair p, @ForAll @IntRange(min = 0, max = 9) int level,
      @ForAll("windows") int window, @ForAll boolean checksum, @ForAll boolean lzma) throws IOException {
    VcdiffEncoder enc = encoder(level, window, checksum, lzma);
    byte[] delta = enc.encode(p.source(), p.target());
    assertArrayEquals(p.target(), VcdiffDecoder.create().decode(p.source(), delta));
    // The streaming entry point writes the same bytes as the in-memory one.
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    enc.encode(SourceData.of(p.source()), new ByteArrayInputStream(p.target()), out);
    assertArrayEquals(delta, out.toByteArray());
  }

  @Property(tries = 40)
  void xdelta3ReproducesTheTarget(@ForAll("pairs") Pair p, @ForAll @IntRange(min = 0, max = 9) int level,
      @ForAll("windows") int window, @ForAll boolean checksum, @ForAll boolean lzma) throws IOException {
    Xdelta3.require();
    Path dir = Files.createTempDirectory("enc-rt");
    try {
      byte[] delta = encoder(level, window, checksum, lzma).encode(p.source(), p.target());
      assertArrayEquals(p.target(), Xdelta3.decode(dir, p.source(), delta));
    } finally {
      try (var files = Files.list(dir)) {
        for (Path f : (Iterable<Path>) files::iterator) {
          Files.delete(f);
        }
      }
      Files.delete(dir);
    }
  }

  @Property(tries = 50)
  void outputIsDeterministic(@ForAll("pairs") Pair p, @ForAll @IntRange(min = 0, max = 9) int level,
      @ForAll boolean lzma) {
    VcdiffEncoder a = encoder(level, 4096, true, lzma);
    VcdiffEncoder b = encoder(level, 4096, true, lzma);
    assertArrayEquals(a.encode(p.source(), p.target()), b.encode(p.source(), p.target()));
  }

  @Property(tries = 150)
  void theThreadCountDoesNotChangeTheDelta(@ForAll("pairs") Pair p,
      @ForAll @IntRange(min = 0, max = 9) int level, @ForAll("smallWindows") int window,
      @ForAll @IntRange(min = 2, max = 5) int threads, @ForAll boolean lzma) throws IOException {
    VcdiffEncoder one = encoder(level, window, true, lzma);
    VcdiffEncoder many = VcdiffEncoder.builder().level(level).windowSize(window).threads(threads)
        .secondary(lzma ? SecondaryCompression.LZMA : SecondaryCompression.NONE).build();
    byte[] expected = one.encode(p.source(), p.target());
    assertArrayEquals(expected, many.encode(p.source(), p.target()));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    // A stream that hands out a few bytes per read, so windows fill over many reads.
    InputStream trickle = new FilterInputStream(new ByteArrayInputStream(p.target())) {
      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        return super.read(b, off, Math.min(len, 1 + (off % 97)));
      }
    };
    many.encode(SourceData.of(p.source()), trickle, out);
    assertArrayEquals(expected, out.toByteArray());
  }

  @Provide
  Arbitrary<Integer> smallWindows() {
    return Arbitraries.of(1, 7, 100, 1000, 4096);
  }

  @Provide
  Arbitrary<Integer> windows() {
    return Arbitraries.of(1, 7, 100, 4096, 65536, VcdiffEncoder.DEFAULT_WINDOW_SIZE);
  }
}
