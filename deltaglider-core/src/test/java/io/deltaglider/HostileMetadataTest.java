package io.deltaglider;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.deltaglider.spi.InMemoryBackend;
import io.deltaglider.spi.Payload;
import io.deltaglider.vcdiff.testing.RawDelta;
import io.deltaglider.vcdiff.testing.TestData;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Metadata read from storage is untrusted: missing or garbled digests and sizes, and sizes that
 * understate what a delta expands to, end in a {@link DeltaStoreException} subclass, never in
 * wrong bytes, an unchecked exception or an OutOfMemoryError.
 */
class HostileMetadataTest {
  static final byte[] V1 = TestData.random(11, 60_000);
  static final byte[] V2 = TestData.edited(V1, 12, 8, 80, true);
  static final byte[] TXT = TestData.text(13, 30_000);

  @TempDir Path tmp;
  InMemoryBackend backend;
  DeltaStore store;
  Path spool;

  /** user key -> its raw key and content. */
  final Map<String, String> raw = Map.of("h/a.zip", "h/a.zip.delta", "h/b.zip", "h/b.zip.delta", "h/c.txt", "h/c.txt");
  final Map<String, byte[]> content = Map.of("h/a.zip", V1, "h/b.zip", V2, "h/c.txt", TXT);

  @BeforeEach
  void fill() throws Exception {
    backend = new InMemoryBackend();
    spool = Files.createDirectory(tmp.resolve("spool"));
    store = DeltaStore.builder().backend(backend).tempDirectory(spool).build();
    store.put("h/a.zip", V1);
    store.put("h/b.zip", V2);
    store.put("h/c.txt", TXT);
    assertEquals(StoredForm.DELTA, store.head("h/b.zip").form());
  }

  private void setMeta(String rawKey, String name, String value) throws Exception {
    Map<String, String> m = new HashMap<>(backend.head(rawKey).orElseThrow().metadata());
    if (value == null) {
      m.remove(name);
    } else {
      m.put(name, value);
    }
    backend.replaceMetadata(rawKey, m);
  }

  @FunctionalInterface
  interface Read {
    byte[] read() throws Exception;
  }

  /** Every way to read the object: the correct bytes or a DeltaStoreException, nothing else. */
  private List<Read> readers(DeltaStore s, String key) {
    return List.of(
        () -> s.get(key),
        () -> {
          try (InputStream in = s.open(key)) {
            return in.readAllBytes();
          }
        },
        () -> {
          Path out = tmp.resolve("out-" + System.nanoTime());
          s.copyTo(key, out);
          return Files.readAllBytes(out);
        },
        () -> {
          s.copy(key, "copies/" + key.substring(2));
          return s.get("copies/" + key.substring(2));
        });
  }

  /** Returns how many of the reads failed; each failure must be a DeltaStoreException (of type {@code must}, if given). */
  private int checkReads(String key, Class<? extends DeltaStoreException> must, String what) throws Exception {
    // A fresh store each time: nothing cached from an earlier read.
    DeltaStore s = DeltaStore.builder().backend(backend).tempDirectory(spool).build();
    int failed = 0;
    int i = 0;
    for (Read r : readers(s, key)) {
      i++;
      byte[] got;
      try {
        got = r.read();
      } catch (DeltaStoreException e) {
        failed++;
        if (must != null) {
          assertInstanceOf(must, e, what + ", reader " + i + ": " + e);
        }
        continue;
      } catch (Throwable e) {
        throw new AssertionError(what + ", reader " + i + ": not a DeltaStoreException: " + e, e);
      }
      if (must != null) {
        fail(what + ", reader " + i + ": returned " + got.length + " bytes instead of failing");
      }
      assertArrayEquals(content.get(key), got, what + ", reader " + i + " returned wrong bytes");
    }
    // Neither these nor listing, stats or verify may throw anything unchecked.
    s.head(key);
    s.listAll("h/");
    s.stats("");
    s.verify("h/");
    try (var files = Files.list(spool)) {
      assertEquals(0, files.count(), what + ": temp files cleaned up");
    }
    return failed;
  }

  @Test
  void missingOrGarbledDigestIsAnIntegrityError() throws Exception {
    for (String key : raw.keySet()) {
      String sha = backend.head(raw.get(key)).orElseThrow().metadata().get("dg-file-sha256");
      for (String bad : new String[] {null, "", "zz", sha.substring(1), sha + "0", "g" + sha.substring(1),
          Sha256.of(TXT, 1, 100), "0".repeat(64), "../../etc/passwd"}) {
        setMeta(raw.get(key), "dg-file-sha256", bad);
        assertEquals(4, checkReads(key, IntegrityException.class, key + " with dg-file-sha256=" + bad));
      }
      setMeta(raw.get(key), "dg-file-sha256", sha.toUpperCase(java.util.Locale.ROOT));
      assertEquals(0, checkReads(key, null, key + " with an upper-case digest"));
      setMeta(raw.get(key), "dg-file-sha256", sha);
    }
  }

  @Test
  void unparseableSizesAreTreatedAsUnknownAndTheDigestStillDecides() throws Exception {
    for (String key : raw.keySet()) {
      for (String bad : new String[] {null, "", "-5", "-0", "abc", " 12", "1e3", "0x10", "+60000", "12.0",
          "9999999999999999999", "99999999999999999999999", "18446744073709551616"}) {
        setMeta(raw.get(key), "dg-file-size", bad);
        checkReads(key, null, key + " with dg-file-size=" + bad);
      }
      setMeta(raw.get(key), "dg-file-size", String.valueOf(content.get(key).length));
    }
  }

  @Test
  void aSizeThatDisagreesWithTheObjectIsAnErrorAndNeverAHugeAllocation() throws Exception {
    for (String key : raw.keySet()) {
      int real = content.get(key).length;
      for (long bad : new long[] {0, 1, real / 2, real - 1}) {
        setMeta(raw.get(key), "dg-file-size", String.valueOf(bad));
        assertEquals(4, checkReads(key, IntegrityException.class, key + " with dg-file-size=" + bad + " < " + real));
      }
      // Larger than the object, up to sizes whose buffer alone would not fit in this heap.
      for (long bad : new long[] {real + 1L, 900_000_000L, 1_500_000_000L, Integer.MAX_VALUE - 8L, 3_000_000_000L,
          Long.MAX_VALUE}) {
        setMeta(raw.get(key), "dg-file-size", String.valueOf(bad));
        assertEquals(4, checkReads(key, null, key + " with dg-file-size=" + bad + " > " + real));
      }
      setMeta(raw.get(key), "dg-file-size", String.valueOf(real));
      assertEquals(0, checkReads(key, null, key + " restored"));
    }
  }

  /** A 3 KB delta that expands to 4 GiB of zeros: 256 windows each a 16 MiB RUN. */
  static byte[] bomb() {
    RawDelta d = RawDelta.header(0, 0);
    int window = 16 << 20;
    byte[] inst = new byte[1 + RawDelta.varintBytes(window).length];
    inst[0] = 0; // RUN with its size in the instruction stream
    System.arraycopy(RawDelta.varintBytes(window), 0, inst, 1, inst.length - 1);
    for (int i = 0; i < 256; i++) {
      d.window(0, 0, 0, window, 0, new byte[] {0}, inst, new byte[0], -1);
    }
    return d.toByteArray();
  }

  @Test
  void aDecompressionBombIsStoppedAtTheDeclaredSize() throws Exception {
    byte[] bomb = bomb();
    assertTrue(bomb.length < 8192, "bomb " + bomb.length);
    Map<String, String> meta = new HashMap<>(backend.head("h/b.zip.delta").orElseThrow().metadata());
    backend.put("h/b.zip.delta", Payload.of(bomb), meta);
    long t0 = System.nanoTime();
    assertEquals(4, checkReads("h/b.zip", IntegrityException.class, "bomb declared as " + V2.length + " bytes"));
    // With no usable size, the policy's object size limit bounds the expansion instead.
    setMeta("h/b.zip.delta", "dg-file-size", null);
    DeltaStore capped = DeltaStore.builder().backend(backend).tempDirectory(spool)
        .policy(DeltaPolicy.builder().maxObjectSize(40 << 20).build()).build();
    for (Read r : readers(capped, "h/b.zip")) {
      try {
        r.read();
        fail("the bomb decoded");
      } catch (DeltaStoreException expected) {
        assertNotNull(expected.getMessage());
      }
    }
    assertTrue(System.nanoTime() - t0 < 60_000_000_000L, "stopped early, not after 4 GiB");
    try (var files = Files.list(spool)) {
      assertEquals(0, files.count());
    }
  }

  @Test
  void aGarbledOrWrongReferenceDigestNeverYieldsWrongBytes() throws Exception {
    for (String bad : new String[] {"", "zz", "0".repeat(64), Sha256.of(V2, 0, V2.length)}) {
      setMeta("h/b.zip.delta", "dg-ref-sha256", bad);
      checkReads("h/b.zip", null, "dg-ref-sha256=" + bad);
    }
    setMeta("h/b.zip.delta", "dg-ref-sha256", "0".repeat(64));
    assertEquals(4, checkReads("h/b.zip", IntegrityException.class, "a well-formed but wrong dg-ref-sha256"));
    // The reference's own digest is checked when a put loads it.
    setMeta("h/reference.bin", "dg-file-sha256", "1".repeat(64));
    DeltaStore fresh = DeltaStore.builder().backend(backend).build();
    try {
      fresh.put("h/d.zip", V2);
      fail("a put encoded against a reference that does not match its digest");
    } catch (IntegrityException expected) {
      assertFalse(backend.head("h/d.zip.delta").isPresent());
    }
  }
}
