package io.deltaglider.storage.s3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deltaglider.DeltaStore;
import io.deltaglider.ObjectSummary;
import io.deltaglider.PutResult;
import io.deltaglider.StoredForm;
import io.deltaglider.vcdiff.testing.Xdelta3;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Interoperability with buckets of the DeltaGlider Python tool (FORMAT.md sections 2, 6.2 and 8): a bucket it
 * would have written, made here with the raw S3 client and real {@code xdelta3 -e -9} deltas (LZMA
 * secondary compression), reads back byte-exact through {@link DeltaStore} on {@link S3Backend};
 * and what the store writes has the keys and {@code x-amz-meta-dg-*} metadata that tool reads, with
 * deltas xdelta3 itself decodes.
 */
class S3DeltaGliderBucketTest {
  private static S3Fixture server;
  @TempDir Path tmp;

  @BeforeAll
  static void startServer() throws Exception {
    server = new S3Fixture();
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  private static String sha256(byte[] b) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
  }

  /** A release-like artifact: mostly stable bytes with version-specific edits. */
  private static byte[] artifact(int version) {
    byte[] base = new byte[300_000];
    new Random(42).nextBytes(base);
    Random edits = new Random(version);
    for (int i = 0; i < 20 * version; i++) {
      int at = edits.nextInt(base.length - 64);
      byte[] patch = ("v" + version + " build " + i).getBytes(StandardCharsets.UTF_8);
      System.arraycopy(patch, 0, base, at, patch.length);
    }
    return base;
  }

  private void rawPut(String bucket, String key, byte[] body, Map<String, String> meta) {
    server.raw().putObject(r -> r.bucket(bucket).key(key).metadata(meta), RequestBody.fromBytes(body));
  }

  private Map<String, String> rawMeta(String bucket, String key) {
    return server.raw().headObject(r -> r.bucket(bucket).key(key)).metadata();
  }

  private byte[] rawGet(String bucket, String key) {
    ResponseBytes<GetObjectResponse> b = server.raw().getObjectAsBytes(r -> r.bucket(bucket).key(key));
    return b.asByteArray();
  }

  @Test
  void readsABucketWrittenByTheDeltaGliderPythonTool() throws Exception {
    Xdelta3.require();
    String bucket = server.newBucket();
    String ds = "releases/app";
    byte[] v10 = artifact(1);
    byte[] v11 = artifact(2);
    byte[] v12 = artifact(3);
    byte[] notes = "release notes, stored whole\n".getBytes(StandardCharsets.UTF_8);
    String refSha = sha256(v10);

    Map<String, String> ref = new LinkedHashMap<>();
    ref.put("dg-tool", "deltaglider/0.3.2");
    ref.put("dg-source-name", "app-1.0.zip");
    ref.put("dg-file-sha256", refSha);
    ref.put("dg-file-size", String.valueOf(v10.length));
    ref.put("dg-created-at", "2025-06-01T12:00:00Z");
    ref.put("dg-note", "reference");
    rawPut(bucket, ds + "/reference.bin", v10, ref);

    String[] names = {"app-1.0.zip", "app-1.1.zip", "app-1.2.zip"};
    byte[][] versions = {v10, v11, v12};
    for (int i = 0; i < names.length; i++) {
      // As the tool runs it: xdelta3 -e -f -9 -s reference.bin FILE FILE.delta (LZMA secondary).
      byte[] delta = Xdelta3.encode(tmp, v10, versions[i], "-9");
      assertEquals(2, delta[5], "VCD_SECONDARY with LZMA (id 2), as Debian's xdelta3 writes by default");
      Map<String, String> m = new LinkedHashMap<>();
      m.put("dg-tool", "deltaglider/0.3.2");
      m.put("dg-original-name", names[i]);
      m.put("dg-file-sha256", sha256(versions[i]));
      m.put("dg-file-size", String.valueOf(versions[i].length));
      m.put("dg-created-at", "2025-06-0" + (i + 1) + "T12:00:00Z");
      m.put("dg-note", "delta");
      m.put("dg-ref-key", ds + "/reference.bin");
      m.put("dg-ref-sha256", refSha);
      m.put("dg-delta-size", String.valueOf(delta.length));
      m.put("dg-delta-cmd", "xdelta3 -e -9 -s reference.bin " + names[i] + " " + names[i] + ".delta");
      rawPut(bucket, ds + "/" + names[i] + ".delta", delta, m);
    }
    Map<String, String> pass = new LinkedHashMap<>();
    pass.put("dg-tool", "deltaglider/0.3.2");
    pass.put("dg-original-name", "NOTES.txt");
    pass.put("dg-file-sha256", sha256(notes));
    pass.put("dg-file-size", String.valueOf(notes.length));
    pass.put("dg-created-at", "2025-06-01T12:00:00Z");
    pass.put("dg-note", "passthrough");
    pass.put("dg-compression", "none");
    rawPut(bucket, ds + "/NOTES.txt", notes, pass);

    try (DeltaStore store = DeltaStore.builder().backend(server.backend().bucket(bucket).build()).build()) {
      for (int i = 0; i < names.length; i++) {
        assertArrayEquals(versions[i], store.get(ds + "/" + names[i]), names[i]);
      }
      assertArrayEquals(notes, store.get(ds + "/NOTES.txt"));
      List<String> listed = new ArrayList<>();
      for (ObjectSummary o : store.listAll(ds + "/")) {
        listed.add(o.key());
      }
      assertEquals(List.of(ds + "/NOTES.txt", ds + "/app-1.0.zip", ds + "/app-1.1.zip", ds + "/app-1.2.zip"), listed);

      // A new version written by us into the tool's deltaspace: a delta against its reference,
      // laid out and described the way the tool reads it, and decodable by xdelta3 itself.
      byte[] v13 = artifact(4);
      PutResult put = store.put(ds + "/app-1.3.zip", v13);
      assertEquals(StoredForm.DELTA, put.form());
      Map<String, String> m = rawMeta(bucket, ds + "/app-1.3.zip.delta");
      assertEquals(sha256(v13), m.get("dg-file-sha256"));
      assertEquals(ds + "/reference.bin", m.get("dg-ref-key"));
      assertEquals(refSha, m.get("dg-ref-sha256"));
      assertEquals(String.valueOf(v13.length), m.get("dg-file-size"));
      assertEquals("delta", m.get("dg-note"));
      assertArrayEquals(v13, Xdelta3.decode(tmp, rawGet(bucket, ds + "/reference.bin"),
          rawGet(bucket, ds + "/app-1.3.zip.delta")));
    }
  }

  @Test
  void aNewDeltaspaceIsLaidOutForTheTool() throws Exception {
    Xdelta3.require();
    String bucket = server.newBucket();
    byte[] v1 = artifact(5);
    byte[] v2 = artifact(6);
    try (DeltaStore store = DeltaStore.builder().backend(server.backend().bucket(bucket).build()).build()) {
      store.put("builds/tool/tool-1.0.jar", v1);
      store.put("builds/tool/tool-2.0.jar", v2);
    }
    List<String> keys = server.raw().listObjectsV2(r -> r.bucket(bucket)).contents().stream().map(S3Object::key).toList();
    assertEquals(List.of("builds/tool/reference.bin", "builds/tool/tool-1.0.jar.delta", "builds/tool/tool-2.0.jar.delta"),
        keys);
    Map<String, String> ref = rawMeta(bucket, "builds/tool/reference.bin");
    assertEquals("reference", ref.get("dg-note"));
    assertEquals(sha256(v1), ref.get("dg-file-sha256"));
    assertArrayEquals(v1, rawGet(bucket, "builds/tool/reference.bin"));
    byte[] reference = rawGet(bucket, "builds/tool/reference.bin");
    for (String[] kv : new String[][] {{"tool-1.0.jar", "1"}, {"tool-2.0.jar", "2"}}) {
      Map<String, String> m = rawMeta(bucket, "builds/tool/" + kv[0] + ".delta");
      byte[] expected = kv[1].equals("1") ? v1 : v2;
      assertEquals(sha256(expected), m.get("dg-file-sha256"));
      assertEquals("builds/tool/reference.bin", m.get("dg-ref-key"));
      assertEquals(sha256(v1), m.get("dg-ref-sha256"));
      assertArrayEquals(expected, Xdelta3.decode(tmp, reference, rawGet(bucket, "builds/tool/" + kv[0] + ".delta")));
    }
  }

  @Test
  void twoStoresRacingForANewDeltaspaceMakeOneReference() throws Exception {
    String bucket = server.newBucket();
    int writers = 2;
    int rounds = 4;
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    List<DeltaStore> stores = new ArrayList<>();
    try {
      for (int w = 0; w < writers; w++) {
        // Each store has its own backend and S3 client, as two JVMs would.
        stores.add(DeltaStore.builder().backend(server.backend().bucket(bucket).build()).build());
      }
      for (int round = 0; round < rounds; round++) {
        String ds = "race/r" + round;
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> futures = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
          DeltaStore store = stores.get(w);
          byte[] content = artifact(10 + w);
          String key = ds + "/app-" + w + ".zip";
          futures.add(pool.submit(() -> {
            start.await();
            store.put(key, content);
            return null;
          }));
        }
        start.countDown();
        for (Future<?> f : futures) {
          f.get(60, TimeUnit.SECONDS);
        }
        List<String> refs = new ArrayList<>();
        for (S3Object o : server.raw().listObjectsV2(r -> r.bucket(bucket).prefix(ds + "/")).contents()) {
          if (o.key().endsWith("/reference.bin")) {
            refs.add(o.key());
          }
        }
        assertEquals(List.of(ds + "/reference.bin"), refs);
        for (int w = 0; w < writers; w++) {
          for (DeltaStore reader : stores) {
            assertArrayEquals(artifact(10 + w), reader.get(ds + "/app-" + w + ".zip"));
          }
        }
      }
      assertTrue(stores.get(0).backend().supportsAtomicPutIfAbsent());
    } finally {
      pool.shutdownNow();
      for (DeltaStore s : stores) {
        s.close();
      }
    }
  }
}
