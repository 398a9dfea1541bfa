package io.deltaglider.vcdiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.davidehrmann.vcdiff.VCDiffEncoderBuilder;
import io.deltaglider.vcdiff.testing.TestData;
import io.deltaglider.vcdiff.testing.Xdelta3;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Mutated real deltas (bytes flipped, inserted, deleted, overwritten, truncated) either decode to
 * the right target or fail with a {@link VcdiffException}: never another exception, a hang, or an
 * allocation the input did not pay for. Any input that ever broke this goes to
 * {@code src/test/resources/regressions/decoder/} and is replayed by {@link DecoderRegressionTest}.
 */
class VcdiffDecoderFuzzTest {

  /** A delta, its source and target, and whether its windows carry checksums. */
  static final class Seed {
    final String name;
    final byte[] source;
    final byte[] target;
    final byte[] delta;
    final boolean checksummed;

    Seed(String name, byte[] source, byte[] target, byte[] delta, boolean checksummed) {
      this.name = name;
      this.source = source;
      this.target = target;
      this.delta = delta;
      this.checksummed = checksummed;
    }

    @Override
    public String toString() {
      return name;
    }
  }

  static final List<Seed> SEEDS = buildSeeds();

  private static List<Seed> buildSeeds() {
    List<Seed> seeds = new ArrayList<>();
    byte[] source = TestData.text(31, 6000);
    byte[] target = TestData.edited(source, 32, 12, 20, true);
    byte[] bin = TestData.random(33, 3000);
    byte[] binTarget = TestData.edited(bin, 34, 5, 50, false);
    try {
      for (boolean interleaved : new boolean[] {false, true}) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        VCDiffEncoderBuilder.builder().withDictionary(source).withInterleaving(interleaved)
            .withChecksum(true).buildSimple().encode(target, out);
        seeds.add(new Seed("open-vcdiff interleaved=" + interleaved, source, target, out.toByteArray(), true));
      }
      for (int window : new int[] {2048, 1 << 16}) {
        // LZMA streams continued across windows, read whole or as the instructions reach them.
        seeds.add(new Seed("lzma window=" + window, source, target, VcdiffEncoder.builder().windowSize(window)
            .secondary(SecondaryCompression.LZMA).build().encode(source, target), true));
      }
      if (Xdelta3.find() != null) {
        Path dir = Files.createTempDirectory("fuzz-seeds");
        String[][] modes = {{"-9", "-S", "none"}, {"-3"}, {"-9", "-S", "lzma", "-W", "16384"}, {"-1", "-A=hdr"}};
        for (String[] mode : modes) {
          seeds.add(new Seed("xdelta3 " + String.join(" ", mode), source, target,
              Xdelta3.encode(dir, source, target, mode), true));
          seeds.add(new Seed("xdelta3 bin " + String.join(" ", mode), bin, binTarget,
              Xdelta3.encode(dir, bin, binTarget, mode), true));
        }
        seeds.add(new Seed("xdelta3 -n", source, target, Xdelta3.encode(dir, source, target, "-n", "-S", "none"), false));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return seeds;
  }

  @Provide
  Arbitrary<byte[][]> mutatedDeltas() {
    Arbitrary<Seed> seed = Arbitraries.of(SEEDS);
    Arbitrary<Integer> kind = Arbitraries.integers().between(0, 5);
    Arbitrary<Integer> count = Arbitraries.integers().between(1, 4);
    Arbitrary<Long> rnd = Arbitraries.longs();
    return Combinators.combine(seed, kind, count, rnd).as((s, k, n, r) -> {
      byte[] d = mutate(s.delta, k, n, new java.util.Random(r));
      return new byte[][] {d, new byte[] {(byte) SEEDS.indexOf(s)}};
    });
  }

  static byte[] mutate(byte[] delta, int kind, int count, java.util.Random r) {
    byte[] d = delta.clone();
    for (int i = 0; i < count && d.length > 0; i++) {
      int at = r.nextInt(d.length);
      switch (kind) {
        case 0: d[at] ^= (byte) (1 << r.nextInt(8)); break;
        case 1: d[at] = (byte) r.nextInt(256); break;
        case 2: { // insert
          byte[] n = new byte[d.length + 1];
          System.arraycopy(d, 0, n, 0, at);
          n[at] = (byte) r.nextInt(256);
          System.arraycopy(d, at, n, at + 1, d.length - at);
          d = n;
          break;
        }
        case 3: { // delete
          byte[] n = new byte[d.length - 1];
          System.arraycopy(d, 0, n, 0, at);
          System.arraycopy(d, at + 1, n, at, d.length - at - 1);
          d = n;
          break;
        }
        case 4: return java.util.Arrays.copyOf(d, at); // truncate
        default: { // a huge varint where a length might be
          byte[] big = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x7F};
          System.arraycopy(big, 0, d, at, Math.min(big.length, d.length - at));
          break;
        }
      }
    }
    return d;
  }

  /** Keeps a breaking input under target/ so it can be added to the regression files. */
  private static String save(Seed seed, byte[] delta) {
    try {
      Path dir = Files.createDirectories(Path.of("target", "fuzz-failures"));
      String name = "fuzz-" + Integer.toHexString(java.util.Arrays.hashCode(delta));
      Files.write(dir.resolve(name + ".vcdiff"), delta);
      Files.write(dir.resolve(name + ".source"), seed.source);
      return dir.resolve(name + ".vcdiff").toString();
    } catch (IOException e) {
      return "(not saved: " + e + ")";
    }
  }

  /**
   * With a listener, compressed sections are decompressed as the instructions reach them instead of
   * first: a mutated delta decodes to the same bytes that way, or fails (cleanly) both ways.
   */
  @Property(tries = 1500)
  void aListenerChangesNoOutcome(@ForAll("mutatedDeltas") byte[][] input) {
    Seed seed = SEEDS.get(input[1][0]);
    byte[] delta = input[0];
    long start = System.nanoTime();
    try {
      byte[] whole = decodeOrNull(seed, delta, null);
      byte[] lazy = decodeOrNull(seed, delta, (b, off, len) -> { });
      assertArrayEquals(whole, lazy, "decoded with and without a listener: " + seed);
    } catch (IOException | RuntimeException | Error e) {
      fail("decoder threw " + e + " on a mutated " + seed + " delta, saved as " + save(seed, delta), e);
    }
    long ms = (System.nanoTime() - start) / 1_000_000;
    if (ms > 5_000) {
      fail("decoding a " + delta.length + "-byte mutated delta twice took " + ms + " ms");
    }
  }

  private static byte[] decodeOrNull(Seed seed, byte[] delta, DecodeProgress progress) throws IOException {
    try {
      return VcdiffDecoder.create().decode(SourceData.of(seed.source), delta, progress);
    } catch (VcdiffException e) {
      return null;
    }
  }

  @Property(tries = 3000)
  void mutatedDeltasFailCleanlyOrDecodeCorrectly(@ForAll("mutatedDeltas") byte[][] input) {
    Seed seed = SEEDS.get(input[1][0]);
    byte[] delta = input[0];
    long start = System.nanoTime();
    try {
      byte[] out = VcdiffDecoder.create().decode(seed.source, delta);
      if (seed.checksummed && out.length == seed.target.length) {
        assertArrayEquals(seed.target, out, "checksummed delta decoded to wrong bytes: " + seed);
      }
    } catch (VcdiffException expected) {
      // The only acceptable failure.
    } catch (RuntimeException | Error e) {
      fail("decoder threw " + e + " on a mutated " + seed + " delta, saved as " + save(seed, delta), e);
    }
    long ms = (System.nanoTime() - start) / 1_000_000;
    if (ms > 5_000) {
      fail("decoding a " + delta.length + "-byte mutated delta took " + ms + " ms");
    }
  }
}
