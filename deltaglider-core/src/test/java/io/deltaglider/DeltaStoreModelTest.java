package io.deltaglider;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deltaglider.spi.BlobInfo;
import io.deltaglider.spi.BlobListings;
import io.deltaglider.spi.BlobQuery;
import io.deltaglider.spi.InMemoryBackend;
import io.deltaglider.vcdiff.testing.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;

/**
 * Any sequence of put/get/delete/copy/list over a few deltaspaces behaves like a plain
 * {@code Map<String, byte[]>}; after every operation each deltaspace's reference exists iff a
 * delta does.
 */
class DeltaStoreModelTest {
  /** User keys: three deltaspaces, a nested one, the root, and names that sort between a key and its ".delta". */
  static final List<String> KEYS = List.of(
      "ds0/name0.zip", "ds0/name1.zip", "ds0/name2.zip", "ds0/name3.zip", "ds0/name4.zip", "ds0/notes.txt",
      "ds1/name0.zip", "ds1/name1.zip", "ds1/name0.zip-old.txt", "ds1/name0.zip.txt", "ds1/name2.tar.gz",
      "ds2/name0.zip", "ds2/name1.zip", "ds2/readme.txt",
      "ds0/sub/name0.zip", "top.zip", "top.txt");

  static final List<String> PREFIXES = List.of("", "ds0/", "ds1/", "ds1/name0.zip", "ds0/name", "ds2/r", "ds3/", "t");

  /** Contents: versions of two seeds (deltas), unrelated bytes (passthrough), text, empty. */
  static final List<byte[]> CONTENTS;

  static {
    List<byte[]> c = new ArrayList<>();
    byte[] a = TestData.random(1, 12_000);
    byte[] b = TestData.text(2, 10_000);
    c.add(a);
    c.add(TestData.edited(a, 3, 4, 30, false));
    c.add(TestData.edited(a, 4, 8, 60, true));
    c.add(b);
    c.add(TestData.edited(b, 5, 5, 20, false));
    c.add(TestData.random(6, 7_000));
    c.add(TestData.random(7, 300));
    c.add(new byte[0]);
    c.add(new byte[] {42});
    CONTENTS = List.copyOf(c);
  }

  interface Op {}

  record Put(String key, int content) implements Op {}

  record Get(String key) implements Op {}

  record Delete(String key) implements Op {}

  record Copy(String from, String to) implements Op {}

  record ListOp(String prefix, String delimiter, int maxKeys) implements Op {}

  @Provide
  Arbitrary<List<Op>> ops() {
    Arbitrary<String> key = Arbitraries.of(KEYS);
    Arbitrary<Op> put = Combinators.combine(key, Arbitraries.integers().between(0, CONTENTS.size() - 1)).as(Put::new);
    Arbitrary<Op> get = key.map(Get::new);
    Arbitrary<Op> delete = key.map(Delete::new);
    Arbitrary<Op> copy = Combinators.combine(key, key).as(Copy::new);
    // "/" is rolled up by the backend, the others by the store (they can meet ".delta").
    Arbitrary<Op> list = Combinators.combine(Arbitraries.of(PREFIXES), Arbitraries.of("", "/", "/", ".", "e", "zip."),
        Arbitraries.of(1, 2, 3, 1000)).as(ListOp::new);
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(5, put), net.jqwik.api.Tuple.of(3, get), net.jqwik.api.Tuple.of(3, delete),
        net.jqwik.api.Tuple.of(1, copy), net.jqwik.api.Tuple.of(2, list)).list().ofMinSize(1).ofMaxSize(40);
  }

  Path spool;

  @BeforeProperty
  void makeSpool() throws Exception {
    spool = Files.createTempDirectory("dg-model");
  }

  @AfterProperty
  void removeSpool() throws Exception {
    try (var files = Files.list(spool)) {
      assertEquals(0, files.count(), "temp files are cleaned up");
    }
    Files.delete(spool);
  }

  @Property(tries = 150)
  void behavesLikeAMap(@ForAll("ops") List<Op> ops, @ForAll boolean smallThreshold) throws Exception {
    InMemoryBackend backend = new InMemoryBackend();
    // A small threshold sends objects through the temp-file paths, a zero cache through reference reloads.
    DeltaStore store = smallThreshold
        ? DeltaStore.builder().backend(backend).memoryThreshold(2048).referenceCacheBytes(0).tempDirectory(spool).build()
        : DeltaStore.builder().backend(backend).tempDirectory(spool).build();
    TreeMap<String, byte[]> model = new TreeMap<>(BlobListings.UTF8_ORDER);
    for (Op op : ops) {
      if (op instanceof Put p) {
        byte[] c = CONTENTS.get(p.content());
        PutResult r = store.put(p.key(), c);
        assertEquals(c.length, r.originalSize());
        model.put(p.key(), c);
      } else if (op instanceof Get g) {
        checkGet(store, model, g.key());
      } else if (op instanceof Delete d) {
        assertEquals(model.remove(d.key()) != null, store.delete(d.key()), op.toString());
      } else if (op instanceof Copy c) {
        if (model.containsKey(c.from())) {
          store.copy(c.from(), c.to());
          model.put(c.to(), model.get(c.from()));
        } else {
          assertThrows(ObjectNotFoundException.class, () -> store.copy(c.from(), c.to()));
        }
      } else if (op instanceof ListOp l) {
        checkList(store, model, l);
      }
      checkReferences(backend, op);
    }
    for (String k : KEYS) {
      checkGet(store, model, k);
    }
    checkList(store, model, new ListOp("", "", 1000));
    assertTrue(store.verify("").ok());
  }

  private static void checkGet(DeltaStore store, Map<String, byte[]> model, String key) throws Exception {
    byte[] expected = model.get(key);
    if (expected == null) {
      assertThrows(ObjectNotFoundException.class, () -> store.get(key), key);
      assertTrue(!store.exists(key));
    } else {
      assertArrayEquals(expected, store.get(key), key);
      assertEquals(expected.length, store.head(key).size(), key);
    }
  }

  /** All pages of a listing against ListObjectsV2 over the model's keys. */
  private static void checkList(DeltaStore store, TreeMap<String, byte[]> model, ListOp l) throws Exception {
    String delim = l.delimiter().isEmpty() ? null : l.delimiter();
    List<String> expectedKeys = new ArrayList<>();
    Set<String> expectedPrefixes = new TreeSet<>(BlobListings.UTF8_ORDER);
    for (String k : model.keySet()) {
      if (!k.startsWith(l.prefix())) {
        continue;
      }
      int d = delim == null ? -1 : k.indexOf(delim, l.prefix().length());
      if (d >= 0) {
        expectedPrefixes.add(k.substring(0, d + delim.length()));
      } else {
        expectedKeys.add(k);
      }
    }
    List<String> keys = new ArrayList<>();
    List<String> prefixes = new ArrayList<>();
    String token = null;
    int pages = 0;
    do {
      ListPage page = store.list(l.prefix(), delim, null, token, l.maxKeys());
      assertTrue(page.objects().size() + page.commonPrefixes().size() <= l.maxKeys());
      for (ObjectSummary o : page.objects()) {
        keys.add(o.key());
        assertEquals(model.get(o.key()).length, o.size(), o.key());
      }
      prefixes.addAll(page.commonPrefixes());
      token = page.nextContinuationToken();
      assertTrue(++pages <= KEYS.size() + 2, "listing terminates");
    } while (token != null);
    assertEquals(expectedKeys, keys, l.toString());
    assertEquals(List.copyOf(expectedPrefixes), prefixes, l.toString());
  }

  /** In every deltaspace the reference exists iff a delta does; no raw key is unexpected. */
  private static void checkReferences(InMemoryBackend backend, Op after) throws Exception {
    Map<String, List<String>> byDs = backend.list(BlobQuery.under("")).objects().stream().map(BlobInfo::key)
        .collect(Collectors.groupingBy(k -> k.contains("/") ? k.substring(0, k.lastIndexOf('/')) : "", Collectors.toList()));
    for (Map.Entry<String, List<String>> e : byDs.entrySet()) {
      String ref = e.getKey().isEmpty() ? "reference.bin" : e.getKey() + "/reference.bin";
      boolean hasRef = e.getValue().contains(ref);
      boolean hasDelta = e.getValue().stream().anyMatch(k -> k.endsWith(".delta"));
      assertEquals(hasDelta, hasRef, "after " + after + ": " + e.getValue());
      for (String k : e.getValue()) {
        assertTrue(k.equals(ref) || KEYS.contains(k) || KEYS.contains(k.substring(0, Math.max(0, k.length() - 6))),
            "unexpected raw key " + k);
      }
      // A key is never stored in both forms once a put or delete has finished.
      assertEquals(e.getValue().stream().filter(k -> !k.equals(ref)).map(ObjectKey::userKeyOf).distinct().count(),
          e.getValue().stream().filter(k -> !k.equals(ref)).count(), Objects.toString(e.getValue()));
    }
  }
}
