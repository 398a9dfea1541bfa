package io.deltaglider.encryption;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deltaglider.DeltaPolicy;
import io.deltaglider.DeltaStore;
import io.deltaglider.RangeStream;
import io.deltaglider.StoredForm;
import io.deltaglider.spi.InMemoryBackend;
import io.deltaglider.spi.Payload;
import io.deltaglider.storage.fs.FileSystemBackend;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ranged reads decrypt only the segments they cover: the counts of ciphertext bytes read from
 * the inner backend show random access, not a read of the object up to the range.
 */
class RangeReadTest {
  private static final int MIB = 1 << 20;
  @TempDir Path tmp;

  private static byte[] range(EncryptingBackend b, String key, long offset, long length) throws Exception {
    try (InputStream in = b.get(key, offset, length)) {
      return in.readAllBytes();
    }
  }

  @Test
  void aRangeDeepInsideReadsItsSegmentsOnly() throws Exception {
    byte[] plain = Fixtures.random(8 * MIB + 123, 1);
    Fixtures.CountingBackend inner = new Fixtures.CountingBackend(
        FileSystemBackend.builder(tmp.resolve("store")).fsync(false).build());
    EncryptingBackend b = EncryptingBackend.wrap(inner, Keys.fresh(Keys.SEG_1MB));
    b.put("a/big.bin", Payload.of(plain), Map.of());

    inner.reset();
    assertArrayEquals(Arrays.copyOfRange(plain, 5 * MIB, 5 * MIB + 100), range(b, "a/big.bin", 5 * MIB, 100));
    assertTrue(inner.bytesRead.get() <= 40 + MIB, "one segment and the header: " + inner.bytesRead.get());
    assertTrue(inner.bytesRead.get() >= MIB - 16, "the whole covering segment is authenticated: " + inner.bytesRead.get());

    inner.reset();
    long straddle = (MIB - 56) + 3L * (MIB - 16) - 10; // ends segment 3, the range runs into segment 4
    assertArrayEquals(Arrays.copyOfRange(plain, (int) straddle, (int) straddle + 20), range(b, "a/big.bin", straddle, 20));
    assertTrue(inner.bytesRead.get() <= 40 + 2L * MIB, "two segments: " + inner.bytesRead.get());
    assertEquals(2, inner.gets.get(), "the header, then both segments in one ranged get");

    inner.reset();
    assertArrayEquals(Arrays.copyOfRange(plain, 0, 10), range(b, "a/big.bin", 0, 10));
    assertEquals(1, inner.gets.get(), "header and first segment are one span");
    assertTrue(inner.bytesRead.get() <= MIB);

    inner.reset();
    assertArrayEquals(Arrays.copyOfRange(plain, plain.length - 5, plain.length), range(b, "a/big.bin", plain.length - 5, 99));
    assertTrue(inner.bytesRead.get() <= 40 + MIB, "the last segment: " + inner.bytesRead.get());
    assertEquals(0, range(b, "a/big.bin", plain.length, 10).length);
  }

  @Property(tries = 200)
  void everyRangeIsTheSliceOfThePlaintext(@ForAll @IntRange(max = 40_000) int offset,
      @ForAll @IntRange(max = 20_000) int length) throws Exception {
    EncryptingBackend b = smallSegments();
    int end = (int) Math.min(PROPERTY_PLAIN.length, (long) offset + length);
    byte[] expected = offset >= PROPERTY_PLAIN.length ? new byte[0] : Arrays.copyOfRange(PROPERTY_PLAIN, offset, end);
    assertArrayEquals(expected, range(b, "p/x.bin", offset, length));
  }

  private static final byte[] PROPERTY_PLAIN = Fixtures.random(33_333, 9);
  private static EncryptingBackend smallSegmentBackend;

  private static synchronized EncryptingBackend smallSegments() throws Exception {
    if (smallSegmentBackend == null) {
      smallSegmentBackend = EncryptingBackend.wrap(new InMemoryBackend(), Keys.fresh(Keys.SEG_4KB));
      smallSegmentBackend.put("p/x.bin", Payload.of(PROPERTY_PLAIN), Map.of());
    }
    return smallSegmentBackend;
  }

  @Test
  void aStoreRangeOfAWholeObjectReadsItsChunkNotTheObject() throws Exception {
    byte[] plain = Fixtures.random(40 * MIB, 2);
    Fixtures.CountingBackend inner = new Fixtures.CountingBackend(new InMemoryBackend());
    EncryptingBackend b = EncryptingBackend.wrap(inner, Keys.fresh(Keys.SEG_1MB));
    try (DeltaStore store = DeltaStore.builder().backend(b).policy(DeltaPolicy.builder().extensions(java.util.Set.of("zip")).build())
        .build()) {
      assertEquals(StoredForm.PASSTHROUGH, store.put("iso/disk.bin", plain).form());
      inner.reset();
      long offset = 30L * MIB + 77;
      try (RangeStream r = store.open("iso/disk.bin", offset, 1000)) {
        assertArrayEquals(Arrays.copyOfRange(plain, (int) offset, (int) offset + 1000), r.readAllBytes());
        assertTrue(r.verified());
      }
      // The store verifies the covering 8 MiB chunk (FORMAT.md 4.7); the decorator adds a segment at most.
      assertTrue(inner.bytesRead.get() <= 8L * MIB + 2 * MIB, "ciphertext read: " + inner.bytesRead.get());
      assertTrue(inner.bytesRead.get() >= 8L * MIB, "ciphertext read: " + inner.bytesRead.get());
    }
  }

  @Test
  void aStoreRangeOfADeltaIsServedFromItsVerifiedCopy() throws Exception {
    byte[] v1 = Fixtures.random(3 * MIB, 3);
    byte[] v2 = Fixtures.nextVersion(v1, 4);
    EncryptingBackend b = EncryptingBackend.wrap(new InMemoryBackend(), Keys.fresh(Keys.SEG_4KB));
    try (DeltaStore store = DeltaStore.builder().backend(b).build()) {
      store.put("r/a-1.zip", v1);
      assertEquals(StoredForm.DELTA, store.put("r/a-2.zip", v2).form());
      for (long offset : new long[] {0, 4040, MIB + 1, v2.length - 1}) {
        try (RangeStream r = store.open("r/a-2.zip", offset, 5000)) {
          assertArrayEquals(Arrays.copyOfRange(v2, (int) offset, (int) Math.min(v2.length, offset + 5000)), r.readAllBytes());
        }
      }
    }
  }
}
