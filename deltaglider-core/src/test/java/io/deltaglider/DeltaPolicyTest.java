package io.deltaglider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deltaglider.spi.InMemoryBackend;
import io.deltaglider.vcdiff.testing.TestData;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Policy as a function of the key (issue 17, item 6): predicates, per-prefix ratios, the DeltaGlider tools' defaults. */
class DeltaPolicyTest {

  @Test
  void theDefaultsCoverTheDeltaGliderToolsExtensions() {
    DeltaPolicy p = DeltaPolicy.defaults();
    for (String name : new String[] {"a.zip", "a.tar", "a.gz", "a.tar.gz", "a.tgz", "a.bz2", "a.tar.bz2", "a.xz",
        "a.tar.xz", "a.7z", "a.rar", "a.dmg", "a.iso", "a.pkg", "a.deb", "a.rpm", "a.apk", "a.jar", "a.war", "a.ear",
        "APP-1.0.TAR.GZ"}) {
      assertTrue(p.isDeltaEligible("r/" + name, 100), name);
    }
    assertFalse(p.isDeltaEligible("r/readme.txt", 100));
    assertFalse(p.isDeltaEligible("r/app", 100), "no extension");
    assertFalse(p.isDeltaEligible("r.zip/readme.txt", 100), "only the last segment's extension counts");
    assertFalse(p.isDeltaEligible("r/a.zip", DeltaPolicy.DEFAULT_MAX_DELTA_SIZE + 1), "too large");
  }

  @Test
  void aPredicateOnTheKeyDecides() {
    DeltaPolicy p = DeltaPolicy.builder()
        .deltaEligible(DeltaPolicy.byExtension(Set.of("zip")).or(k -> k.startsWith("images/")))
        .build();
    assertTrue(p.isDeltaEligible("images/vm-disk", 10));
    assertTrue(p.isDeltaEligible("x/a.ZIP", 10));
    assertFalse(p.isDeltaEligible("x/a.tar", 10));
    assertTrue(DeltaPolicy.builder().deltaEligible(DeltaPolicy.everything()).build().isDeltaEligible("any/thing", 10));
    DeltaPolicy back = DeltaPolicy.builder().deltaEligible(k -> false).extensions(Set.of(".tar")).build();
    assertTrue(back.isDeltaEligible("x/a.tar", 10), "extensions() replaces the predicate");
  }

  @Test
  void theLongestMatchingPrefixSetsTheRatio() {
    DeltaPolicy p = DeltaPolicy.builder().maxDeltaRatio(0.5).maxDeltaRatio("dumps/", 0.9)
        .maxDeltaRatio("dumps/tiny/", 0.1).build();
    assertEquals(0.5, p.maxDeltaRatio("releases/a.zip"));
    assertEquals(0.9, p.maxDeltaRatio("dumps/db.sql"));
    assertEquals(0.1, p.maxDeltaRatio("dumps/tiny/db.sql"));
    assertThrows(IllegalArgumentException.class, () -> DeltaPolicy.builder().maxDeltaRatio("x/", 1.5));
  }

  /** The store applies both: an extensionless key goes delta, and a per-prefix ratio keeps or drops a delta. */
  @Test
  void theStoreUsesThePolicyOfTheKey() throws Exception {
    byte[] v1 = TestData.random(131, 100_000);
    byte[] v2 = TestData.edited(v1, 132, 200, 300, false); // a delta of roughly a third of the object
    DeltaPolicy p = DeltaPolicy.builder().deltaEligible(DeltaPolicy.everything()).maxDeltaRatio(0.99)
        .maxDeltaRatio("strict/", 0.01).build();
    DeltaStore store = DeltaStore.builder().backend(new InMemoryBackend()).policy(p).build();
    store.put("loose/disk", v1);
    assertEquals(StoredForm.DELTA, store.put("loose/disk2", v2).form());
    store.put("strict/disk", v1);
    assertEquals(StoredForm.PASSTHROUGH, store.put("strict/disk2", v2).form());
  }
}
