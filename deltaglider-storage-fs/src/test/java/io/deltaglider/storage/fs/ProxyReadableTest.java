package io.deltaglider.storage.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deltaglider.DeltaStore;
import io.deltaglider.PutOptions;
import io.deltaglider.vcdiff.testing.TestData;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Objects written through DeltaStore onto this backend carry, in {@code user.dg.metadata}, the JSON
 * the DeltaGlider proxy's filesystem backend deserializes: checked field by field (names, JSON
 * types, required fields, the {@code note} variants) by {@link ProxyDeserializer}, and against the
 * bytes actually stored.
 */
class ProxyReadableTest {
  @TempDir Path dir;

  static final byte[] V1 = TestData.random(21, 150_000);
  static final byte[] V2 = TestData.edited(V1, 22, 10, 100, false);
  static final byte[] TXT = "release notes\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);

  private static String hex(String alg, byte[] b) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance(alg).digest(b));
  }

  static byte[] xattr(Path file) throws Exception {
    UserDefinedFileAttributeView v = Files.getFileAttributeView(file, UserDefinedFileAttributeView.class);
    ByteBuffer b = ByteBuffer.allocate(v.size(XattrMetadata.XATTR_NAME));
    v.read(XattrMetadata.XATTR_NAME, b);
    return b.array();
  }

  /** Every data file under {@code root} (the backend's own files start with a dot), by relative path. */
  static Map<String, ObjectNode> proxyView(Path root) throws Exception {
    Map<String, ObjectNode> out = new TreeMap<>();
    List<Path> files;
    try (Stream<Path> s = Files.walk(root)) {
      files = s.filter(Files::isRegularFile).collect(Collectors.toList());
    }
    for (Path f : files) {
      if (!f.getFileName().toString().startsWith(".")) {
        out.put(root.relativize(f).toString(), ProxyDeserializer.check(xattr(f)));
      }
    }
    return out;
  }

  @Test
  void everyObjectWeWriteIsOneTheProxyDeserializes() throws Exception {
    Path root = dir.resolve("data/default/deltaspaces");
    try (FileSystemBackend backend = FileSystemBackend.builder(root)
            .metadataStorage(FileSystemBackend.MetadataStorage.XATTR).build();
        DeltaStore store = DeltaStore.builder().backend(backend).build()) {
      store.put("releases/app/app-1.0.zip", V1);
      store.put("releases/app/app-1.1.zip", V2,
          PutOptions.contentType("application/zip").withUserMetadata("build", "1234").withUserMetadata("owner", "ci"));
      store.put("releases/app/notes.txt", TXT);
      store.put("releases/app/other.zip", TestData.random(23, 100_000)); // delta does not pay: stored whole
      store.copy("releases/app/app-1.1.zip", "copies/app-1.1.zip");
    }
    Map<String, ObjectNode> view = proxyView(root);
    assertEquals(Set.of("releases/app/reference.bin", "releases/app/app-1.0.zip.delta",
        "releases/app/app-1.1.zip.delta", "releases/app/notes.txt", "releases/app/other.zip",
        "copies/reference.bin", "copies/app-1.1.zip.delta"), view.keySet());

    ObjectNode ref = view.get("releases/app/reference.bin");
    assertEquals("reference", ref.get("note").textValue());
    assertEquals("__reference__", ref.get("original_name").textValue());
    assertEquals("app-1.0.zip", ref.get("source_name").textValue());
    assertEquals(hex("SHA-256", V1), ref.get("file_sha256").textValue());
    assertEquals(hex("MD5", V1), ref.get("md5").textValue());
    assertEquals(V1.length, ref.get("file_size").longValue());

    ObjectNode d = view.get("releases/app/app-1.1.zip.delta");
    assertEquals("delta", d.get("note").textValue());
    assertEquals("app-1.1.zip", d.get("original_name").textValue());
    assertEquals(hex("SHA-256", V2), d.get("file_sha256").textValue());
    assertEquals(hex("MD5", V2), d.get("md5").textValue());
    assertEquals(V2.length, d.get("file_size").longValue());
    assertEquals("reference.bin", d.get("ref_path").textValue());
    assertFalse(d.has("ref_key"));
    assertEquals(hex("SHA-256", V1), d.get("ref_sha256").textValue());
    assertEquals(Files.size(root.resolve("releases/app/app-1.1.zip.delta")), d.get("delta_size").longValue());
    assertEquals("application/zip", d.get("content_type").textValue());
    assertEquals(Map.of("build", "1234", "owner", "ci"),
        Map.of("build", d.get("user_metadata").get("build").textValue(),
            "owner", d.get("user_metadata").get("owner").textValue()));
    assertEquals(2, d.get("user_metadata").size());
    assertEquals(hex("MD5", V1), view.get("releases/app/app-1.0.zip.delta").get("md5").textValue());

    ObjectNode p = view.get("releases/app/notes.txt");
    assertEquals("passthrough", p.get("note").textValue());
    assertEquals(hex("MD5", TXT), p.get("md5").textValue());
    assertEquals("passthrough", view.get("releases/app/other.zip").get("note").textValue());
    ObjectNode copy = view.get("copies/app-1.1.zip.delta");
    assertEquals(hex("MD5", V2), copy.get("md5").textValue());
    assertEquals("1234", copy.get("user_metadata").get("build").textValue());

    // Beyond the proxy's own fields only core's extras, which serde skips: nothing under a dg- name
    // that the proxy has a field for.
    List<String> extras = new ArrayList<>();
    view.values().forEach(o -> o.fieldNames().forEachRemaining(n -> {
      if (!ProxyDeserializer.KNOWN.contains(n)) {
        extras.add(n);
      }
    }));
    assertTrue(Set.of("dg-ref-key", "dg-compression").containsAll(extras), extras.toString());
  }

  @Test
  void theCheckRefusesWhatTheProxyWould() {
    String ok = "{\"tool\":\"t\",\"original_name\":\"a.zip\",\"file_sha256\":\"s\",\"file_size\":3,\"md5\":\"m\","
        + "\"created_at\":\"2026-01-01T00:00:00Z\",\"note\":\"delta\",\"ref_path\":\"reference.bin\","
        + "\"ref_sha256\":\"r\",\"delta_size\":2,\"delta_cmd\":\"c\"";
    ProxyDeserializer.check((ok + "}").getBytes(java.nio.charset.StandardCharsets.UTF_8));
    for (String bad : new String[] {
        "{\"dg-tool\":\"t\",\"dg-file-size\":\"3\",\"dg-note\":\"passthrough\"}", // our older JSON
        ok.replace("\"file_size\":3", "\"file_size\":\"3\"") + "}",
        ok.replace("\"md5\":\"m\",", "") + "}",
        ok.replace("\"delta_size\":2", "\"delta_size\":-2") + "}",
        ok + ",\"ref_key\":\"a/reference.bin\"}",
        ok.replace("\"note\":\"delta\"", "\"note\":\"zero-diff\"") + "}",
        ok.replace("2026-01-01T00:00:00Z", "yesterday") + "}",
        ok + ",\"tool\":\"again\"}"}) {
      org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class,
          () -> ProxyDeserializer.check(bad.getBytes(java.nio.charset.StandardCharsets.UTF_8)), bad);
    }
  }

  @Test
  void sidecarsHoldTheSameSchema() throws Exception {
    Path root = dir.resolve("sidecar");
    try (FileSystemBackend backend = FileSystemBackend.builder(root)
            .metadataStorage(FileSystemBackend.MetadataStorage.SIDECAR).build();
        DeltaStore store = DeltaStore.builder().backend(backend).build()) {
      store.put("a/app-1.0.zip", V1);
      store.put("a/app-1.1.zip", V2);
    }
    String text = Files.readString(root.resolve("a/.app-1.1.zip.delta" + KeyPaths.OWN + "dg-meta"));
    String json = text.split("\n")[1].split(" ", 5)[4];
    ObjectNode d = ProxyDeserializer.check(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertEquals(hex("MD5", V2), d.get("md5").textValue());
  }
}
