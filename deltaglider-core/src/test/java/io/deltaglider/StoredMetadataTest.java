package io.deltaglider;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deltaglider.spi.InMemoryBackend;
import io.deltaglider.spi.Payload;
import io.deltaglider.vcdiff.testing.TestData;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Normalising legacy spellings (FORMAT.md section 3.3) leaves the caller's own names alone. */
class StoredMetadataTest {

  @Test
  void legacySpellingsOfDeltaGlidersNamesAreNormalised() {
    StoredMetadata m = StoredMetadata.parse(Map.of("File_SHA256", "ab", "ref_key", "x/reference.bin"));
    assertEquals("ab", m.get("dg-file-sha256"));
    assertEquals("x/reference.bin", m.get("dg-ref-key"));
    assertTrue(m.legacy);
  }

  /** A user-metadata name with an underscore (as the proxy stores them) used to come back with a dash. */
  @Test
  void userMetadataNamesKeepTheirUnderscores() throws Exception {
    StoredMetadata m = StoredMetadata.parse(Map.of("dg-user-build_id", "7", "dg-file-sha256", "ab"));
    assertEquals(Map.of("build_id", "7"), m.userMetadata());
    assertFalse(m.legacy, "nothing for migrate to rewrite");

    InMemoryBackend raw = new InMemoryBackend();
    byte[] text = TestData.text(3, 2000);
    raw.put("u/notes.txt", Payload.of(text), Map.of("dg-file-sha256", Sha256.of(text, 0, text.length),
        "dg-file-size", "" + text.length, "dg-note", "passthrough", "dg-user-build_id", "7"));
    DeltaStore store = DeltaStore.builder().backend(raw).build();
    assertEquals(Map.of("build_id", "7"), store.head("u/notes.txt").userMetadata());
    assertEquals(0, store.upgradeMetadata(""));
    assertEquals("7", raw.head("u/notes.txt").orElseThrow().metadata().get("dg-user-build_id"));
    assertArrayEquals(text, store.get("u/notes.txt"));
  }
}
