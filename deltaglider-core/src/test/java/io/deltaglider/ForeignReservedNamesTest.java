package io.deltaglider;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deltaglider.spi.InMemoryBackend;
import io.deltaglider.spi.Payload;
import io.deltaglider.vcdiff.testing.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files under the layout's reserved names ({@code x.delta}, {@code reference.bin}, any case) that
 * DeltaGlider never wrote (no DeltaGlider metadata), as a real bucket can hold: people keep their
 * own xdelta patches as {@code *.delta}. They are plain files under their raw keys (FORMAT.md
 * section 2.7): readable, listed, counted, not verifiable; the store's own deltas and references
 * stay out of reach.
 */
class ForeignReservedNamesTest {
  static final byte[] PATCH = TestData.random(301, 5_000);
  static final byte[] REF = TestData.random(302, 6_000);
  static final byte[] UPPER = TestData.random(303, 7_000);
  static final byte[] V1 = TestData.random(304, 40_000);
  static final byte[] V2 = TestData.edited(V1, 305, 3, 40, false);

  final InMemoryBackend raw = new InMemoryBackend();
  final DeltaStore store = DeltaStore.builder().backend(new ForeignObjectsTest.WithMd5Etags(raw)).build();

  /** The bucket from the bug report: three foreign files under reserved names, no metadata. */
  private void foreignFiles() throws Exception {
    raw.put("docs/patch.delta", Payload.of(PATCH), Map.of());
    raw.put("docs/reference.bin", Payload.of(REF), Map.of());
    raw.put("docs/REFERENCE.BIN", Payload.of(UPPER), Map.of("owner", "ops")); // another tool's metadata
  }

  @Test
  void foreignFilesUnderReservedNamesAreReadAsPlainFiles(@TempDir Path dir) throws Exception {
    foreignFiles();
    assertArrayEquals(PATCH, store.get("docs/patch.delta"));
    assertArrayEquals(REF, store.get("docs/reference.bin"));
    assertArrayEquals(UPPER, store.get("docs/REFERENCE.BIN"));
    ObjectInfo info = store.head("docs/patch.delta");
    assertEquals(StoredForm.PLAIN, info.form());
    assertEquals(PATCH.length, info.size());
    assertNull(info.sha256());
    assertTrue(store.exists("docs/reference.bin"));
    try (var in = store.open("docs/REFERENCE.BIN")) {
      assertArrayEquals(UPPER, in.readAllBytes());
    }
    try (RangeStream r = store.open("docs/patch.delta", 10, 20)) {
      assertArrayEquals(java.util.Arrays.copyOfRange(PATCH, 10, 30), r.readAllBytes());
    }
    Path out = dir.resolve("patch.delta");
    store.copyTo("docs/patch.delta", out);
    assertArrayEquals(PATCH, Files.readAllBytes(out));
    store.copy("docs/patch.delta", "docs/patch-copy.bin");
    assertArrayEquals(PATCH, store.get("docs/patch-copy.bin"));
  }

  @Test
  void aKeyWhoseDeltaNameHoldsAForeignFileIsNotADelta() throws Exception {
    foreignFiles();
    // Was: IntegrityException "its metadata holds no valid dg-file-sha256" for a key nobody stored.
    assertThrows(ObjectNotFoundException.class, () -> store.get("docs/patch"));
    assertFalse(store.exists("docs/patch"));
    raw.put("docs/patch", Payload.of(V1), Map.of());
    assertArrayEquals(V1, store.get("docs/patch"), "the file under the key itself, not the foreign .delta");
    assertEquals(StoredForm.PLAIN, store.head("docs/patch").form());
  }

  @Test
  void verifyReportsThemNotVerifiableNeverFailed() throws Exception {
    foreignFiles();
    VerifyReport report = store.verify("docs/");
    assertTrue(report.ok(), report.toString());
    assertEquals(List.of("docs/REFERENCE.BIN", "docs/patch.delta", "docs/reference.bin"), report.unverifiable());
    assertTrue(report.problems().isEmpty(), "a foreign reference.bin is no unused reference: " + report);
    VerifyReport single = store.verify("docs/patch.delta");
    assertTrue(single.ok(), single.toString());
    assertEquals(List.of("docs/patch.delta"), single.unverifiable());
  }

  @Test
  void listingsAndStatsShowThemUnderTheirRawKeys() throws Exception {
    foreignFiles();
    List<String> keys = List.of("docs/REFERENCE.BIN", "docs/patch.delta", "docs/reference.bin");
    List<ObjectSummary> detailed = store.listDetailed("docs/", null, null, null, 100).objects();
    assertEquals(keys, detailed.stream().map(ObjectSummary::key).toList());
    detailed.forEach(o -> assertEquals(StoredForm.PLAIN, o.form(), o.key()));
    // This backend's listings carry metadata, so the quick listing knows too.
    assertEquals(keys, store.listAll("docs/").stream().map(ObjectSummary::key).toList());
    StoreStats exact = store.statsExact("docs/");
    assertEquals(3, exact.objects());
    assertEquals(0, exact.deltas());
    assertEquals(0, exact.referenceBytes());
    assertEquals(PATCH.length + REF.length + UPPER.length, exact.originalBytes());
    assertEquals(3, store.stats("docs/").objects());
  }

  /** Where listings carry no metadata (S3), the quick listing goes by name and costs no head; the others tell. */
  @Test
  void withoutMetadataInListingsOnlyTheQuickListingGoesByName() throws Exception {
    ListingWithoutMetadataTest.ListsLikeS3 s3 = new ListingWithoutMetadataTest.ListsLikeS3(raw);
    DeltaStore onS3 = DeltaStore.builder().backend(s3).build();
    raw.put("docs/patch.delta", Payload.of(PATCH), Map.of());
    raw.put("docs/readme.txt", Payload.of(V1), Map.of());
    s3.reset();
    List<ObjectSummary> quick = onS3.list("docs/", null, null, null, 100).objects();
    assertEquals(List.of("docs/patch", "docs/readme.txt"), quick.stream().map(ObjectSummary::key).toList(),
        "the documented limit: the name is all a quick listing knows");
    assertEquals(0, s3.heads.get());
    assertEquals(1, s3.lists.get());
    List<ObjectSummary> detailed = onS3.listDetailed("docs/", null, null, null, 100).objects();
    assertEquals(List.of("docs/patch.delta", "docs/readme.txt"), detailed.stream().map(ObjectSummary::key).toList());
    assertEquals(StoredForm.PLAIN, detailed.get(0).form());
    VerifyReport report = onS3.verify("docs/");
    assertTrue(report.ok(), report.toString());
    assertEquals(List.of("docs/patch.delta", "docs/readme.txt"), report.unverifiable());
    assertEquals(PATCH.length + V1.length, onS3.statsExact("docs/").originalBytes());
  }

  @Test
  void theStoresOwnDeltasAndReferencesStayOutOfReach() throws Exception {
    store.put("rel/app-1.zip", V1);
    store.put("rel/app-2.zip", V2);
    assertEquals(StoredForm.DELTA, store.head("rel/app-2.zip").form());
    for (String own : List.of("rel/app-2.zip.delta", "rel/reference.bin", "rel/no-such.delta")) {
      assertThrows(InvalidKeyException.class, () -> store.get(own), own);
      assertThrows(InvalidKeyException.class, () -> store.head(own), own);
      assertThrows(InvalidKeyException.class, () -> store.delete(own), own);
    }
    assertEquals(List.of("rel/app-1.zip", "rel/app-2.zip"), store.listAll("rel/").stream().map(ObjectSummary::key)
        .toList());
    assertTrue(store.verify("rel/").ok());
    assertArrayEquals(V2, store.get("rel/app-2.zip"));
  }

  @Test
  void writesToReservedNamesStayRefusedButAForeignFileThereCanBeDeleted() throws Exception {
    foreignFiles();
    assertThrows(InvalidKeyException.class, () -> store.put("docs/patch.delta", V1));
    assertThrows(InvalidKeyException.class, () -> store.copy("docs/REFERENCE.BIN", "docs/reference.bin"));
    assertArrayEquals(PATCH, raw.get("docs/patch.delta").readAllBytes(), "not overwritten");
    assertTrue(store.delete("docs/patch.delta"));
    assertTrue(raw.head("docs/patch.delta").isEmpty());
    store.deleteAll(List.of("docs/REFERENCE.BIN"));
    assertTrue(raw.head("docs/REFERENCE.BIN").isEmpty());
    assertArrayEquals(REF, store.get("docs/reference.bin"));
  }

  @Test
  void deletingOrReplacingAKeyLeavesAForeignFileUnderItsDeltaName() throws Exception {
    raw.put("docs/patch.delta", Payload.of(PATCH), Map.of());
    raw.put("docs/patch", Payload.of(V1), Map.of());
    assertTrue(store.delete("docs/patch"));
    assertArrayEquals(PATCH, store.get("docs/patch.delta"), "the user's patch survives");
    store.put("docs/notes.txt", "notes".getBytes()); // whole: a put's cleanup of the delta form
    raw.put("docs/notes.txt.delta", Payload.of(PATCH), Map.of());
    store.put("docs/notes.txt", "notes 2".getBytes());
    assertArrayEquals(PATCH, store.get("docs/notes.txt.delta"));
    assertArrayEquals("notes 2".getBytes(), store.get("docs/notes.txt"));
  }

  @Test
  void aForeignReferenceBinIsNeitherUsedNorCleanedUp() throws Exception {
    raw.put("lib/reference.bin", Payload.of(REF), Map.of());
    store.put("lib/app-1.zip", V1);
    assertArrayEquals(V1, store.get("lib/app-1.zip"));
    assertEquals(StoredForm.PASSTHROUGH, store.head("lib/app-1.zip").form(), "no delta against someone else's file");
    assertTrue(store.cleanup("lib/").isEmpty());
    assertArrayEquals(REF, store.get("lib/reference.bin"));
  }
}
