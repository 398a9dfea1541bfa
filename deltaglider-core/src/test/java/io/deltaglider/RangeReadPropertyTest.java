package io.deltaglider;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deltaglider.spi.InMemoryBackend;
import io.deltaglider.spi.MetadataNames;
import io.deltaglider.spi.Payload;
import io.deltaglider.vcdiff.testing.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Every range of whole objects (with chunk digests of 8 MiB and of 1 MiB, and without) and of
 * deltas is exactly the original's bytes, around chunk boundaries above all; ranges past the end
 * are refused.
 */
class RangeReadPropertyTest {
  static final int MIB = 1 << 20;

  /** A stored object: its key, its original bytes, the chunk size its boundaries lie on. */
  record Stored(String key, byte[] content, long chunk) {}

  static Path spool;
  static DeltaStore store;
  static List<Stored> objects;

  @BeforeContainer
  static void storeThem() throws Exception {
    spool = Files.createTempDirectory("dg-range");
    InMemoryBackend backend = new InMemoryBackend();
    store = DeltaStore.builder().backend(backend).memoryThreshold(MIB).tempDirectory(spool).build();
    byte[] v1 = TestData.random(11, 3 * MIB + 5);
    byte[] v2 = TestData.edited(v1, 12, 30, 2000, true);
    byte[] hand = TestData.random(13, 3 * MIB + 17);
    objects = List.of(
        new Stored("w/eight-plus-one.bin", TestData.random(1, 8 * MIB + 1), 8L * MIB),
        new Stored("w/sixteen-minus-one.bin", TestData.random(2, 16 * MIB - 1), 8L * MIB),
        new Stored("w/twenty-four.bin", TestData.random(3, 24 * MIB), 8L * MIB),
        new Stored("w/five.bin", TestData.random(4, 5 * MIB), MIB),
        new Stored("h/hand.bin", hand, MIB),
        new Stored("d/app-1.zip", v1, MIB),
        new Stored("d/app-2.zip", v2, MIB),
        new Stored("d/small-3.zip", TestData.edited(v1, 14, 5, 100, false), MIB));
    for (Stored s : objects) {
      if (s.key().startsWith("h/")) {
        Map<String, String> meta = new HashMap<>();
        meta.put(MetadataNames.ORIGINAL_NAME, "hand.bin");
        meta.put(MetadataNames.FILE_SHA256, Sha256.of(hand, 0, hand.length));
        meta.put(MetadataNames.FILE_SIZE, Long.toString(hand.length));
        meta.put(MetadataNames.CHUNK_SIZE, Integer.toString(MIB));
        meta.put(MetadataNames.CHUNK_SHA256, ChunkDigestsTest.expectedList(hand, MIB));
        backend.put(s.key(), Payload.of(hand), meta);
      } else {
        store.put(s.key(), s.content());
      }
    }
    assertEquals(StoredForm.DELTA, store.head("d/app-2.zip").form());
    assertEquals(StoredForm.PASSTHROUGH, store.head("w/twenty-four.bin").form());
  }

  @AfterContainer
  static void closeAndCheckNothingIsLeft() throws Exception {
    store.close();
    try (var files = Files.list(spool)) {
      assertEquals(0, files.count(), "the cache's files are deleted on close");
    }
    Files.delete(spool);
  }

  /** How the range is asked for: {@code of(offset, length)}, {@code from(offset)} or {@code last(length)}. */
  enum Form { OF, FROM, LAST }

  record Ask(int object, Form form, int where, long pick, int delta, long length) {}

  @Provide
  Arbitrary<Ask> asks() {
    Arbitrary<Long> length = Arbitraries.oneOf(Arbitraries.of(0L, 1L, 2L, (long) MIB, Long.MAX_VALUE),
        Arbitraries.longs().between(1, 3L * MIB), Arbitraries.longs().between(1, 300));
    return Combinators.combine(Arbitraries.integers().between(0, 7), Arbitraries.of(Form.class),
        Arbitraries.integers().between(0, 5), Arbitraries.longs().between(0, Long.MAX_VALUE),
        Arbitraries.integers().between(-3, 3), length).as(Ask::new);
  }

  @Property(tries = 200)
  void everyRangeIsTheOriginalsBytes(@ForAll("asks") Ask ask) throws Exception {
    Stored s = objects.get(ask.object());
    long size = s.content().length;
    long offset = switch (ask.where()) {
      case 0, 1 -> Math.floorMod(ask.pick(), size); // anywhere
      case 2, 3 -> Math.max(0, Math.floorMod(ask.pick(), size / s.chunk() + 1) * s.chunk() + ask.delta()); // a boundary
      case 4 -> Math.max(0, size + ask.delta()); // the end
      default -> Math.max(0, size - 1 - Math.abs(ask.delta()));
    };
    ByteRange range = switch (ask.form()) {
      case OF -> ByteRange.of(offset, ask.length());
      case FROM -> ByteRange.from(offset);
      case LAST -> ByteRange.last(ask.length());
    };
    long first = ask.form() == Form.LAST ? size - Math.min(size, ask.length()) : offset;
    long count = ask.form() == Form.FROM ? size - offset : Math.min(ask.length(), size - first);
    boolean satisfiable = ask.form() == Form.LAST ? ask.length() > 0 : offset < size;
    if (!satisfiable) {
      RangeNotSatisfiableException e =
          assertThrows(RangeNotSatisfiableException.class, () -> store.open(s.key(), range), range.toString());
      assertEquals(size, e.objectSize());
      return;
    }
    try (RangeStream r = store.open(s.key(), range)) {
      assertEquals(first, r.offset());
      assertEquals(count, r.length());
      assertEquals(size, r.objectSize());
      assertTrue(r.verified());
      byte[] got = r.readAllBytes();
      assertArrayEquals(Arrays.copyOfRange(s.content(), (int) first, (int) (first + count)), got,
          s.key() + " " + range);
    }
  }
}
