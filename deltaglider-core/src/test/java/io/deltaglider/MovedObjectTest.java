package io.deltaglider;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deltaglider.spi.BlobInfo;
import io.deltaglider.spi.InMemoryBackend;
import io.deltaglider.spi.Payload;
import io.deltaglider.vcdiff.testing.TestData;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Stored files renamed or swapped inside the store (issue 15, item 3): their metadata travels with
 * them and verifies their bytes perfectly, so they used to be served as the wrong object and
 * {@code verify} passed. Metadata that names another object is an integrity failure.
 */
class MovedObjectTest {
  static final byte[] V1 = TestData.random(71, 120_000);
  static final byte[] V2 = TestData.edited(V1, 72, 10, 100, false);

  private static void move(InMemoryBackend raw, String from, String to) throws Exception {
    BlobInfo info = raw.head(from).orElseThrow();
    byte[] bytes = raw.get(from).readAllBytes();
    raw.delete(from);
    raw.put(to, Payload.of(bytes), info.metadata());
  }

  /** The reproduction: {@code mv a.tar.delta t; mv b.tar.delta a.tar.delta; mv t b.tar.delta}. */
  @Test
  void swappedDeltasAreIntegrityFailuresInGetAndVerify() throws Exception {
    InMemoryBackend raw = new InMemoryBackend();
    DeltaStore store = DeltaStore.builder().backend(raw).build();
    store.put("l/a.tar", V1);
    store.put("l/b.tar", V2);
    move(raw, "l/a.tar.delta", "l/t");
    move(raw, "l/b.tar.delta", "l/a.tar.delta");
    move(raw, "l/t", "l/b.tar.delta");
    IntegrityException e = assertThrows(IntegrityException.class, () -> store.get("l/a.tar"));
    assertTrue(e.getMessage().contains("b.tar"), e.getMessage());
    assertThrows(IntegrityException.class, () -> store.get("l/b.tar"));
    VerifyReport report = store.verify("l/");
    assertFalse(report.ok());
    assertEquals(2, report.failures().size(), report.failures().toString());
    assertTrue(report.verified().isEmpty());
  }

  @Test
  void aWholeObjectRenamedIsAnIntegrityFailure() throws Exception {
    InMemoryBackend raw = new InMemoryBackend();
    DeltaStore store = DeltaStore.builder().backend(raw).build();
    store.put("d/notes.txt", V1);
    move(raw, "d/notes.txt", "d/other.txt");
    assertThrows(IntegrityException.class, () -> store.get("d/other.txt"));
    assertFalse(store.verify("d/other.txt").ok());
  }

  @Test
  void aDeltaMovedToAnotherDeltaspaceWithAnIdenticalReferenceIsAnIntegrityFailure() throws Exception {
    InMemoryBackend raw = new InMemoryBackend();
    DeltaStore store = DeltaStore.builder().backend(raw).build();
    store.put("x/base.zip", V1);
    store.put("y/base.zip", V1); // the same reference bytes in both deltaspaces
    store.put("x/new.zip", V2);
    move(raw, "x/new.zip.delta", "y/new.zip.delta");
    IntegrityException e = assertThrows(IntegrityException.class, () -> store.get("y/new.zip"));
    assertTrue(e.getMessage().contains("another deltaspace"), e.getMessage());
  }

  @Test
  void objectsWhereTheyWereStoredStillRead() throws Exception {
    InMemoryBackend raw = new InMemoryBackend();
    DeltaStore store = DeltaStore.builder().backend(raw).build();
    store.put("l/a.tar", V1);
    store.put("l/b.tar", V2);
    store.put("l/c.txt", V2);
    store.copy("l/b.tar", "m/b2.tar");
    assertArrayEquals(V2, store.get("m/b2.tar"));
    assertTrue(store.verify("").ok());
  }

  /** Other tools name the reference from the bucket root, and some transports mangle non-ASCII names. */
  @Test
  void otherToolsSpellingsOfTheSameObjectStillRead() throws Exception {
    InMemoryBackend raw = new InMemoryBackend();
    DeltaStore store = DeltaStore.builder().backend(raw).build();
    store.put("p/a.zip", V1);
    store.put("p/ü.zip", V2);
    BlobInfo d = raw.head("p/ü.zip.delta").orElseThrow();
    Map<String, String> meta = new java.util.HashMap<>(d.metadata());
    meta.put("dg-original-name", "?.zip");
    meta.put("dg-ref-key", "some-prefix/p/reference.bin");
    raw.replaceMetadata("p/ü.zip.delta", meta);
    assertArrayEquals(V2, store.get("p/ü.zip"));
    meta.put("dg-ref-key", "reference.bin"); // relative: the delta's own deltaspace
    raw.replaceMetadata("p/ü.zip.delta", meta);
    assertArrayEquals(V2, store.get("p/ü.zip"));
  }
}
