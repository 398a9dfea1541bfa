package io.deltaglider;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deltaglider.spi.InMemoryBackend;
import io.deltaglider.spi.MetadataNames;
import io.deltaglider.spi.Payload;
import io.deltaglider.vcdiff.testing.TestData;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The chunk digests of FORMAT.md section 3.6, as written by every kind of put and as read. */
class ChunkDigestsTest {
  static final int MIB = 1 << 20;
  @TempDir Path tmp;
  final InMemoryBackend backend = new InMemoryBackend();
  final DeltaStore store = DeltaStore.builder().backend(backend).build();

  /** FORMAT.md section 3.6 written out independently of the code under test. */
  static String expectedList(byte[] content, long chunkSize) throws Exception {
    StringBuilder sb = new StringBuilder();
    for (long c = 0; c < content.length; c += chunkSize) {
      MessageDigest chunk = MessageDigest.getInstance("SHA-256");
      for (long b = c; b < Math.min(content.length, c + chunkSize); b += MIB) {
        MessageDigest block = MessageDigest.getInstance("SHA-256");
        block.update(content, (int) b, (int) Math.min(MIB, content.length - b));
        chunk.update(block.digest());
      }
      sb.append(Base64.getUrlEncoder().withoutPadding().encodeToString(chunk.digest()));
    }
    return sb.toString();
  }

  @Test
  void chunkSizeIsAtLeast8MiBAndAtMost16ChunksRoundedUpToAMiB() {
    assertEquals(8L * MIB, ChunkDigests.chunkSizeFor(8L * MIB + 1));
    assertEquals(8L * MIB, ChunkDigests.chunkSizeFor(128L * MIB));
    assertEquals(9L * MIB, ChunkDigests.chunkSizeFor(128L * MIB + 1));
    assertEquals(12L * MIB, ChunkDigests.chunkSizeFor(200_000_000L));
    assertEquals(64L * MIB, ChunkDigests.chunkSizeFor(1L << 30));
    assertEquals(4096L * MIB, ChunkDigests.chunkSizeFor(64L << 30));
    assertFalse(ChunkDigests.wanted(8L * MIB));
    assertTrue(ChunkDigests.wanted(8L * MIB + 1));
  }

  @Test
  void aWholePutOverOneChunkRecordsEachChunksDigestOfItsBlocksDigests() throws Exception {
    byte[] content = TestData.random(1, 20 * MIB + 5);
    store.put("x/data.bin", content);
    Map<String, String> meta = backend.head("x/data.bin").orElseThrow().metadata();
    assertEquals("8388608", meta.get("dg-chunk-size"));
    assertEquals(expectedList(content, 8L * MIB), meta.get("dg-chunk-sha256"));
    assertEquals(3 * 43, meta.get("dg-chunk-sha256").length());
  }

  @Test
  void everyKindOfPutRecordsTheSameDigestsInItsOnePass() throws Exception {
    byte[] content = TestData.random(2, 9 * MIB + 123);
    String expected = expectedList(content, 8L * MIB);
    Path file = tmp.resolve("in.bin");
    Files.write(file, content);
    store.put("a/array.bin", content);
    store.put("a/stream.bin", new ByteArrayInputStream(content));
    store.put("a/file.bin", file);
    store.copy("a/file.bin", "b/copied.bin");
    // A delta-eligible file whose delta does not pay off: recorded by the encoder's read.
    store.put("c/first.zip", TestData.random(3, 9 * MIB));
    store.put("c/random.zip", file);
    for (String raw : new String[] {"a/array.bin", "a/stream.bin", "a/file.bin", "b/copied.bin", "c/random.zip"}) {
      assertEquals(expected, backend.head(raw).orElseThrow().metadata().get("dg-chunk-sha256"), raw);
    }
  }

  @Test
  void noneForObjectsOfOneChunkNorForDeltas() throws Exception {
    store.put("x/eight.bin", new byte[8 * MIB]);
    assertNull(backend.head("x/eight.bin").orElseThrow().metadata().get("dg-chunk-sha256"));
    byte[] v1 = TestData.random(4, 9 * MIB);
    store.put("d/app-1.zip", v1);
    store.put("d/app-2.zip", TestData.edited(v1, 5, 10, 100, false));
    assertNull(backend.head("d/app-2.zip.delta").orElseThrow().metadata().get("dg-chunk-sha256"));
    assertNull(backend.head("d/reference.bin").orElseThrow().metadata().get("dg-chunk-sha256"));
  }

  @Test
  void leftOutWhenTheMetadataWouldNotFitInS3s2KB() throws Exception {
    byte[] content = TestData.random(6, 9 * MIB);
    StringBuilder longValue = new StringBuilder();
    while (longValue.length() < 1000) {
      longValue.append("0123456789");
    }
    PutOptions options = PutOptions.none().withUserMetadata("note", longValue.toString());
    String name = "n".repeat(600) + ".bin";
    store.put("x/" + name, content, options);
    Map<String, String> meta = backend.head("x/" + name).orElseThrow().metadata();
    assertNull(meta.get("dg-chunk-sha256"));
    assertTrue(ChunkDigests.metadataBytes(meta) <= ChunkDigests.S3_METADATA_LIMIT);
    // Still readable by range: verified whole instead.
    try (RangeStream r = store.open("x/" + name, 100, 10)) {
      assertArrayEquals(java.util.Arrays.copyOfRange(content, 100, 110), r.readAllBytes());
    }
    store.put("x/plain.bin", content);
    Map<String, String> fits = backend.head("x/plain.bin").orElseThrow().metadata();
    assertNotNull(fits.get("dg-chunk-sha256"));
    assertTrue(ChunkDigests.metadataBytes(fits) <= ChunkDigests.S3_METADATA_LIMIT);
  }

  @Test
  void readersAcceptAnyChunkSizeThatIsAMultipleOfAMiBAndNothingInconsistent() throws Exception {
    byte[] content = TestData.random(7, 3 * MIB + 17);
    Map<String, String> meta = new HashMap<>();
    meta.put(MetadataNames.FILE_SIZE, Long.toString(content.length));
    meta.put(MetadataNames.CHUNK_SIZE, Integer.toString(MIB));
    String list = expectedList(content, MIB);
    meta.put(MetadataNames.CHUNK_SHA256, list);
    ChunkDigests ok = ChunkDigests.declaredBy(StoredMetadata.parse(meta), content.length);
    assertNotNull(ok);
    assertEquals(4, ok.count());
    assertEquals(3L * MIB, ok.start(3));
    assertEquals(content.length, ok.end(3));

    assertNull(ChunkDigests.declaredBy(StoredMetadata.parse(meta), content.length + 1), "stored size differs");
    Map<String, String> bad = new HashMap<>(meta);
    bad.put(MetadataNames.CHUNK_SIZE, Integer.toString(MIB + 1));
    assertNull(ChunkDigests.declaredBy(StoredMetadata.parse(bad), content.length), "not a multiple of a MiB");
    bad = new HashMap<>(meta);
    bad.put(MetadataNames.CHUNK_SIZE, Integer.toString(2 * MIB));
    assertNull(ChunkDigests.declaredBy(StoredMetadata.parse(bad), content.length), "count does not match");
    bad = new HashMap<>(meta);
    bad.put(MetadataNames.CHUNK_SHA256, list.substring(0, 3 * 43));
    assertNull(ChunkDigests.declaredBy(StoredMetadata.parse(bad), content.length), "one digest short");
    bad = new HashMap<>(meta);
    bad.put(MetadataNames.CHUNK_SHA256, list.substring(0, 42) + "B" + list.substring(43));
    assertNull(ChunkDigests.declaredBy(StoredMetadata.parse(bad), content.length), "non-canonical base64url");
    bad = new HashMap<>(meta);
    bad.put(MetadataNames.CHUNK_SHA256, "+" + list.substring(1));
    assertNull(ChunkDigests.declaredBy(StoredMetadata.parse(bad), content.length), "not base64url");
    bad = new HashMap<>(meta);
    bad.remove(MetadataNames.CHUNK_SIZE);
    assertNull(ChunkDigests.declaredBy(StoredMetadata.parse(bad), content.length), "size missing");
  }

  @Test
  void aHandWrittenObjectWithSmallChunksReadsByRange() throws Exception {
    byte[] content = TestData.random(8, 3 * MIB + 17);
    Map<String, String> meta = new HashMap<>();
    meta.put(MetadataNames.ORIGINAL_NAME, "hand.bin");
    meta.put(MetadataNames.FILE_SHA256, Sha256.of(content, 0, content.length));
    meta.put(MetadataNames.FILE_SIZE, Long.toString(content.length));
    meta.put(MetadataNames.CHUNK_SIZE, Integer.toString(MIB));
    meta.put(MetadataNames.CHUNK_SHA256, expectedList(content, MIB));
    backend.put("h/hand.bin", Payload.of(content), meta);
    try (RangeStream r = store.open("h/hand.bin", MIB - 3, 7)) {
      assertArrayEquals(java.util.Arrays.copyOfRange(content, MIB - 3, MIB + 4), r.readAllBytes());
    }
    assertEquals(2, store.metrics().chunksVerified());
  }
}
