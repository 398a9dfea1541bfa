package io.deltaglider;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deltaglider.spi.BlobInfo;
import io.deltaglider.spi.BlobQuery;
import io.deltaglider.spi.InMemoryBackend;
import io.deltaglider.spi.Payload;
import io.deltaglider.vcdiff.testing.TestData;
import io.deltaglider.vcdiff.testing.Xdelta3;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deltaspaces as the DeltaGlider Python tool and proxy write them (FORMAT.md sections 2, 3.3 and 8.1), with
 * deltas made by the real xdelta3 and metadata in current and legacy spellings, put straight into
 * a backend: the store reads every object byte-exact, and {@code migrate} rewrites legacy
 * spellings without touching bytes.
 */
class LegacyLayoutTest {
  static final byte[] R = TestData.random(21, 150_000);
  static final byte[] V2 = TestData.edited(R, 22, 10, 100, true);
  static final byte[] V3 = TestData.edited(V2, 23, 10, 100, false);
  static final byte[] TXT = TestData.text(24, 20_000);
  static final String CREATED = "2025-06-01T12:00:00Z";

  @TempDir Path tmp;
  final InMemoryBackend backend = new InMemoryBackend();
  /** user key -> expected bytes, for everything written by the old tools. */
  final Map<String, byte[]> expected = new TreeMap<>();

  static String sha(byte[] b) {
    return Sha256.of(b, 0, b.length);
  }

  /** The Python tool: {@code xdelta3 -e -f -9 -s BASE TARGET OUT} (Debian's build: LZMA secondary). */
  byte[] pythonDelta(byte[] base, byte[] target) throws IOException {
    return Xdelta3.encode(tmp, base, target, "-9");
  }

  /** The proxy: {@code xdelta3 -e -D -s BASE -c} with the target on stdin and the delta on stdout. */
  byte[] proxyDelta(byte[] base, byte[] target) throws Exception {
    Xdelta3.require();
    Path b = Files.write(Files.createTempFile(tmp, "base", ".bin"), base);
    Path t = Files.write(Files.createTempFile(tmp, "target", ".bin"), target);
    Path out = tmp.resolve("proxy-" + System.nanoTime() + ".vcdiff");
    Process p = new ProcessBuilder(Xdelta3.find(), "-e", "-D", "-s", b.toString(), "-c")
        .redirectInput(t.toFile()).redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    assertTrue(p.waitFor(120, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue());
    return Files.readAllBytes(out);
  }

  void raw(String key, byte[] bytes, Map<String, String> meta) throws Exception {
    backend.put(key, Payload.of(bytes), meta);
  }

  static Map<String, String> meta(String... kv) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m;
  }

  /** The Python tool, current spellings: dg-ref-key is the reference's full key. */
  void pythonDeltaspace(String ds) throws Exception {
    raw(ds + "/reference.bin", R, meta("dg-tool", "deltaglider/0.4.2", "dg-source-name", "app-1.0.zip",
        "dg-file-sha256", sha(R), "dg-file-size", "" + R.length, "dg-created-at", CREATED, "dg-note", "reference"));
    int n = 0;
    for (byte[] v : new byte[][] {R, V2, V3}) {
      String name = "app-1." + n++ + ".zip";
      byte[] d = pythonDelta(R, v);
      raw(ds + "/" + name + ".delta", d, meta("dg-tool", "deltaglider/0.4.2", "dg-original-name", name,
          "dg-file-sha256", sha(v), "dg-file-size", "" + v.length, "dg-created-at", CREATED, "dg-note", "delta",
          "dg-ref-key", ds + "/reference.bin", "dg-ref-sha256", sha(R), "dg-delta-size", "" + d.length,
          "dg-delta-cmd", "xdelta3 -e -9 -s reference.bin " + name + " " + name + ".delta"));
      expected.put(ds + "/" + name, v);
    }
    raw(ds + "/notes.txt", TXT, meta("dg-tool", "deltaglider/0.4.2", "dg-original-name", "notes.txt",
        "dg-file-sha256", sha(TXT), "dg-file-size", "" + TXT.length, "dg-created-at", CREATED,
        "dg-note", "passthrough", "dg-compression", "none"));
    expected.put(ds + "/notes.txt", TXT);
  }

  /** The proxy: deltas from stdin/stdout, dg-ref-path relative, no dg-ref-key. */
  void proxyDeltaspace(String ds) throws Exception {
    raw(ds + "/reference.bin", R, meta("dg-tool", "deltaglider-proxy/0.2.0", "dg-source-name", "app-1.0.zip",
        "dg-file-sha256", sha(R), "dg-file-size", "" + R.length, "dg-created-at", CREATED, "dg-note", "reference"));
    int n = 0;
    for (byte[] v : new byte[][] {R, V2, V3}) {
      String name = "app-1." + n++ + ".zip";
      byte[] d = proxyDelta(R, v);
      raw(ds + "/" + name + ".delta", d, meta("dg-tool", "deltaglider-proxy/0.2.0", "dg-original-name", name,
          "dg-file-sha256", sha(v), "dg-file-size", "" + v.length, "dg-created-at", CREATED, "dg-note", "delta",
          "dg-ref-path", "reference.bin", "dg-ref-sha256", sha(R), "dg-delta-size", "" + d.length));
      expected.put(ds + "/" + name, v);
    }
    raw(ds + "/notes.txt", TXT, meta("dg-tool", "deltaglider-proxy/0.2.0", "dg-original-name", "notes.txt",
        "dg-file-sha256", sha(TXT), "dg-file-size", "" + TXT.length, "dg-created-at", CREATED, "dg-note", "passthrough"));
    expected.put(ds + "/notes.txt", TXT);
  }

  /** Older releases: bare names, zero-diff and direct notes. */
  void bareLegacyDeltaspace(String ds) throws Exception {
    raw(ds + "/reference.bin", R, meta("tool", "deltaglider/0.1.0", "source_name", "app-1.0.zip",
        "file_sha256", sha(R), "file_size", "" + R.length, "created_at", CREATED, "note", "reference"));
    byte[] zero = pythonDelta(R, R);
    raw(ds + "/app-1.0.zip.delta", zero, meta("tool", "deltaglider/0.1.0", "original_name", "app-1.0.zip",
        "file_sha256", sha(R), "file_size", "" + R.length, "created_at", CREATED, "note", "zero-diff (reference file)",
        "ref_key", ds + "/reference.bin", "ref_sha256", sha(R), "delta_size", "" + zero.length));
    expected.put(ds + "/app-1.0.zip", R);
    byte[] d = proxyDelta(R, V2);
    raw(ds + "/app-1.1.zip.delta", d, meta("tool", "deltaglider/0.1.0", "original_name", "app-1.1.zip",
        "file_sha256", sha(V2), "file_size", "" + V2.length, "created_at", CREATED, "note", "delta",
        "ref_key", ds + "/reference.bin", "ref_sha256", sha(R)));
    expected.put(ds + "/app-1.1.zip", V2);
    raw(ds + "/notes.txt", TXT, meta("tool", "deltaglider/0.1.0", "original_name", "notes.txt",
        "file_sha256", sha(TXT), "file_size", "" + TXT.length, "note", "direct", "compression", "none"));
    expected.put(ds + "/notes.txt", TXT);
  }

  /** Underscored dg_ names and mixed case, as some proxy builds kept them in their JSON. */
  void underscoreDeltaspace(String ds) throws Exception {
    raw(ds + "/reference.bin", R, meta("dg_tool", "deltaglider-proxy/0.1.0", "dg_source_name", "app-1.0.zip",
        "dg_file_sha256", sha(R), "dg_file_size", "" + R.length, "dg_note", "reference"));
    byte[] d = pythonDelta(R, V3);
    raw(ds + "/app-1.2.zip.delta", d, meta("dg_tool", "deltaglider-proxy/0.1.0", "Dg-File-Sha256", sha(V3),
        "dg_file_size", "" + V3.length, "dg_note", "delta", "dg_ref_path", "reference.bin", "DG_REF_SHA256", sha(R)));
    expected.put(ds + "/app-1.2.zip", V3);
    raw(ds + "/notes.txt", TXT, meta("dg_file_sha256", sha(TXT), "dg_file_size", "" + TXT.length, "dg_note", "direct",
        "dg_compression", "none"));
    expected.put(ds + "/notes.txt", TXT);
  }

  @BeforeEach
  void layout() throws Exception {
    Xdelta3.require();
    pythonDeltaspace("py/app");
    proxyDeltaspace("proxy/app");
    bareLegacyDeltaspace("old/app");
    underscoreDeltaspace("under/app");
    // What the xdelta3 deltas are: VCDIFF with LZMA secondary compression from -9 (Debian's build).
    byte[] d = backend.get("py/app/app-1.1.zip.delta").readAllBytes();
    assertEquals(0xD6, d[0] & 0xFF);
    assertTrue((d[4] & 0x01) != 0, "secondary compressor in the header: " + (d[4] & 0xFF));
    assertEquals(2, d[5], "secondary compressor id 2 (LZMA)");
  }

  private void assertEverythingReads(DeltaStore store) throws Exception {
    for (Map.Entry<String, byte[]> e : expected.entrySet()) {
      String key = e.getKey();
      assertArrayEquals(e.getValue(), store.get(key), key);
      try (InputStream in = store.open(key)) {
        assertArrayEquals(e.getValue(), in.readAllBytes(), key);
      }
      Path out = tmp.resolve("restored");
      store.copyTo(key, out);
      assertArrayEquals(e.getValue(), Files.readAllBytes(out), key);
      ObjectInfo info = store.head(key);
      assertEquals(e.getValue().length, info.size(), key);
      assertEquals(sha(e.getValue()), info.sha256(), key);
      assertEquals(key.endsWith(".txt") ? StoredForm.PASSTHROUGH : StoredForm.DELTA, info.form(), key);
    }
    assertEquals(List.copyOf(expected.keySet()),
        store.listAll("").stream().map(ObjectSummary::key).collect(Collectors.toList()));
    for (ObjectSummary s : store.listAll("")) {
      assertEquals(expected.get(s.key()).length, s.size(), s.key());
    }
    VerifyReport report = store.verify("");
    assertTrue(report.ok(), report.failures().toString());
    assertEquals(expected.size(), report.verified().size());
    assertEquals(expected.values().stream().mapToLong(b -> b.length).sum(), store.stats("").originalBytes());
  }

  @Test
  void readsEveryLayoutAndSpellingByteExact() throws Exception {
    assertEverythingReads(DeltaStore.builder().backend(backend).build());
    // Through temp files and without a cache, too.
    Path spool = Files.createDirectory(tmp.resolve("spool"));
    assertEverythingReads(DeltaStore.builder().backend(backend).memoryThreshold(4096).referenceCacheBytes(0)
        .tempDirectory(spool).build());
    try (var files = Files.list(spool)) {
      assertEquals(0, files.count());
    }
  }

  private Map<String, byte[]> rawBytes() throws Exception {
    Map<String, byte[]> out = new TreeMap<>();
    for (BlobInfo b : backend.list(BlobQuery.under("")).objects()) {
      try (InputStream in = backend.get(b.key())) {
        out.put(b.key(), in.readAllBytes());
      }
    }
    return out;
  }

  private Map<String, Map<String, String>> rawMetadata() throws Exception {
    Map<String, Map<String, String>> out = new TreeMap<>();
    for (BlobInfo b : backend.list(BlobQuery.under("")).objects()) {
      out.put(b.key(), backend.head(b.key()).orElseThrow().metadata());
    }
    return out;
  }

  @Test
  void migrateRewritesLegacySpellingsWithoutTouchingBytes() throws Exception {
    DeltaStore store = DeltaStore.builder().backend(backend).build();
    Map<String, byte[]> bytesBefore = rawBytes();
    Map<String, Map<String, String>> before = rawMetadata();
    long legacyObjects = before.keySet().stream().filter(k -> k.startsWith("old/") || k.startsWith("under/")).count();
    assertEquals(legacyObjects, store.upgradeMetadata(""));
    Map<String, Map<String, String>> after = rawMetadata();
    Map<String, byte[]> bytesAfter = rawBytes();
    assertEquals(bytesBefore.keySet(), bytesAfter.keySet());
    bytesBefore.forEach((k, v) -> assertArrayEquals(v, bytesAfter.get(k), k + " bytes untouched"));
    for (Map.Entry<String, Map<String, String>> e : after.entrySet()) {
      String key = e.getKey();
      Map<String, String> m = e.getValue();
      if (key.startsWith("py/") || key.startsWith("proxy/")) {
        assertEquals(before.get(key), m, key + ": current spellings are left alone");
        continue;
      }
      for (String name : m.keySet()) {
        assertTrue(name.startsWith("dg-") && name.equals(name.toLowerCase(java.util.Locale.ROOT)) && !name.contains("_"),
            key + ": " + name);
      }
      assertTrue(List.of("reference", "delta", "passthrough").contains(m.get("dg-note")), key + ": " + m.get("dg-note"));
      // Every value survives under its current name.
      Map<String, String> old = new HashMap<>();
      before.get(key).forEach((n, v) -> {
        String c = n.toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        old.put(c.startsWith("dg-") ? c : "dg-" + c, v);
      });
      for (Map.Entry<String, String> o : old.entrySet()) {
        if (!o.getKey().equals("dg-note")) {
          assertEquals(o.getValue(), m.get(o.getKey()), key + ": " + o.getKey());
        }
      }
    }
    assertEquals("delta", after.get("old/app/app-1.0.zip.delta").get("dg-note"));
    assertEquals("passthrough", after.get("old/app/notes.txt").get("dg-note"));
    assertEquals("none", after.get("old/app/notes.txt").get("dg-compression"));
    assertEquals("old/app/reference.bin", after.get("old/app/app-1.1.zip.delta").get("dg-ref-key"));
    assertEquals(0, store.upgradeMetadata(""), "a second run has nothing to do");
    assertEverythingReads(DeltaStore.builder().backend(backend).build());
  }

  @Test
  void newObjectsInOldDeltaspacesUseTheirReferenceAndXdelta3ReadsThem() throws Exception {
    DeltaStore store = DeltaStore.builder().backend(backend).build();
    byte[] v4 = TestData.edited(V3, 25, 6, 60, false);
    for (String ds : List.of("py/app", "proxy/app", "old/app", "under/app")) {
      PutResult r = store.put(ds + "/app-2.0.zip", v4);
      assertEquals(StoredForm.DELTA, r.form(), ds);
      assertFalse(r.createdReference(), ds);
      assertArrayEquals(R, backend.get(ds + "/reference.bin").readAllBytes(), ds + ": the old reference stays");
      byte[] delta = backend.get(ds + "/app-2.0.zip.delta").readAllBytes();
      assertArrayEquals(v4, Xdelta3.decode(tmp, R, delta), ds + ": xdelta3 -d reads our delta");
      assertArrayEquals(v4, store.get(ds + "/app-2.0.zip"));
      expected.put(ds + "/app-2.0.zip", v4);
    }
    assertEverythingReads(store);
  }

  @Test
  void aDeltaPointingOutsideItsDeltaspaceIsNotFollowed() throws Exception {
    byte[] other = TestData.random(26, 150_000);
    byte[] y = TestData.edited(other, 27, 5, 50, false);
    raw("evil/other/reference.bin", other, meta("dg-file-sha256", sha(other), "dg-file-size", "" + other.length,
        "dg-note", "reference"));
    raw("evil/app/reference.bin", R, meta("dg-file-sha256", sha(R), "dg-file-size", "" + R.length, "dg-note", "reference"));
    // Made against its own reference, but its metadata says it belongs to another deltaspace: a
    // moved file, refused without reading either reference (issue 15, item 3).
    byte[] d1 = pythonDelta(R, V2);
    raw("evil/app/honest.zip.delta", d1, meta("dg-file-sha256", sha(V2), "dg-file-size", "" + V2.length,
        "dg-note", "delta", "dg-ref-key", "evil/other/reference.bin", "dg-ref-path", "../other/reference.bin",
        "dg-ref-sha256", sha(R)));
    // Made against the other deltaspace's reference, and says so: never decoded against it.
    for (String refKey : new String[] {"evil/other/reference.bin", "../other/reference.bin", "/evil/other/reference.bin"}) {
      byte[] d2 = pythonDelta(other, y);
      raw("evil/app/stolen.zip.delta", d2, meta("dg-file-sha256", sha(y), "dg-file-size", "" + y.length,
          "dg-note", "delta", "dg-ref-key", refKey, "dg-ref-path", refKey, "dg-ref-sha256", sha(other)));
      PausingBackend recording = new PausingBackend(backend, 0);
      DeltaStore store = DeltaStore.builder().backend(recording).build();
      IntegrityException moved = assertThrows(IntegrityException.class, () -> store.get("evil/app/honest.zip"));
      assertTrue(moved.getMessage().contains("another deltaspace"), moved.getMessage());
      IntegrityException e = assertThrows(IntegrityException.class, () -> store.get("evil/app/stolen.zip"));
      assertTrue(e.getMessage().contains("another deltaspace") || sha(other).equals(e.expectedSha256()), e.getMessage());
      assertFalse(recording.gets.contains("evil/other/reference.bin"), refKey + ": " + recording.gets);
      assertFalse(store.verify("evil/app/").ok());
    }
  }
}
