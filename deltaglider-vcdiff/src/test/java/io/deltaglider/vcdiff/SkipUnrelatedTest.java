package io.deltaglider.vcdiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deltaglider.vcdiff.testing.Xdelta3;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link VcdiffEncoder.Builder#skipUnrelated}: long unmatched stretches are probed sparsely, but
 * every delta still decodes (ours and xdelta3), and blocks of source that turn up inside such a
 * stretch are still copied.
 */
class SkipUnrelatedTest {
  @TempDir Path dir;

  /** Random bytes with a {@code block}-byte run of the source every {@code every} bytes. */
  private static byte[] unrelatedWithSourceBlocks(Random r, byte[] source, int size, int every, int block) {
    byte[] t = new byte[size];
    r.nextBytes(t);
    for (int at = every; at + block <= size; at += every) {
      System.arraycopy(source, r.nextInt(source.length - block), t, at, block);
    }
    return t;
  }

  @Test
  void sourceBlocksInsideLongUnmatchedStretchesAreStillCopied() throws IOException {
    Random r = new Random(5);
    byte[] source = new byte[1 << 20];
    r.nextBytes(source);
    // Blocks of 512 bytes hold about 8 probes on the index's grid even at the widest stride (odd
    // strides cycle through its residues), so each is found unless all 8 lost their bucket; a
    // 128-byte block, with about 2, is missed about one time in seven.
    int every = 16384;
    int block = 512;
    byte[] target = unrelatedWithSourceBlocks(r, source, 2 << 20, every, block);
    int blocks = (target.length - block) / every;
    VcdiffEncoder skipping = VcdiffEncoder.builder().skipUnrelated(true).build();
    VcdiffEncoder plain = VcdiffEncoder.create();
    byte[] fast = skipping.encode(source, target);
    byte[] full = plain.encode(source, target);
    assertArrayEquals(target, VcdiffDecoder.create().decode(source, fast));
    // Nearly all of every block is a copy, as without skipping: a block costs a few bytes, not 128.
    long copied = (long) blocks * block;
    assertTrue(fast.length < target.length - copied * 9 / 10, "delta " + fast.length + " of " + target.length
        + " with " + copied + " bytes in blocks");
    assertTrue(fast.length <= full.length + blocks * 8L, "skipping: " + fast.length + ", full search: " + full.length);
  }

  @Test
  void theDefaultIsOffAndTheSettingIsKept() {
    assertTrue(!VcdiffEncoder.create().skipsUnrelated());
    VcdiffEncoder e = VcdiffEncoder.builder().skipUnrelated(true).build();
    assertTrue(e.skipsUnrelated() && e.toBuilder().build().skipsUnrelated());
  }

  @Property(tries = 40)
  void everyDeltaDecodes(@ForAll long seed, @ForAll @IntRange(min = 1, max = 9) int level) throws IOException {
    Random r = new Random(seed);
    byte[] source = Pairs.mixed(r, 200_000 + r.nextInt(200_000));
    byte[] target = r.nextBoolean() ? Pairs.edit(r, source, 1 + r.nextInt(30))
        : unrelatedWithSourceBlocks(r, source, 100_000 + r.nextInt(300_000), 500 + r.nextInt(20_000), 8 + r.nextInt(300));
    VcdiffEncoder enc = VcdiffEncoder.builder().level(level).skipUnrelated(true).windowSize(1 << (16 + r.nextInt(4))).build();
    assertArrayEquals(target, VcdiffDecoder.create().decode(source, enc.encode(source, target)));
  }

  @Test
  void xdelta3DecodesThem() throws IOException {
    Xdelta3.require();
    Random r = new Random(11);
    byte[] source = Pairs.mixed(r, 500_000);
    for (int level : new int[] {1, 3, 6}) {
      for (SecondaryCompression sec : new SecondaryCompression[] {SecondaryCompression.NONE, SecondaryCompression.LZMA}) {
        byte[] target = unrelatedWithSourceBlocks(r, source, 400_000, 3000 + level * 1000, 100);
        byte[] delta = VcdiffEncoder.builder().level(level).secondary(sec).skipUnrelated(true).build().encode(source, target);
        assertArrayEquals(target, Xdelta3.decode(dir, source, delta), "level " + level + " " + sec);
      }
    }
  }
}
