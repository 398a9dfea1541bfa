package io.deltaglider;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deltaglider.spi.InMemoryBackend;
import io.deltaglider.spi.MetadataNames;
import io.deltaglider.vcdiff.testing.TestData;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Archive-aware deltas in the store: jars, a {@code .tar.gz} and jars inside a {@code .tar.gz},
 * each a release pair with a small change, stored with and without {@code archiveAware}. Sizes are
 * printed.
 */
class ArchiveDeltaStoreTest {
  static final Map<String, byte[]> CLASSES = TestArchives.classes(300, 1);
  static final byte[] JAR_1 = TestArchives.jar(CLASSES);
  static final byte[] JAR_2 = TestArchives.jar(TestArchives.withOneChanged(CLASSES));

  @TempDir Path temp;
  final List<DeltaStore> stores = new ArrayList<>();

  DeltaStore store(boolean archiveAware) {
    return store(DeltaStore.builder().archiveAware(archiveAware), new InMemoryBackend());
  }

  DeltaStore store(DeltaStoreBuilder b, InMemoryBackend backend) {
    DeltaStore s = b.backend(backend).tempDirectory(temp).build();
    stores.add(s);
    return s;
  }

  @AfterEach
  void close() {
    stores.forEach(DeltaStore::close);
  }

  /** Stores the pair in a plain store and an archive-aware one; returns {plain, archive-aware} stored sizes. */
  long[] storePair(String name, String key, byte[] v1, byte[] v2) throws Exception {
    DeltaStore plain = store(false);
    DeltaStore aware = store(true);
    String dir = key.substring(0, key.lastIndexOf('/') + 1);
    plain.put(dir + "v1-" + name, v1);
    aware.put(dir + "v1-" + name, v1);
    PutResult p = plain.put(key, v2);
    PutResult a = aware.put(key, v2);
    assertFalse(p.archiveDelta());
    assertTrue(a.archiveDelta(), "stored archive-aware: " + a);
    assertEquals(StoredForm.DELTA, a.form());
    assertArrayEquals(v2, aware.get(key));
    assertArrayEquals(v1, aware.get(dir + "v1-" + name));
    assertTrue(aware.verify(dir).ok(), aware.verify(dir).toString());
    assertEquals(MetadataNames.FORM_ARCHIVE_DELTA,
        aware.backend().head(key + ".delta").orElseThrow().metadata().get(MetadataNames.FORM));
    System.out.printf("%s (%,d bytes): plain delta %,d, archive-aware %,d (%.1fx smaller)%n", name, v2.length,
        p.storedSize(), a.storedSize(), (double) p.storedSize() / a.storedSize());
    return new long[] {p.storedSize(), a.storedSize()};
  }

  @Test
  void aJarWithOneClassChangedIsStoredAtAFractionOfThePlainDelta() throws Exception {
    long[] sizes = storePair("app.jar", "rel/app/app-1.1.jar", JAR_1, JAR_2);
    assertTrue(sizes[1] * 3 <= sizes[0], Arrays.toString(sizes));
  }

  @Test
  void aTarGzWithOneFileChanged() throws Exception {
    Map<String, byte[]> files = TestArchives.classes(200, 7);
    byte[] v1 = TestArchives.gzip(TestArchives.tar(files));
    byte[] v2 = TestArchives.gzip(TestArchives.tar(TestArchives.withOneChanged(files)));
    long[] sizes = storePair("dist.tar.gz", "rel/dist/dist-1.1.tar.gz", v1, v2);
    assertTrue(sizes[1] * 10 <= sizes[0], Arrays.toString(sizes));
  }

  @Test
  void jarsInsideATarGz() throws Exception {
    Map<String, byte[]> v1 = new LinkedHashMap<>();
    v1.put("lib/a.jar", TestArchives.jar(TestArchives.classes(120, 20)));
    v1.put("lib/b.jar", JAR_1);
    v1.put("README", TestData.text(5, 3000));
    Map<String, byte[]> v2 = new LinkedHashMap<>(v1);
    v2.put("lib/b.jar", JAR_2);
    long[] sizes = storePair("bundle.tgz", "rel/bundle/bundle-1.1.tgz", TestArchives.gzip(TestArchives.tar(v1)),
        TestArchives.gzip(TestArchives.tar(v2)));
    assertTrue(sizes[1] * 10 <= sizes[0], Arrays.toString(sizes));
  }

  @Test
  void rangesOfAnArchiveAwareObjectAreServedFromItsVerifiedCopy() throws Exception {
    DeltaStore s = store(true);
    s.put("r/a-1.jar", JAR_1);
    assertTrue(s.put("r/a-2.jar", JAR_2).archiveDelta());
    for (long[] r : new long[][] {{0, 10}, {1000, 5000}, {JAR_2.length - 7, 7}, {JAR_2.length / 2, JAR_2.length}}) {
      try (RangeStream in = s.open("r/a-2.jar", r[0], r[1])) {
        int len = (int) Math.min(r[1], JAR_2.length - r[0]);
        assertArrayEquals(Arrays.copyOfRange(JAR_2, (int) r[0], (int) r[0] + len), in.readAllBytes());
      }
    }
    try (InputStream in = s.open("r/a-2.jar")) {
      assertArrayEquals(JAR_2, in.readAllBytes());
    }
  }

  @Test
  void largeObjectsGoThroughTempFiles() throws Exception {
    // A small memory threshold and no cache: every expanded form, delta and result is a temp file.
    DeltaStore s = store(DeltaStore.builder().archiveAware(true).memoryThreshold(64 << 10).referenceCacheBytes(0),
        new InMemoryBackend());
    Path v1 = Files.write(temp.resolve("v1.jar"), JAR_1);
    Path v2 = Files.write(temp.resolve("v2.jar"), JAR_2);
    s.put("big/a-1.jar", v1);
    PutResult r = s.put("big/a-2.jar", v2);
    assertTrue(r.archiveDelta(), r.toString());
    assertArrayEquals(JAR_2, s.get("big/a-2.jar"));
    Path out = temp.resolve("out.jar");
    s.copyTo("big/a-2.jar", out);
    assertArrayEquals(JAR_2, Files.readAllBytes(out));
    try (Stream<Path> left = Files.list(temp)) {
      assertEquals(List.of("out.jar", "v1.jar", "v2.jar"), left.map(p -> p.getFileName().toString()).sorted().toList(),
          "no temp file left");
    }
  }

  @Test
  void theExpandedReferenceIsCachedBesideTheReference() throws Exception {
    DeltaStore s = store(true);
    s.put("c/a-1.jar", JAR_1);
    assertEquals(1, s.referenceCache().entries());
    s.put("c/a-2.jar", JAR_2);
    s.put("c/a-3.jar", JAR_2);
    assertEquals(2, s.referenceCache().entries(), "the reference and its expanded form");
    assertEquals(1, s.metrics().referencesExpanded(), "once for both puts");
    for (int i = 0; i < 3; i++) {
      assertArrayEquals(JAR_2, s.get("c/a-2.jar"));
      assertArrayEquals(JAR_2, s.get("c/a-3.jar"));
    }
    assertEquals(1, s.metrics().referencesExpanded(), "and for every get");
    s.referenceCache().invalidate("c");
    assertEquals(0, s.referenceCache().entries());
    assertArrayEquals(JAR_2, s.get("c/a-2.jar"));
    assertEquals(2, s.referenceCache().entries());
    assertEquals(2, s.metrics().referencesExpanded());
    s.referenceCache().clear();
    assertArrayEquals(JAR_2, s.get("c/a-3.jar"));
    assertEquals(3, s.metrics().referencesExpanded());
  }

  @Test
  void aCopyOfAnArchiveAwareObjectIsStoredAgainByTheCopyingStore() throws Exception {
    DeltaStore s = store(true);
    s.put("d/a-1.jar", JAR_1);
    s.put("d/a-2.jar", JAR_2);
    PutResult copied = s.copy("d/a-2.jar", "d/a-3.jar");
    assertTrue(copied.archiveDelta());
    assertArrayEquals(JAR_2, s.get("d/a-3.jar"));
  }

  @Test
  void aStoreWithoutTheOptionStillReadsArchiveAwareObjects() throws Exception {
    InMemoryBackend backend = new InMemoryBackend();
    DeltaStore writer = store(DeltaStore.builder().archiveAware(true).closeBackendOnClose(false), backend);
    writer.put("e/a-1.jar", JAR_1);
    writer.put("e/a-2.jar", JAR_2);
    DeltaStore reader = store(DeltaStore.builder().closeBackendOnClose(false), backend);
    assertArrayEquals(JAR_2, reader.get("e/a-2.jar"));
    assertTrue(reader.verify("e/").ok());
  }

  @Test
  void aDeltaFromAnEmptyReferenceAndAnEmptyArchive() throws Exception {
    DeltaStore s = store(true);
    s.put("f/empty.zip", new byte[0]);
    PutResult r = s.put("f/b.zip", JAR_2);
    assertArrayEquals(JAR_2, s.get("f/b.zip"));
    assertTrue(r.archiveDelta() || r.form() == StoredForm.PASSTHROUGH, r.toString());
    s.put("f/c.zip", new byte[0]);
    assertArrayEquals(new byte[0], s.get("f/c.zip"));
    assertNull(s.backend().head("f/c.zip.delta").orElseThrow().metadata().get(MetadataNames.FORM));
  }

  @Test
  void anArchiveAwarePutCancelledAtAnyMomentLeavesNothing() throws Exception {
    Path spool = Files.createDirectories(temp.resolve("spool"));
    Path file = Files.write(temp.resolve("v2.jar"), JAR_2);
    java.util.concurrent.ScheduledExecutorService timer = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
    try {
      for (int delayMs : new int[] {0, 2, 10, 30, 60, 100, 200, 400, 800}) {
        InMemoryBackend backend = new InMemoryBackend();
        try (DeltaStore s = DeltaStore.builder().backend(backend).tempDirectory(spool).memoryThreshold(64 << 10)
            .archiveAware(true).build()) {
          s.put("k/a-1.jar", JAR_1);
          int permits = s.codecSlots().available();
          CancellationToken token = new CancellationToken();
          timer.schedule(token::cancel, delayMs, java.util.concurrent.TimeUnit.MILLISECONDS);
          try {
            PutResult r = s.put("k/a-2.jar", file, PutOptions.none().withCall(CallOptions.none().withCancellation(token)));
            assertTrue(r.archiveDelta(), r.toString());
            assertArrayEquals(JAR_2, s.get("k/a-2.jar"));
          } catch (OperationCancelledException e) {
            // The deltaspace's expansion map may have been stored: it belongs to the reference.
            assertEquals(backend.head("k/reference.bin.delta").isPresent() ? 3 : 2, backend.size(),
                "only the first object and its reference, after " + delayMs + " ms");
          }
          assertEquals(permits, s.codecSlots().available(), "every codec permit back");
        }
        try (Stream<Path> left = Files.list(spool)) {
          assertEquals(0, left.count(), "no temp file left after " + delayMs + " ms");
        }
      }
    } finally {
      timer.shutdownNow();
    }
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }
}
