package io.deltaglider;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deltaglider.archive.ArchiveTransforms;
import io.deltaglider.archive.ExpandResult;
import io.deltaglider.spi.InMemoryBackend;
import io.deltaglider.spi.MetadataNames;
import io.deltaglider.vcdiff.SecondaryCompression;
import io.deltaglider.vcdiff.VcdiffEncoder;
import io.deltaglider.vcdiff.testing.TestData;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where an archive-aware delta does not apply or does not pay: archives whose streams cannot be
 * reproduced, corrupt ones, zip bombs, keys that are not archives, and stores without the option,
 * whose stored bytes must not change at all.
 */
class ArchiveDeltaFallbackTest {
  static final byte[] JAR_1 = ArchiveDeltaStoreTest.JAR_1;
  static final byte[] JAR_2 = ArchiveDeltaStoreTest.JAR_2;

  @TempDir Path temp;
  final InMemoryBackend backend = new InMemoryBackend();
  DeltaStore store;

  DeltaStore store(boolean archiveAware) {
    store = DeltaStore.builder().backend(backend).closeBackendOnClose(false).tempDirectory(temp)
        .archiveAware(archiveAware).build();
    return store;
  }

  @AfterEach
  void close() {
    if (store != null) {
      store.close();
    }
  }

  /** A gzip flushed every 4 KiB: zlib at any setting, given the whole input at once, writes other bytes. */
  static byte[] syncFlushedGzip(byte[] content) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out, 512, true)) {
      for (int off = 0; off < content.length; off += 4096) {
        gz.write(content, off, Math.min(4096, content.length - off));
        gz.flush();
      }
    }
    return out.toByteArray();
  }

  @Test
  void streamsThatCannotBeReproducedStayCompressedAndThePutStoresAPlainDelta() throws Exception {
    DeltaStore s = store(true);
    Map<String, byte[]> files = TestArchives.classes(60, 3);
    byte[] v1 = syncFlushedGzip(TestArchives.tar(files));
    byte[] v2 = syncFlushedGzip(TestArchives.tar(TestArchives.withOneChanged(files)));
    s.put("u/d-1.tar.gz", v1);
    PutResult r = s.put("u/d-2.tar.gz", v2);
    assertFalse(r.archiveDelta(), r.toString());
    assertArrayEquals(v2, s.get("u/d-2.tar.gz"));
    assertTrue(s.verify("u/").ok());
  }

  @Test
  void aJarWithTweakedBytesIsStoredCorrectlyInWhateverFormPays() throws Exception {
    DeltaStore s = store(true);
    byte[] tweaked = JAR_2.clone();
    for (int at = tweaked.length / 2; at < tweaked.length / 2 + 40; at += 8) {
      tweaked[at] ^= 0x5a; // inside some entry's deflate stream: corrupt, or inflating to other bytes
    }
    s.put("t/a-1.jar", JAR_1);
    PutResult r = s.put("t/a-2.jar", tweaked);
    assertArrayEquals(tweaked, s.get("t/a-2.jar"));
    assertTrue(s.verify("t/").ok());
    System.out.println("tweaked jar: " + r);
  }

  @Test
  void aJarWithATruncatedEntryIsStoredCorrectly() throws Exception {
    DeltaStore s = store(true);
    byte[] cut = java.util.Arrays.copyOf(JAR_2, JAR_2.length / 3);
    s.put("t/a-1.jar", JAR_1);
    s.put("t/a-3.jar", cut);
    assertArrayEquals(cut, s.get("t/a-3.jar"));
  }

  /** A zip holding {@code mib} MiB of zeros (a few hundred bytes per MiB) and a little else. */
  static byte[] zipBomb(int mib) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(out)) {
      zip.setLevel(9);
      zip.putNextEntry(new ZipEntry("README"));
      zip.write(TestData.text(1, 5000));
      zip.putNextEntry(new ZipEntry("zeros"));
      byte[] zeros = new byte[1 << 20];
      for (int i = 0; i < mib; i++) {
        zip.write(zeros);
      }
      zip.closeEntry();
    }
    return out.toByteArray();
  }

  @Test
  void aZipBombIsStoredCorrectlyWithoutExpandingItAll() throws Exception {
    byte[] bomb = zipBomb(400);
    DeltaStore s = store(true);
    // As the reference, expanded for the next put; and as a put against a jar.
    s.put("b/bomb.zip", bomb);
    PutResult a = s.put("b/a.jar", JAR_1);
    s.put("c/a.jar", JAR_1);
    PutResult b = s.put("c/bomb.zip", bomb);
    System.out.println("zip bomb (" + bomb.length + " bytes) against a jar: " + b + "; a jar against it: " + a);
    // Its 400 MiB stream is over the expansion limits: kept compressed in the expanded form.
    ExpandResult x = ArchiveTransforms.create().expand(new ByteArrayInputStream(bomb), OutputStream.nullOutputStream(),
        OutputStream.nullOutputStream());
    assertTrue(x.expandedLength() < 2L * bomb.length, x.toString());
    assertArrayEquals(JAR_1, s.get("b/a.jar"));
    assertArrayEquals(bomb, s.get("c/bomb.zip"));
    assertTrue(s.verify("").ok());
  }

  @Test
  void withoutTheOptionTheStoredBytesAreThoseOfAPlainStore() throws Exception {
    DeltaStore s = store(false);
    s.put("o/a-1.jar", JAR_1);
    PutResult r = s.put("o/a-2.jar", JAR_2);
    assertFalse(r.archiveDelta());
    byte[] expected = VcdiffEncoder.builder().secondary(SecondaryCompression.LZMA).build().encode(JAR_1, JAR_2);
    assertArrayEquals(expected, stored("o/a-2.jar.delta"));
    Map<String, String> meta = backend.head("o/a-2.jar.delta").orElseThrow().metadata();
    assertNull(meta.get(MetadataNames.FORM));
    assertEquals("deltaglider vcdiff encode -s reference.bin a-2.jar a-2.jar.delta", meta.get(MetadataNames.DELTA_CMD));
    assertEquals(2, s.referenceCache().entries() + 1, "no expanded reference is made");
    // Archive types that are not delta-eligible by default stay whole, as before.
    assertEquals(StoredForm.PASSTHROUGH, s.put("o/x-1.crate", JAR_1).form());
  }

  @Test
  void withTheOptionArchiveTypesOutsideTheDeltaListAreTriedAsDeltas() throws Exception {
    DeltaStore s = store(true);
    s.put("g/x-1.crate", JAR_1);
    PutResult r = s.put("g/x-2.crate", JAR_2);
    assertTrue(r.archiveDelta(), r.toString());
    assertArrayEquals(JAR_2, s.get("g/x-2.crate"));
  }

  @Test
  void keysThatAreNotArchiveEligibleAndContentWithoutStreamsGetThePlainDelta() throws Exception {
    DeltaStore s = store(true);
    byte[] expected = VcdiffEncoder.builder().secondary(SecondaryCompression.LZMA).build().encode(JAR_1, JAR_2);
    s.put("n/a-1.iso", JAR_1);
    assertFalse(s.put("n/a-2.iso", JAR_2).archiveDelta());
    assertArrayEquals(expected, stored("n/a-2.iso.delta"));
    byte[] r1 = TestData.random(4, 300_000);
    byte[] r2 = TestData.edited(r1, 5, 10, 100, false);
    s.put("m/r-1.zip", r1);
    assertFalse(s.put("m/r-2.zip", r2).archiveDelta());
    assertArrayEquals(r2, s.get("m/r-2.zip"));
    // A policy can narrow the archive-eligible keys, e.g. to a prefix.
    DeltaStore narrow = DeltaStore.builder().backend(backend).closeBackendOnClose(false).archiveAware(true)
        .policy(DeltaPolicy.builder().archiveEligible(k -> k.startsWith("only/")).build()).build();
    try (narrow) {
      narrow.put("p/a-1.jar", JAR_1);
      assertFalse(narrow.put("p/a-2.jar", JAR_2).archiveDelta());
      narrow.put("only/a-1.jar", JAR_1);
      assertTrue(narrow.put("only/a-2.jar", JAR_2).archiveDelta());
    }
  }

  @Test
  void aPlainDeltaSmallerThanAnyArchiveAwareOneIsKeptWithoutExpandingAnything() throws Exception {
    DeltaStore s = store(true);
    s.put("i/a-1.jar", JAR_1);
    PutResult same = s.put("i/copy-of-a-1.jar", JAR_1);
    assertFalse(same.archiveDelta());
    assertTrue(same.storedSize() <= ArchiveDeltaHeader.MIN_DELTA, same.toString());
    assertEquals(0, s.metrics().referencesExpanded());
  }

  @Test
  void aFormThatDoesNotRebuildItsFileIsNeverKept() throws Exception {
    ArchiveTransforms t = ArchiveTransforms.create();
    try (Expansion e = Expansion.of(t, new ByteArrayInputStream(JAR_2), false, 1 << 30, temp)) {
      String sha = Sha256.of(JAR_2, 0, JAR_2.length);
      assertTrue(ArchiveCodec.rebuildsTo(t, e, JAR_2.length, sha));
      assertFalse(ArchiveCodec.rebuildsTo(t, e, JAR_2.length, Sha256.of(JAR_1, 0, JAR_1.length)));
      assertFalse(ArchiveCodec.rebuildsTo(t, e, JAR_2.length + 1, sha));
    }
  }

  private byte[] stored(String rawKey) throws Exception {
    try (InputStream in = backend.get(rawKey)) {
      return in.readAllBytes();
    }
  }
}
