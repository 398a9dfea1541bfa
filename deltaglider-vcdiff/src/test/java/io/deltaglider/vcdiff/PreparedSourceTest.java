package io.deltaglider.vcdiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A source indexed once gives, for every target, the delta an encode against the plain source gives. */
class PreparedSourceTest {
  private static byte[] encode(VcdiffEncoder enc, PreparedSource src, byte[] target) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    long n = enc.encode(src, new ByteArrayInputStream(target), out);
    assertEquals(out.size(), n);
    return out.toByteArray();
  }

  @Property(tries = 60)
  void sameBytesAsAnEncodeOfThePlainSource(@ForAll long seed, @ForAll @IntRange(min = 0, max = 9) int level,
      @ForAll @IntRange(min = 0, max = 300_000) int size) throws IOException {
    Random r = new Random(seed);
    byte[] source = Pairs.mixed(r, size);
    VcdiffEncoder enc = VcdiffEncoder.builder().level(level).windowSize(64 << 10).build();
    PreparedSource prepared = enc.prepare(SourceData.of(source));
    // Several targets against one preparation: nothing an encode does may change it.
    for (int i = 0; i < 3; i++) {
      byte[] target = i == 2 ? Pairs.mixed(r, r.nextInt(1000)) : Pairs.edit(r, source, 1 + r.nextInt(40));
      byte[] delta = encode(enc, prepared, target);
      assertArrayEquals(enc.encode(source, target), delta);
      assertArrayEquals(target, VcdiffDecoder.create().decode(source, delta));
    }
  }

  @Test
  void aFileSourceIsCopiedOnceAndCountedAndEncodesInParallelGiveTheSameDeltas(@TempDir Path dir) throws Exception {
    Random r = new Random(7);
    byte[] source = Pairs.mixed(r, 1 << 20);
    Path file = Files.write(dir.resolve("source"), source);
    VcdiffEncoder enc = VcdiffEncoder.builder().windowSize(64 << 10).threads(2).build();
    List<byte[]> targets = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      targets.add(Pairs.edit(r, source, 50 + i));
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try (SourceData sd = SourceData.open(file)) {
      PreparedSource prepared = enc.prepare(sd);
      assertEquals(source.length, prepared.size());
      // The heap copy of the file and the index (level 6 samples every 4th position).
      assertTrue(prepared.memoryBytes() >= source.length + (source.length / 4) * 4L, "memory " + prepared.memoryBytes());
      // A caller's array is not counted: only the index.
      assertEquals(prepared.memoryBytes() - source.length, enc.prepare(SourceData.of(source)).memoryBytes());
      List<Future<byte[]>> done = new ArrayList<>();
      for (byte[] t : targets) {
        done.add(pool.submit(() -> encode(enc, prepared, t)));
      }
      for (int i = 0; i < targets.size(); i++) {
        assertArrayEquals(enc.encode(source, targets.get(i)), done.get(i).get(), "target " + i);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void anEncoderWithAnotherLevelOrIndexBudgetRefusesIt() throws IOException {
    byte[] source = Pairs.mixed(new Random(3), 100_000);
    PreparedSource six = VcdiffEncoder.create().prepare(SourceData.of(source));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> VcdiffEncoder.builder().level(9).build().encode(six, new ByteArrayInputStream(source), new ByteArrayOutputStream()));
    assertTrue(e.getMessage().contains("level 6"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> VcdiffEncoder.builder().sourceIndexBudget(1 << 20).build()
        .encode(six, new ByteArrayInputStream(source), new ByteArrayOutputStream()));
    // Other settings do not touch the index: window size, secondary compression, threads.
    VcdiffEncoder other = VcdiffEncoder.builder().windowSize(32 << 10).secondary(SecondaryCompression.NONE).threads(2).build();
    assertArrayEquals(other.encode(source, source), encode(other, six, source));
  }
}
