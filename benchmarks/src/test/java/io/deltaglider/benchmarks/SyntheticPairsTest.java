package io.deltaglider.benchmarks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticPairsTest {
  @TempDir Path dir;

  static final SyntheticPairs.Spec SCATTERED =
      new SyntheticPairs.Spec("s", SyntheticPairs.Kind.SCATTERED, 300_000);

  @Test
  void sameSeedGivesSameBytesAndAnotherSeedDifferentOnes() throws Exception {
    Pair a = SyntheticPairs.ensure(dir.resolve("a"), SCATTERED, 7);
    Pair b = SyntheticPairs.ensure(dir.resolve("b"), SCATTERED, 7);
    Pair c = SyntheticPairs.ensure(dir.resolve("c"), SCATTERED, 8);
    assertArrayEquals(Files.readAllBytes(a.source()), Files.readAllBytes(b.source()));
    assertArrayEquals(Files.readAllBytes(a.target()), Files.readAllBytes(b.target()));
    assertFalse(Arrays.equals(Files.readAllBytes(a.source()), Files.readAllBytes(c.source())));
    assertEquals(300_000, a.sourceBytes());
  }

  @Test
  void ensureIsIdempotent() throws Exception {
    Pair a = SyntheticPairs.ensure(dir, SCATTERED, 7);
    long modified = Files.getLastModifiedTime(a.target()).toMillis();
    Thread.sleep(20);
    SyntheticPairs.ensure(dir, SCATTERED, 7);
    assertEquals(modified, Files.getLastModifiedTime(a.target()).toMillis());
  }

  @Test
  void tailToFrontMovesTheTailBlockToTheStart() throws Exception {
    Pair p = SyntheticPairs.ensure(dir,
        new SyntheticPairs.Spec("m", SyntheticPairs.Kind.MOVED_TAIL_TO_FRONT, 1_000_000), 1);
    byte[] s = Files.readAllBytes(p.source());
    byte[] t = Files.readAllBytes(p.target());
    int tail = 500_000; // min(100 MiB, size / 2)
    assertArrayEquals(Arrays.copyOfRange(s, s.length - tail, s.length),
        Arrays.copyOfRange(t, 0, tail));
    assertArrayEquals(Arrays.copyOfRange(s, 0, s.length - tail),
        Arrays.copyOfRange(t, tail, t.length));
  }
}
