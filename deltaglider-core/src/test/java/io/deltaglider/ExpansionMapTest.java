package io.deltaglider;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deltaglider.archive.ArchiveLimits;
import io.deltaglider.archive.ArchiveTransforms;
import io.deltaglider.spi.InMemoryBackend;
import io.deltaglider.spi.ForwardingBackend;
import io.deltaglider.spi.MetadataNames;
import io.deltaglider.spi.Payload;
import io.deltaglider.spi.StorageProblem;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The deltaspace's expansion map (FORMAT.md section 9.9) keeps archive-aware objects readable when
 * the expand of a later version makes other forms of their reference: readers replay the map
 * instead of expanding. Without it (the code before maps) every read below by a store whose
 * expand differs was refused.
 */
class ExpansionMapTest {
  static final Map<String, byte[]> CLASSES = TestArchives.classes(150, 3);
  /** Jars in a .tar.gz: an expand that looks only one level deep (maxDepth 1) makes another form. */
  static final byte[] V1 = bundle(TestArchives.jar(CLASSES));
  static final byte[] V2 = bundle(TestArchives.jar(TestArchives.withOneChanged(CLASSES)));
  static final byte[] V3 = bundle(TestArchives.jar(TestArchives.withOneChanged(TestArchives.withOneChanged(CLASSES))));
  static final ArchiveLimits SHALLOW = ArchiveLimits.builder().maxDepth(1).build();
  static final String MAP = "b/reference.bin.delta";

  final InMemoryBackend backend = new InMemoryBackend();
  final List<DeltaStore> stores = new ArrayList<>();

  static byte[] bundle(byte[] jar) {
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put("lib/app.jar", jar);
    files.put("lib/util.jar", TestArchives.jar(TestArchives.classes(60, 9)));
    files.put("README", "read me\n".repeat(100).getBytes());
    return TestArchives.gzip(TestArchives.tar(files));
  }

  DeltaStore store(ArchiveLimits limits) {
    return store(backend, limits);
  }

  DeltaStore store(io.deltaglider.spi.StorageBackend b, ArchiveLimits limits) {
    DeltaStoreBuilder builder = DeltaStore.builder().backend(b).closeBackendOnClose(false).archiveAware(true);
    DeltaStore s = (limits == null ? builder : builder.archiveLimits(limits)).build();
    stores.add(s);
    return s;
  }

  @AfterEach
  void close() {
    stores.forEach(DeltaStore::close);
  }

  byte[] raw(String key) throws Exception {
    try (InputStream in = backend.get(key)) {
      return in.readAllBytes();
    }
  }

  static byte[] expand(byte[] archive, ArchiveLimits limits) throws Exception {
    ByteArrayOutputStream form = new ByteArrayOutputStream();
    ArchiveTransforms.withLimits(limits).expand(new ByteArrayInputStream(archive), form, new ByteArrayOutputStream());
    return form.toByteArray();
  }

  void assertNamesTheStoredMapIfArchiveAware(String deltaKey) throws Exception {
    var head = backend.head(deltaKey);
    if (head.isEmpty() || head.get().metadata().get(MetadataNames.FORM) == null) {
      return; // stored whole or as a plain delta: what the loser's own form may come to
    }
    ArchiveDeltaHeader h = ArchiveDeltaHeader.readFrom(new ByteArrayInputStream(raw(deltaKey)));
    assertEquals(backend.head(MAP).orElseThrow().metadata().get(MetadataNames.FILE_SHA256), h.mapSha256,
        deltaKey + " names the stored map");
  }

  @Test
  void objectsStayReadableByAStoreWhoseExpandDiffers() throws Exception {
    assertNotEquals(expand(V1, ArchiveLimits.defaults()).length, expand(V1, SHALLOW).length,
        "the shallow expand makes another form of the reference");
    DeltaStore writer = store(null);
    writer.put("b/v1.tar.gz", V1);
    assertTrue(writer.put("b/v2.tar.gz", V2).archiveDelta());
    DeltaStore later = store(SHALLOW);
    assertArrayEquals(V2, later.get("b/v2.tar.gz"), "read by the later version: the map is replayed");
    assertTrue(later.verify("b/").ok(), later.verify("b/").toString());
    // The later version's puts use the stored map too (whether their own form then pays off or
    // not), and the first version reads them.
    later.put("b/v3.tar.gz", V3);
    assertNamesTheStoredMapIfArchiveAware("b/v3.tar.gz.delta");
    DeltaStore fresh = store(ArchiveLimits.builder().maxTriesPerStream(1).maxDepth(0).build());
    assertArrayEquals(V3, fresh.get("b/v3.tar.gz"));
    assertArrayEquals(V2, fresh.get("b/v2.tar.gz"));
    assertArrayEquals(V3, writer.get("b/v3.tar.gz"));
  }

  @Test
  void theMapIsStoredOnceBesideTheReferenceAndListedNowhere() throws Exception {
    DeltaStore s = store(null);
    s.put("b/v1.tar.gz", V1);
    assertTrue(backend.head(MAP).isEmpty(), "a plain deltaspace has none");
    s.put("b/v2.tar.gz", V2);
    byte[] map = raw(MAP);
    s.put("b/v3.tar.gz", V3);
    assertArrayEquals(map, raw(MAP), "created once, never replaced");
    Map<String, String> meta = backend.head(MAP).orElseThrow().metadata();
    assertEquals(ExpansionMap.NOTE, meta.get(MetadataNames.NOTE));
    assertEquals(Sha256.of(map, 0, map.length), meta.get(MetadataNames.FILE_SHA256));
    ExpansionMap parsed = ExpansionMap.parse(map);
    assertEquals(V1.length, parsed.referenceLength);
    assertEquals(expand(V1, ArchiveLimits.defaults()).length, parsed.expandedLength);
    assertTrue(parsed.layout.length * 20 < parsed.expandedLength, "a layout is small: " + parsed.layout.length);
    List<String> listed = s.listAll("b/").stream().map(ObjectSummary::key).toList();
    assertEquals(List.of("b/v1.tar.gz", "b/v2.tar.gz", "b/v3.tar.gz"), listed);
    assertEquals(3, s.stats("b/").objects());
    assertTrue(s.verify("b/").ok(), s.verify("b/").toString());
    assertTrue(s.verify("b/").problems().isEmpty());
    assertThrows(InvalidKeyException.class, () -> s.get("b/reference.bin"));
  }

  @Test
  void aDamagedMissingOrForeignMapIsRefusedAndPutsFallBackToPlainDeltas() throws Exception {
    DeltaStore writer = store(null);
    writer.put("b/v1.tar.gz", V1);
    writer.put("b/v2.tar.gz", V2);
    writer.put("o/v1.tar.gz", V2);
    writer.put("o/v2.tar.gz", V1);
    byte[] map = raw(MAP);
    Map<String, String> meta = backend.head(MAP).orElseThrow().metadata();
    for (int at : new int[] {0, 4, 5, 8, 40, 80, map.length / 2, map.length - 1}) {
      byte[] bad = map.clone();
      bad[at] ^= 0x20;
      backend.put(MAP, Payload.of(bad), meta);
      IntegrityException e = assertThrows(IntegrityException.class, () -> store(null).get("b/v2.tar.gz"), "byte " + at);
      assertTrue(e.getMessage().contains("expansion map"), e.getMessage());
    }
    backend.put(MAP, Payload.of(raw("o/reference.bin.delta")), backend.head("o/reference.bin.delta").get().metadata());
    assertThrows(IntegrityException.class, () -> store(null).get("b/v2.tar.gz"), "another deltaspace's map");
    // A damaged map costs puts the archive-aware form, never the put.
    byte[] bad = map.clone();
    bad[map.length - 1] ^= 1;
    backend.put(MAP, Payload.of(bad), meta);
    PutResult r = store(null).put("b/v3.tar.gz", V3);
    assertFalse(r.archiveDelta(), r.toString());
    backend.delete(MAP);
    IntegrityException e = assertThrows(IntegrityException.class, () -> store(null).get("b/v2.tar.gz"));
    assertTrue(e.getMessage().contains("missing"), e.getMessage());
    backend.put(MAP, Payload.of(map), meta);
    assertArrayEquals(V2, store(null).get("b/v2.tar.gz"));
    assertArrayEquals(V3, store(null).get("b/v3.tar.gz"));
  }

  @Test
  void twoWritersRacingToCreateTheMapUseTheWinnersMap() throws Exception {
    // Both reach the map's create-if-absent before either completes it; their expands differ, so
    // their maps do: the loser must replay the winner's.
    CyclicBarrier bothThere = new CyclicBarrier(2);
    ForwardingBackend racing = new ForwardingBackend(backend) {
      @Override
      public void putIfAbsent(String key, Payload content, Map<String, String> metadata) throws DeltaStoreException {
        if (key.equals(MAP)) {
          try {
            bothThere.await(20, TimeUnit.SECONDS);
          } catch (Exception e) {
            throw new BackendException("the other writer did not come", e);
          }
        }
        super.putIfAbsent(key, content, metadata);
      }
    };
    store(null).put("b/v1.tar.gz", V1);
    DeltaStore a = store(racing, null);
    DeltaStore b = store(racing, SHALLOW);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<PutResult> pa = pool.submit(() -> a.put("b/v2.tar.gz", V2));
      Future<PutResult> pb = pool.submit(() -> b.put("b/v3.tar.gz", V3));
      // The loser's own form may not pay off against the winner's map: it may keep a plain delta.
      assertTrue(pa.get(60, TimeUnit.SECONDS).archiveDelta() | pb.get(60, TimeUnit.SECONDS).archiveDelta());
    } finally {
      pool.shutdownNow();
    }
    assertNamesTheStoredMapIfArchiveAware("b/v2.tar.gz.delta");
    assertNamesTheStoredMapIfArchiveAware("b/v3.tar.gz.delta");
    DeltaStore reader = store(null);
    assertArrayEquals(V2, reader.get("b/v2.tar.gz"));
    assertArrayEquals(V3, reader.get("b/v3.tar.gz"));
  }

  @Test
  void theMapGoesWithItsReferenceAndALeftOverOneIsCleanedUp() throws Exception {
    DeltaStore s = store(null);
    s.put("b/v1.tar.gz", V1);
    s.put("b/v2.tar.gz", V2);
    byte[] map = raw(MAP);
    Map<String, String> meta = backend.head(MAP).orElseThrow().metadata();
    s.delete("b/v1.tar.gz");
    assertTrue(backend.head(MAP).isPresent(), "a delta still uses the reference");
    s.delete("b/v2.tar.gz");
    assertEquals(0, backend.size(), "reference and map gone with the last delta");
    // A delete cut short between the reference and its map leaves the map alone.
    backend.put(MAP, Payload.of(map), meta);
    List<StorageProblem> problems = s.verify("").problems();
    assertEquals(1, problems.size(), problems.toString());
    assertEquals(MAP, problems.get(0).key());
    assertEquals(List.of(MAP), s.cleanup("").stream().map(StorageProblem::key).toList());
    assertEquals(0, backend.size());
    // One that outlived its reference and meets a new one is replaced by the next archive-aware put.
    backend.put(MAP, Payload.of(map), meta);
    s.put("b/w1.tar.gz", V2);
    assertTrue(s.put("b/w2.tar.gz", V3).archiveDelta());
    assertEquals(V2.length, ExpansionMap.parse(raw(MAP)).referenceLength);
    assertArrayEquals(V3, store(null).get("b/w2.tar.gz"));
  }

  @Test
  void aDeltaWrittenBeforeMapsIsStillReadByExpandingItsReference() throws Exception {
    DeltaStore s = store(null);
    s.put("b/v1.tar.gz", V1);
    s.put("b/v2.tar.gz", V2);
    byte[] delta = raw("b/v2.tar.gz.delta");
    ArchiveDeltaHeader h = ArchiveDeltaHeader.readFrom(new ByteArrayInputStream(delta));
    int headerLength = h.toBytes().length;
    byte[] old = ArchiveDeltaStoreTest.concat(new ArchiveDeltaHeader(h.sourceLength, h.sourceSha256,
        h.expandedSourceLength, h.expandedSourceSha256, null, h.targetLength, h.targetSha256, h.expandedTargetLength,
        h.recipe).toBytes(), java.util.Arrays.copyOfRange(delta, headerLength, delta.length));
    Map<String, String> meta = new HashMap<>(backend.head("b/v2.tar.gz.delta").orElseThrow().metadata());
    meta.put(MetadataNames.DELTA_SIZE, Long.toString(old.length));
    backend.put("b/v2.tar.gz.delta", Payload.of(old), meta);
    assertArrayEquals(V2, store(null).get("b/v2.tar.gz"), "this version expands as the writer did");
    IntegrityException e = assertThrows(IntegrityException.class, () -> store(SHALLOW).get("b/v2.tar.gz"));
    assertTrue(e.getMessage().contains("other bytes"), e.getMessage());
  }
}
