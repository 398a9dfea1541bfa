package io.deltaglider;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deltaglider.spi.InMemoryBackend;
import io.deltaglider.spi.MetadataNames;
import io.deltaglider.spi.Payload;
import io.deltaglider.vcdiff.VcdiffDecoder;
import io.deltaglider.vcdiff.VcdiffException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Readers fail closed: an object in a form the reader does not know, an archive-aware delta read by
 * a reader that ignores the form (as every reader before this form existed does), and damaged
 * archive-aware deltas are refused, and no byte of them is returned.
 */
class ArchiveFormRefusalTest {
  static final byte[] JAR_1 = ArchiveDeltaStoreTest.JAR_1;
  static final byte[] JAR_2 = ArchiveDeltaStoreTest.JAR_2;
  static final String DELTA = "r/a-2.jar.delta";

  final InMemoryBackend backend = new InMemoryBackend();
  DeltaStore store;

  @BeforeEach
  void putPair() throws Exception {
    store = DeltaStore.builder().backend(backend).closeBackendOnClose(false).archiveAware(true).build();
    store.put("r/a-1.jar", JAR_1);
    assertTrue(store.put("r/a-2.jar", JAR_2).archiveDelta());
  }

  @AfterEach
  void close() {
    store.close();
  }

  private void setMetadata(String rawKey, String name, String value) throws Exception {
    Map<String, String> meta = new HashMap<>(backend.head(rawKey).orElseThrow().metadata());
    if (value == null) {
      meta.remove(name);
    } else {
      meta.put(name, value);
    }
    backend.replaceMetadata(rawKey, meta);
  }

  private byte[] blob() throws Exception {
    try (InputStream in = backend.get(DELTA)) {
      return in.readAllBytes();
    }
  }

  @Test
  void anUnknownFormIsRefusedByGetsRangesAndVerify() throws Exception {
    setMetadata(DELTA, MetadataNames.FORM, "archive-delta-v2");
    UnsupportedFormException e = assertThrows(UnsupportedFormException.class, () -> store.get("r/a-2.jar"));
    assertEquals("archive-delta-v2", e.form());
    assertTrue(e.getMessage().contains("cannot read"), e.getMessage());
    assertThrows(UnsupportedFormException.class, () -> store.open("r/a-2.jar", 0, 10));
    assertThrows(UnsupportedFormException.class, () -> store.open("r/a-2.jar").close());
    VerifyReport report = store.verify("r/");
    assertFalse(report.ok());
    assertTrue(report.failures().get("r/a-2.jar").contains("archive-delta-v2"), report.toString());
    assertEquals(JAR_2.length, store.head("r/a-2.jar").size(), "head describes it all the same");
    assertArrayEquals(JAR_1, store.get("r/a-1.jar"));
  }

  @Test
  void aWholeObjectMarkedAsAnyFormIsRefused() throws Exception {
    store.put("w/readme.txt", "hello".getBytes());
    setMetadata("w/readme.txt", MetadataNames.FORM, MetadataNames.FORM_ARCHIVE_DELTA);
    assertThrows(UnsupportedFormException.class, () -> store.get("w/readme.txt"));
    assertThrows(UnsupportedFormException.class, () -> store.open("w/readme.txt", 0, 2));
  }

  @Test
  void aReaderThatIgnoresTheMarkerRefusesTheDeltaAsNotVcdiff() throws Exception {
    byte[] blob = blob();
    assertArrayEquals(ArchiveDeltaHeader.MAGIC, Arrays.copyOf(blob, 5), "not VCDIFF's magic D6 C3 C4");
    // What xdelta3, the DeltaGlider tools and this library before the form do with it:
    assertThrows(VcdiffException.class, () -> VcdiffDecoder.create().decode(JAR_1, blob));
    // The same read through the store, the marker gone: the plain-delta path, unchanged since
    // before the form existed, refuses it.
    setMetadata(DELTA, MetadataNames.FORM, null);
    IntegrityException e = assertThrows(IntegrityException.class, () -> store.get("r/a-2.jar"));
    assertTrue(e.getMessage().contains("does not decode"), e.getMessage());
  }

  @Test
  void aPlainDeltaMarkedArchiveAwareIsRefused() throws Exception {
    store.put("p/a-1.iso", JAR_1);
    store.put("p/a-2.iso", JAR_2);
    setMetadata("p/a-2.iso.delta", MetadataNames.FORM, MetadataNames.FORM_ARCHIVE_DELTA);
    IntegrityException e = assertThrows(IntegrityException.class, () -> store.get("p/a-2.iso"));
    assertTrue(e.getMessage().contains("malformed"), e.getMessage());
  }

  @Test
  void everyDamagedByteOfTheHeaderIsRefusedAndOfTheDeltaNeverReturnsOtherBytes() throws Exception {
    byte[] original = blob();
    int header = ArchiveDeltaHeader.readFrom(new ByteArrayInputStream(original)).toBytes().length;
    for (int at = 0; at < original.length; at += at < header ? 1 : Math.max(1, original.length / 60)) {
      putBlob(original);
      backend.corrupt(DELTA, at, (byte) (original[at] == 0x41 ? 0x42 : 0x41)); // a byte that changes
      if (at < header) {
        assertThrows(IntegrityException.class, () -> store.get("r/a-2.jar"), "byte " + at);
        continue;
      }
      // The VCDIFF decoder tolerates some damage that changes nothing it decodes (a source window
      // length raised past the source's end, byte 9 of the VCDIFF delta): then the verified original.
      try {
        assertArrayEquals(JAR_2, store.get("r/a-2.jar"), "byte " + at);
      } catch (IntegrityException refused) {
        // the usual outcome
      }
    }
    putBlob(original);
    assertArrayEquals(JAR_2, store.get("r/a-2.jar"));
    putBlob(Arrays.copyOf(original, original.length - 3));
    assertThrows(IntegrityException.class, () -> store.get("r/a-2.jar"));
  }

  @Test
  void aReaderThatExpandsTheReferenceDifferentlyRefusesWithAClearReason() throws Exception {
    byte[] blob = blob();
    ArchiveDeltaHeader h = ArchiveDeltaHeader.readFrom(new ByteArrayInputStream(blob));
    int headerLength = h.toBytes().length;
    ArchiveDeltaHeader other = new ArchiveDeltaHeader(h.sourceLength, h.sourceSha256, h.expandedSourceLength,
        "00".repeat(32), h.mapSha256, h.targetLength, h.targetSha256, h.expandedTargetLength, h.recipe);
    ByteArrayOutputStream changed = new ByteArrayOutputStream();
    changed.writeBytes(other.toBytes());
    changed.write(blob, headerLength, blob.length - headerLength);
    putBlob(changed.toByteArray());
    IntegrityException e = assertThrows(IntegrityException.class, () -> store.get("r/a-2.jar"));
    assertTrue(e.getMessage().contains("makes other bytes"), e.getMessage());
  }

  @Test
  void aDeltaMadeAgainstAnotherReferenceIsRefused() throws Exception {
    // The delta of another deltaspace moved here with its metadata fixed up: its header still says.
    store.put("x/b-1.jar", JAR_2);
    store.put("x/b-2.jar", JAR_1);
    byte[] foreign;
    try (InputStream in = backend.get("x/b-2.jar.delta")) {
      foreign = in.readAllBytes();
    }
    putBlob(foreign);
    assertThrows(IntegrityException.class, () -> store.get("r/a-2.jar"));
  }

  private void putBlob(byte[] bytes) throws Exception {
    backend.put(DELTA, Payload.of(bytes.clone()), backend.head(DELTA).orElseThrow().metadata());
  }
}
