package io.deltaglider;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deltaglider.spi.BlobInfo;
import io.deltaglider.spi.BlobQuery;
import io.deltaglider.spi.InMemoryBackend;
import io.deltaglider.spi.Payload;
import io.deltaglider.vcdiff.testing.TestData;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeltaStoreTest {
  @TempDir Path tmp;
  final InMemoryBackend backend = new InMemoryBackend();
  final DeltaStore store = DeltaStore.builder().backend(backend).build();

  static final byte[] V1 = TestData.random(1, 200_000);
  static final byte[] V2 = TestData.edited(V1, 2, 10, 100, false);
  static final byte[] V3 = TestData.edited(V2, 3, 10, 100, true);

  private List<String> rawKeys() throws Exception {
    return backend.list(BlobQuery.under("")).objects().stream().map(BlobInfo::key).collect(Collectors.toList());
  }

  @Test
  void firstObjectBecomesTheReferenceAndLaterOnesSmallDeltas() throws Exception {
    PutResult first = store.put("releases/app/app-1.0.zip", V1);
    assertTrue(first.createdReference());
    assertEquals(StoredForm.DELTA, first.form());
    assertTrue(first.storedSize() < 1000, "zero-diff delta is tiny: " + first.storedSize());
    PutResult second = store.put("releases/app/app-1.1.zip", V2);
    assertFalse(second.createdReference());
    assertEquals(StoredForm.DELTA, second.form());
    assertTrue(second.storedSize() < V2.length / 20, "delta " + second.storedSize());
    assertEquals(List.of("releases/app/app-1.0.zip.delta", "releases/app/app-1.1.zip.delta",
        "releases/app/reference.bin"), rawKeys());
    assertArrayEquals(V1, store.get("releases/app/app-1.0.zip"));
    assertArrayEquals(V2, store.get("releases/app/app-1.1.zip"));
    assertEquals(Sha256.of(V2, 0, V2.length), second.sha256());
  }

  @Test
  void writesMetadataBothDeltaGliderToolsRead() throws Exception {
    store.put("r/a/app-1.0.zip", V1);
    store.put("r/a/app-1.1.zip", V2);
    Map<String, String> ref = backend.head("r/a/reference.bin").orElseThrow().metadata();
    assertEquals("reference", ref.get("dg-note"));
    assertEquals("app-1.0.zip", ref.get("dg-source-name"));
    assertEquals(Sha256.of(V1, 0, V1.length), ref.get("dg-file-sha256"));
    Map<String, String> d = backend.head("r/a/app-1.1.zip.delta").orElseThrow().metadata();
    assertEquals("r/a/reference.bin", d.get("dg-ref-key"));
    assertEquals("reference.bin", d.get("dg-ref-path"));
    assertEquals(Sha256.of(V1, 0, V1.length), d.get("dg-ref-sha256"));
    assertEquals(Sha256.of(V2, 0, V2.length), d.get("dg-file-sha256"));
    assertEquals(String.valueOf(V2.length), d.get("dg-file-size"));
    assertEquals("app-1.1.zip", d.get("dg-original-name"));
    assertEquals("delta", d.get("dg-note"));
    assertEquals("deltaglider vcdiff encode -s reference.bin app-1.1.zip app-1.1.zip.delta", d.get("dg-delta-cmd"));
    assertNotNull(java.time.Instant.parse(d.get("dg-created-at")));
    assertTrue(d.get("dg-tool").startsWith("deltaglider-java/"));
    assertEquals(String.valueOf(backend.head("r/a/app-1.1.zip.delta").orElseThrow().size()), d.get("dg-delta-size"));
  }

  @Test
  void storesWholeWhatIsNotEligibleOrDoesNotPayOff() throws Exception {
    PutResult txt = store.put("docs/readme.txt", V1);
    assertEquals(StoredForm.PASSTHROUGH, txt.form());
    assertEquals(List.of("docs/readme.txt"), rawKeys());
    assertEquals("none", backend.head("docs/readme.txt").orElseThrow().metadata().get("dg-compression"));
    store.put("bin/a.zip", V1);
    PutResult unrelated = store.put("bin/b.zip", TestData.random(9, 100_000));
    assertEquals(StoredForm.PASSTHROUGH, unrelated.form());
    assertArrayEquals(TestData.random(9, 100_000), store.get("bin/b.zip"));
    assertArrayEquals(V1, store.get("docs/readme.txt"));
  }

  @Test
  void replacingAnObjectSwitchesItsFormCleanly() throws Exception {
    store.put("s/a.zip", V1);
    store.put("s/b.zip", V2);
    store.put("s/b.zip", TestData.random(10, 50_000)); // now passthrough
    assertEquals(List.of("s/a.zip.delta", "s/b.zip", "s/reference.bin"), rawKeys());
    assertArrayEquals(TestData.random(10, 50_000), store.get("s/b.zip"));
    store.put("s/b.zip", V3); // back to a delta
    assertEquals(List.of("s/a.zip.delta", "s/b.zip.delta", "s/reference.bin"), rawKeys());
    assertArrayEquals(V3, store.get("s/b.zip"));
  }

  @Test
  void refusesBadKeysBeforeWritingAnything() {
    for (String bad : new String[] {"", "/abs.zip", "a//b.zip", "a/../b.zip", "./a.zip", "a/b.zip/", "a\\b.zip",
        "a/\u0000.zip", "a/x\n.zip", "a/reference.bin", "a/b.zip.delta", "reference.bin/x.zip", "x".repeat(2000),
        "bad\ud800.zip"}) {
      assertThrows(InvalidKeyException.class, () -> store.put(bad, V1), bad);
      assertThrows(InvalidKeyException.class, () -> store.get(bad), bad);
    }
    assertEquals(0, backend.size());
  }

  @Test
  void missingObjectsAreNotFound() {
    assertThrows(ObjectNotFoundException.class, () -> store.get("no/such.zip"));
    assertThrows(ObjectNotFoundException.class, () -> store.head("no/such.zip"));
    assertThrows(ObjectNotFoundException.class, () -> store.copy("no/such.zip", "x/y.zip"));
  }

  @Test
  void corruptReferenceDeltaOrWholeObjectIsAnIntegrityErrorNeverWrongBytes() throws Exception {
    store.put("c/a.zip", V1);
    store.put("c/b.zip", V2);
    store.put("c/n.txt", V3);
    DeltaStore fresh = DeltaStore.builder().backend(backend).build();
    backend.corrupt("c/reference.bin", 1000, (byte) 1);
    IntegrityException e = assertThrows(IntegrityException.class, () -> fresh.get("c/b.zip"));
    assertEquals(Sha256.of(V1, 0, V1.length), e.expectedSha256());
    assertEquals(0, fresh.metrics().referenceCacheBytes(), "a bad reference is never cached");
    backend.corrupt("c/reference.bin", 1000, (byte) 1); // repaired
    assertArrayEquals(V2, fresh.get("c/b.zip"));

    int deltaSize = (int) backend.head("c/b.zip.delta").orElseThrow().size();
    for (int at : new int[] {deltaSize - 1, deltaSize / 2, 5}) {
      backend.corrupt("c/b.zip.delta", at, (byte) 0x40);
      assertThrows(IntegrityException.class, () -> fresh.get("c/b.zip"), "delta byte " + at);
      backend.corrupt("c/b.zip.delta", at, (byte) 0x40);
    }
    backend.corrupt("c/n.txt", 77, (byte) 2);
    assertThrows(IntegrityException.class, () -> fresh.get("c/n.txt"));
    assertThrows(IntegrityException.class, () -> fresh.open("c/n.txt"));
    Path out = tmp.resolve("n.txt");
    assertThrows(IntegrityException.class, () -> fresh.copyTo("c/n.txt", out));
    assertFalse(Files.exists(out), "nothing is written when verification fails");
    assertTrue(fresh.metrics().integrityFailures() >= 5);
    assertFalse(fresh.verify("c/").ok());
  }

  @Test
  void deletingTheLastDeltaRemovesTheReference() throws Exception {
    store.put("d/a.zip", V1);
    store.put("d/b.zip", V2);
    store.put("d/c.txt", V3);
    assertTrue(store.delete("d/a.zip"));
    assertTrue(backend.head("d/reference.bin").isPresent(), "b.zip still needs it");
    assertArrayEquals(V2, store.get("d/b.zip"));
    assertTrue(store.delete("d/b.zip"));
    assertEquals(List.of("d/c.txt"), rawKeys());
    assertFalse(store.delete("d/b.zip"));
    store.put("d/e.zip", V3);
    assertTrue(backend.head("d/reference.bin").isPresent(), "a new reference after the old one went");
    assertArrayEquals(V3, store.get("d/e.zip"));
  }

  @Test
  void listsUserKeysInOrderWithPrefixesAndPages() throws Exception {
    store.put("l/a.zip", V1);
    store.put("l/a.zip-2", V1); // passthrough (not an eligible extension), sorts between a.zip and a.zip.delta
    store.put("l/b.zip", V2);
    store.put("l/sub/c.zip", V3);
    store.put("m/x.zip", V1);
    ListPage all = store.list("l/", null, null, null, 100);
    assertEquals(List.of("l/a.zip", "l/a.zip-2", "l/b.zip", "l/sub/c.zip"),
        all.objects().stream().map(ObjectSummary::key).collect(Collectors.toList()));
    assertEquals(V1.length, all.objects().get(0).size());
    assertEquals(StoredForm.PASSTHROUGH, all.objects().get(1).form());
    ListPage dirs = store.list("l/", "/", null, null, 100);
    assertEquals(List.of("l/sub/"), dirs.commonPrefixes());
    assertEquals(3, dirs.objects().size());
    ListPage root = store.list("", "/", null, null, 100);
    assertEquals(List.of("l/", "m/"), root.commonPrefixes());
    String token = null;
    StringBuilder seen = new StringBuilder();
    int pages = 0;
    do {
      ListPage p = store.list("l/", null, null, token, 1);
      pages++;
      p.objects().forEach(o -> seen.append(o.key()).append(' '));
      token = p.nextContinuationToken();
    } while (token != null);
    assertEquals("l/a.zip l/a.zip-2 l/b.zip l/sub/c.zip ", seen.toString());
    assertTrue(pages >= 4);
    assertEquals(List.of("l/b.zip", "l/sub/c.zip"),
        store.list("l/", null, "l/a.zip-2", null, 10).objects().stream().map(ObjectSummary::key).collect(Collectors.toList()));
  }

  @Test
  void statsCountOriginalAgainstStoredBytes() throws Exception {
    store.put("s1/a.zip", V1);
    store.put("s1/b.zip", V2);
    store.put("s2/c.txt", V3);
    StoreStats s = store.stats("");
    assertEquals(3, s.objects());
    assertEquals(2, s.deltas());
    assertEquals(1, s.passthroughs());
    assertEquals(V1.length + V2.length + V3.length, s.originalBytes());
    assertEquals(V1.length, s.referenceBytes());
    assertTrue(s.storedBytes() < V1.length + V3.length + 5000);
    assertEquals(2, s.perDeltaspace().size());
    assertEquals(2, s.perDeltaspace().get("s1").objects());
    assertEquals(V3.length, store.stats("s2/").originalBytes());
  }

  @Test
  void copyCarriesMetadataOtherToolsWroteEvenWhereThisApiWouldRefuseIt() throws Exception {
    // As the proxy stores an object: a user metadata name with an underscore, a non-ASCII value.
    byte[] text = TestData.text(9, 5000);
    backend.put("u/readme.txt", Payload.of(text), Map.of("dg-file-sha256", Sha256.of(text, 0, text.length),
        "dg-file-size", "" + text.length, "dg-note", "passthrough", "dg-user-build_id", "b\u00e9ta-7"));
    Map<String, String> carried = store.head("u/readme.txt").userMetadata();
    assertEquals("b\u00e9ta-7", carried.values().iterator().next());
    assertThrows(IllegalArgumentException.class, () -> PutOptions.none().withUserMetadata("build", "b\u00e9ta-7"));
    store.copy("u/readme.txt", "v/readme.txt");
    assertEquals(carried, store.head("v/readme.txt").userMetadata());
    assertArrayEquals(text, store.get("v/readme.txt"));
  }

  @Test
  void copiesOpensAndRestoresToFiles() throws Exception {
    store.put("k/a.zip", V1, PutOptions.contentType("application/zip").withUserMetadata("build", "42"));
    store.put("k/b.zip", V2);
    PutResult copied = store.copy("k/b.zip", "other/b.zip");
    assertEquals(Sha256.of(V2, 0, V2.length), copied.sha256());
    assertArrayEquals(V2, store.get("other/b.zip"));
    store.copy("k/a.zip", "k/a-copy.zip");
    ObjectInfo info = store.head("k/a-copy.zip");
    assertEquals("application/zip", info.contentType());
    assertEquals(Map.of("build", "42"), info.userMetadata());
    try (InputStream in = store.open("k/b.zip")) {
      assertArrayEquals(V2, in.readAllBytes());
    }
    Path out = tmp.resolve("restored.zip");
    Files.write(out, new byte[] {1, 2, 3});
    store.copyTo("k/b.zip", out);
    assertArrayEquals(V2, Files.readAllBytes(out));
    try (var files = Files.list(tmp)) {
      assertEquals(1, files.count(), "no temp file left beside the target");
    }
  }

  @Test
  void largeObjectsGoThroughTempFilesAndAreCleanedUp() throws Exception {
    Path temp = Files.createDirectory(tmp.resolve("spool"));
    DeltaStore small = DeltaStore.builder().backend(backend).memoryThreshold(4096).referenceCacheBytes(0)
        .tempDirectory(temp).build();
    small.put("big/a.zip", new ByteArrayInputStream(V1));
    small.put("big/b.zip", new ByteArrayInputStream(V2));
    Path src = Files.write(tmp.resolve("v3.zip"), V3);
    small.put("big/c.zip", src);
    try (InputStream in = small.open("big/b.zip")) {
      assertArrayEquals(V2, in.readAllBytes());
    }
    assertArrayEquals(V3, small.get("big/c.zip"));
    assertTrue(small.verify("big/").ok());
    try (var files = Files.list(temp)) {
      assertEquals(0, files.count(), "temp files are always deleted");
    }
  }

  @Test
  void enforcesTheObjectSizeLimit() {
    DeltaStore capped = DeltaStore.builder().backend(backend)
        .policy(DeltaPolicy.builder().maxObjectSize(1000).build()).build();
    assertThrows(ObjectTooLargeException.class, () -> capped.put("a/b.zip", new byte[1001]));
    assertThrows(ObjectTooLargeException.class, () -> capped.put("a/b.zip", new ByteArrayInputStream(new byte[5000])));
    assertEquals(0, backend.size());
  }

  @Test
  void verifyReportsEachObject() throws Exception {
    store.put("v/a.zip", V1);
    store.put("v/b.zip", V2);
    VerifyReport r = store.verify("v/");
    assertTrue(r.ok());
    assertEquals(List.of("v/a.zip", "v/b.zip"), r.verified());
    assertEquals(List.of("v/b.zip"), store.verify("v/b.zip").verified());
  }

  @Test
  void countsWhatItDoes() throws Exception {
    store.put("x/a.zip", V1);
    store.put("x/b.zip", V2);
    store.put("x/c.txt", V3);
    store.get("x/b.zip");
    store.get("x/b.zip");
    StoreMetrics m = store.metrics();
    assertEquals(2, m.deltaPuts());
    assertEquals(1, m.passthroughPuts());
    assertEquals(1, m.referencesCreated());
    assertEquals(2, m.deltaGets());
    assertTrue(m.referenceCacheHits() >= 2);
    assertTrue(m.bytesSaved() > V1.length);
  }
}
