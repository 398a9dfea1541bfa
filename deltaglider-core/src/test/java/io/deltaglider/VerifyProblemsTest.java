package io.deltaglider;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deltaglider.spi.InMemoryBackend;
import io.deltaglider.spi.Payload;
import io.deltaglider.spi.StorageBackend;
import io.deltaglider.spi.StorageProblem;
import io.deltaglider.vcdiff.testing.TestData;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What {@code verify} reports besides objects (issue 15, items 2, 4 and 8): entries the backend
 * says are not objects, references nothing uses, and objects that fail for any reason, each
 * without stopping the rest; and what {@code cleanup} removes.
 */
class VerifyProblemsTest {
  static final byte[] V1 = TestData.random(81, 100_000);
  static final byte[] V2 = TestData.edited(V1, 82, 10, 100, false);

  /** A backend that reports fixed problems and fails to read one key. */
  static final class Troubled extends PausingBackend {
    final List<StorageProblem> problems;
    final String unreadable;
    final List<String> removedUnder = new java.util.ArrayList<>();

    Troubled(StorageBackend delegate, List<StorageProblem> problems, String unreadable) {
      super(delegate, 0);
      this.problems = problems;
      this.unreadable = unreadable;
    }

    @Override
    public InputStream get(String key) throws DeltaStoreException {
      if (key.equals(unreadable)) {
        throw new BackendException("reading " + key + " failed: java.nio.file.AccessDeniedException: " + key);
      }
      return super.get(key);
    }

    @Override
    public List<StorageProblem> problems(String prefix) {
      return problems.stream().filter(p -> p.location().startsWith(prefix)).collect(java.util.stream.Collectors.toList());
    }

    @Override
    public List<StorageProblem> removeLeftovers(String prefix) {
      removedUnder.add(prefix);
      return problems(prefix).stream().filter(p -> p.kind() == StorageProblem.Kind.LEFTOVER)
          .collect(java.util.stream.Collectors.toList());
    }
  }

  @Test
  void anUnreadableObjectIsReportedAndTheOthersAreStillVerified() throws Exception {
    InMemoryBackend raw = new InMemoryBackend();
    DeltaStore setup = DeltaStore.builder().backend(raw).build();
    setup.put("r/a.zip", V1);
    setup.put("r/b.zip", V2);
    setup.put("r/c.txt", V2);
    DeltaStore store = DeltaStore.builder().backend(new Troubled(raw, List.of(), "r/b.zip.delta")).build();
    VerifyReport report = store.verify("r/");
    assertEquals(List.of("r/a.zip", "r/c.txt"), report.verified());
    assertEquals(List.of("r/b.zip"), List.copyOf(report.failures().keySet()));
    assertTrue(report.failures().get("r/b.zip").contains("AccessDenied"), report.failures().toString());
    assertFalse(report.ok());
  }

  @Test
  void damagedAndUnreadableEntriesFailTheReportLeftoversDoNot() throws Exception {
    InMemoryBackend raw = new InMemoryBackend();
    DeltaStore.builder().backend(raw).build().put("r/a.zip", V1);
    StorageProblem damaged = new StorageProblem(StorageProblem.Kind.DAMAGED, "r/x.zip.delta", "r/x.zip.delta", "no metadata");
    StorageProblem leftover = new StorageProblem(StorageProblem.Kind.LEFTOVER, "r/.tmp1", null, "temp file");
    StorageProblem unreadable = new StorageProblem(StorageProblem.Kind.UNREADABLE, "r/y.zip.delta", "r/y.zip.delta",
        "permission denied");

    VerifyReport onlyLeftover = DeltaStore.builder().backend(new Troubled(raw, List.of(leftover), null)).build().verify("r/");
    assertTrue(onlyLeftover.ok(), onlyLeftover.toString());
    assertEquals(List.of(leftover), onlyLeftover.problems());

    for (StorageProblem bad : new StorageProblem[] {damaged, unreadable}) {
      VerifyReport report = DeltaStore.builder().backend(new Troubled(raw, List.of(bad, leftover), null)).build()
          .verify("r/");
      assertFalse(report.ok(), bad.toString());
      assertEquals(List.of("r/a.zip"), report.verified());
      assertTrue(report.problems().contains(bad));
    }
    // A single key sees only its own problems; a key whose only copy is damaged is still reported.
    VerifyReport single = DeltaStore.builder().backend(new Troubled(raw, List.of(damaged, leftover), null)).build()
        .verify("r/x.zip");
    assertEquals(List.of(damaged), single.problems());
    assertFalse(single.ok());
  }

  /** A put killed between creating its reference and storing its delta leaves a reference nothing uses. */
  @Test
  void anUnusedReferenceIsReportedAndCleanupRemovesIt() throws Exception {
    InMemoryBackend raw = new InMemoryBackend();
    raw.put("o/reference.bin", Payload.of(V1), Map.of("dg-file-sha256", Sha256.of(V1, 0, V1.length),
        "dg-file-size", "" + V1.length, "dg-note", "reference"));
    DeltaStore store = DeltaStore.builder().backend(raw).build();
    store.put("kept/a.zip", V1);
    VerifyReport report = store.verify("");
    assertTrue(report.ok());
    assertEquals(1, report.problems().size(), report.problems().toString());
    assertEquals("o/reference.bin", report.problems().get(0).key());
    assertTrue(store.listAll("").stream().noneMatch(s -> s.key().startsWith("o/")));

    assertEquals("o/reference.bin", store.cleanup("o/").get(0).key());
    assertTrue(raw.head("o/reference.bin").isEmpty(), "removed");
    assertTrue(raw.head("kept/reference.bin").isPresent(), "a used reference stays");
    assertTrue(store.cleanup("").isEmpty(), "nothing left to clean");
    assertArrayEquals(V1, store.get("kept/a.zip"));
  }

  @Test
  void cleanupOfAPrefixInsideADeltaspaceLeavesItsReferenceAlone() throws Exception {
    InMemoryBackend raw = new InMemoryBackend();
    raw.put("o/reference.bin", Payload.of(V1), Map.of("dg-file-sha256", Sha256.of(V1, 0, V1.length)));
    DeltaStore store = DeltaStore.builder().backend(raw).build();
    assertTrue(store.cleanup("o/x").isEmpty(), "the deltaspace is not wholly under o/x");
    assertTrue(raw.head("o/reference.bin").isPresent());
    assertEquals(1, store.cleanup("o").size());
  }

  /**
   * A delta the backend cannot list (its metadata damaged, or unreadable) may still be repaired,
   * and needs its reference: deleting the deltaspace's last listed object keeps the reference.
   */
  @Test
  void aDamagedDeltaKeepsItsReferenceWhenTheLastListedObjectIsDeleted() throws Exception {
    InMemoryBackend raw = new InMemoryBackend();
    DeltaStore setup = DeltaStore.builder().backend(raw).build();
    setup.put("r/a.zip", V1);
    StorageProblem damaged = new StorageProblem(StorageProblem.Kind.DAMAGED, "r/x.zip.delta", "r/x.zip.delta",
        "no metadata");
    StorageProblem elsewhere = new StorageProblem(StorageProblem.Kind.DAMAGED, "r/sub/y.zip.delta",
        "r/sub/y.zip.delta", "no metadata");
    DeltaStore store = DeltaStore.builder().backend(new Troubled(raw, List.of(elsewhere), null)).build();
    DeltaStore.builder().backend(raw).build().put("r/b.zip", V2);
    assertTrue(store.delete("r/b.zip"));
    assertTrue(store.delete("r/a.zip"));
    assertTrue(raw.head("r/reference.bin").isEmpty(), "a damaged delta of another deltaspace does not hold it");

    setup.put("r/a.zip", V1);
    DeltaStore careful = DeltaStore.builder().backend(new Troubled(raw, List.of(damaged), null)).build();
    assertTrue(careful.delete("r/a.zip"));
    assertTrue(raw.head("r/reference.bin").isPresent(), "kept for the damaged delta");
  }

  @Test
  void cleanupRemovesTheBackendsLeftoversUnderThePrefix() throws Exception {
    InMemoryBackend raw = new InMemoryBackend();
    StorageProblem leftover = new StorageProblem(StorageProblem.Kind.LEFTOVER, "r/.tmp1", null, "temp file");
    StorageProblem damaged = new StorageProblem(StorageProblem.Kind.DAMAGED, "r/x.zip.delta", "r/x.zip.delta", "no metadata");
    Troubled backend = new Troubled(raw, List.of(leftover, damaged), null);
    DeltaStore store = DeltaStore.builder().backend(backend).build();
    assertEquals(List.of(leftover), store.cleanup("r/"));
    assertEquals(List.of("r/"), backend.removedUnder);
  }
}
