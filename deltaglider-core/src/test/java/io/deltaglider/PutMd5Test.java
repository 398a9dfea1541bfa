package io.deltaglider;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.deltaglider.spi.InMemoryBackend;
import io.deltaglider.vcdiff.testing.TestData;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every stored form carries {@code dg-md5}, the MD5 of the original bytes, whichever way they came in. */
class PutMd5Test {
  @TempDir Path tmp;
  final InMemoryBackend backend = new InMemoryBackend();
  // A small threshold, so the stream put spills to a temp file and hashes on the way there.
  final DeltaStore store = DeltaStore.builder().backend(backend).memoryThreshold(4096).build();

  static final byte[] V1 = TestData.random(11, 100_000);
  static final byte[] V2 = TestData.edited(V1, 12, 10, 100, false);

  private static String md5(byte[] b) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(b));
  }

  private String md5Of(String rawKey) throws Exception {
    return backend.head(rawKey).orElseThrow().metadata().get("dg-md5");
  }

  @Test
  void referenceDeltaAndPassthroughCarryTheMd5OfTheOriginal() throws Exception {
    store.put("a/app-1.0.zip", V1);
    store.put("a/app-1.1.zip", new ByteArrayInputStream(V2));
    store.put("a/notes.txt", Files.write(tmp.resolve("notes.txt"), V2));
    assertEquals(md5(V1), md5Of("a/reference.bin"));
    assertEquals(md5(V1), md5Of("a/app-1.0.zip.delta"));
    assertEquals(md5(V2), md5Of("a/app-1.1.zip.delta"));
    assertEquals(md5(V2), md5Of("a/notes.txt"));
    assertEquals("__reference__", backend.head("a/reference.bin").orElseThrow().metadata().get("dg-original-name"));
    assertEquals("d41d8cd98f00b204e9800998ecf8427e", md5Of(store.put("e/empty.txt", new byte[0]).key()));
  }

  @Test
  void aCopyCarriesTheMd5Too() throws Exception {
    store.put("a/app-1.0.zip", V1);
    store.put("a/app-1.1.zip", V2);
    store.copy("a/app-1.1.zip", "b/app-1.1.zip");
    store.copy("a/app-1.1.zip", "b/app-1.1.bin");
    assertEquals(md5(V2), md5Of("b/app-1.1.zip.delta"));
    assertEquals(md5(V2), md5Of("b/app-1.1.bin"));
  }

  /**
   * A stream past 1 MiB is hashed on another thread while it is read: the digests must be those of
   * the bytes in order, whatever sizes the reads come in (a piece overwritten before it was hashed
   * would record a wrong digest, and the get below would fail its check).
   */
  @Test
  void aLongStreamHashedBesideItsReadingRecordsTheRightDigests() throws Exception {
    byte[] big = TestData.random(13, 12 * 1024 * 1024 + 7);
    var oddReads = new java.io.FilterInputStream(new ByteArrayInputStream(big)) {
      int turn;

      @Override
      public int read(byte[] b, int off, int len) throws java.io.IOException {
        return super.read(b, off, Math.min(len, 1 + (turn++ * 7919) % 65536));
      }
    };
    PutResult r = store.put("s/big.bin", oddReads);
    assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(big)), r.sha256());
    assertEquals(md5(big), md5Of("s/big.bin"));
    org.junit.jupiter.api.Assertions.assertArrayEquals(big, store.get("s/big.bin"));
    try (RangeStream range = store.open("s/big.bin", 11L * 1024 * 1024, 5)) {
      org.junit.jupiter.api.Assertions.assertArrayEquals(
          java.util.Arrays.copyOfRange(big, 11 * 1024 * 1024, 11 * 1024 * 1024 + 5), range.readAllBytes());
    }
    assertEquals(1, store.metrics().chunksVerified());
  }
}
