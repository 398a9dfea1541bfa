package io.deltaglider.storage.fs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deltaglider.spi.BlobInfo;
import io.deltaglider.DeltaStore;
import io.deltaglider.ObjectInfo;
import io.deltaglider.ObjectSummary;
import io.deltaglider.vcdiff.testing.Xdelta3;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A data directory laid out exactly as the DeltaGlider proxy's filesystem backend writes one
 * bucket ({@code <data>/<bucket>/deltaspaces/...}, src/storage/filesystem.rs): {@code reference.bin},
 * {@code <name>.delta} made by the xdelta3 binary the way the proxy calls it ({@code -e -D -s BASE},
 * default level and LZMA secondary), passthrough files under their own names, and in
 * {@code user.dg.metadata} the proxy's {@code FileMetadata} as serde_json writes it (src/types.rs:
 * bare field names in declaration order, u64 sizes as numbers, a required {@code md5}, a nested
 * {@code user_metadata} object, the flattened {@code note} tag; a reference named
 * {@code __reference__} with the full key as {@code source_name}; an older {@code direct} note).
 * Opened as our store's root, every object reads back byte for byte with its metadata, and what we
 * add to the directory is again what the proxy deserializes.
 */
class ProxyLayoutTest {
  @TempDir Path dir;

  private static String hex(String alg, byte[] b) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance(alg).digest(b));
  }

  private static void xattr(Path file, String json) throws Exception {
    UserDefinedFileAttributeView v = Files.getFileAttributeView(file, UserDefinedFileAttributeView.class);
    v.write("dg.metadata", ByteBuffer.wrap(json.getBytes(StandardCharsets.UTF_8)));
  }

  /** The proxy's FileMetadata as serde_json writes it (field order as declared, "note" tag flattened in). */
  private static String common(String name, byte[] original, String note) throws Exception {
    return "{\"tool\":\"deltaglider/0.4.2\",\"original_name\":\"" + name + "\",\"file_sha256\":\""
        + hex("SHA-256", original) + "\",\"file_size\":" + original.length + ",\"md5\":\"" + hex("MD5", original)
        + "\",\"created_at\":\"2025-03-01T12:00:00.123456789Z\",\"content_type\":\"application/zip\","
        + "\"user_metadata\":{\"build\":\"1234\",\"owner\":\"ci\"},\"note\":\"" + note + "\"";
  }

  /** Writes one deltaspace: reference from the first version, a delta per version, plus a passthrough. */
  private void deltaspace(Path ds, String prefix, List<byte[]> versions, List<String> names, Path work)
      throws Exception {
    Files.createDirectories(ds);
    Path ref = Files.write(ds.resolve("reference.bin"), versions.get(0));
    xattr(ref, common("__reference__", versions.get(0), "reference") + ",\"source_name\":\"" + prefix + names.get(0) + "\"}");
    for (int i = 0; i < versions.size(); i++) {
      byte[] delta = Xdelta3.encode(work, versions.get(0), versions.get(i), "-D");
      Path d = Files.write(ds.resolve(names.get(i) + ".delta"), delta);
      xattr(d, common(names.get(i), versions.get(i), "delta") + ",\"ref_path\":\"reference.bin\",\"ref_sha256\":\""
          + hex("SHA-256", versions.get(0)) + "\",\"delta_size\":" + delta.length
          + ",\"delta_cmd\":\"xdelta3 -e -9 -s reference.bin " + names.get(i) + " " + names.get(i) + ".delta\"}");
    }
  }

  @Test
  void readsADataDirectoryWrittenByTheProxy() throws Exception {
    Xdelta3.require();
    Path work = Files.createDirectories(dir.resolve("work"));
    Path root = dir.resolve("data/default/deltaspaces");
    Random rnd = new Random(5);
    byte[] v1 = new byte[300_000];
    rnd.nextBytes(v1);
    List<byte[]> versions = new ArrayList<>();
    versions.add(v1);
    for (int i = 0; i < 2; i++) {
      byte[] v = v1.clone();
      byte[] patch = new byte[2000];
      rnd.nextBytes(patch);
      System.arraycopy(patch, 0, v, 1000 + 50_000 * i, patch.length);
      versions.add(v);
    }
    List<String> names = List.of("app-1.0.zip", "app-1.1.zip", "app-1.2.zip");
    deltaspace(root.resolve("releases/app"), "releases/app/", versions, names, work);
    deltaspace(root, "", versions.subList(0, 2), List.of("top-1.0.zip", "top-1.1.zip"), work); // root deltaspace

    byte[] notes = "release notes\n".getBytes(StandardCharsets.UTF_8);
    Path n = Files.write(root.resolve("releases/app/notes.txt"), notes);
    xattr(n, common("notes.txt", notes, "passthrough") + "}");
    byte[] old = "an older proxy said direct\n".getBytes(StandardCharsets.UTF_8);
    Path o = Files.write(root.resolve("releases/app/old.txt"), old);
    xattr(o, common("old.txt", old, "direct") + "}");

    try (FileSystemBackend backend = FileSystemBackend.builder(root)
            .metadataStorage(FileSystemBackend.MetadataStorage.XATTR).build();
        DeltaStore store = DeltaStore.builder().backend(backend).build()) {
      assertEquals(List.of(), backend.problemsAtOpen());
      BlobInfo raw = backend.head("releases/app/app-1.1.zip.delta").orElseThrow();
      assertEquals(String.valueOf(versions.get(1).length), raw.metadata().get("dg-file-size"));
      assertEquals(hex("MD5", versions.get(1)), raw.metadata().get("dg-md5"));
      assertEquals("ci", raw.metadata().get("dg-user-owner"));
      ObjectInfo info = store.head("releases/app/app-1.1.zip");
      assertEquals(Map.of("build", "1234", "owner", "ci"), info.userMetadata());
      assertEquals("application/zip", info.contentType());
      assertEquals(Instant.parse("2025-03-01T12:00:00.123456789Z"), info.createdAt());

      for (int i = 0; i < names.size(); i++) {
        assertArrayEquals(versions.get(i), store.get("releases/app/" + names.get(i)), names.get(i));
      }
      assertArrayEquals(versions.get(0), store.get("top-1.0.zip"));
      assertArrayEquals(versions.get(1), store.get("top-1.1.zip"));
      assertArrayEquals(notes, store.get("releases/app/notes.txt"));
      assertArrayEquals(old, store.get("releases/app/old.txt"));
      Path copy = dir.resolve("copy.zip");
      store.copyTo("releases/app/app-1.2.zip", copy);
      assertArrayEquals(versions.get(2), Files.readAllBytes(copy));

      List<String> keys = new ArrayList<>();
      for (ObjectSummary s : store.listAll("")) {
        keys.add(s.key());
      }
      assertEquals(List.of("releases/app/app-1.0.zip", "releases/app/app-1.1.zip", "releases/app/app-1.2.zip",
          "releases/app/notes.txt", "releases/app/old.txt", "top-1.0.zip", "top-1.1.zip"), keys);

      // Ours beside the proxy's, against its reference: again what the proxy reads.
      byte[] v3 = versions.get(2).clone();
      v3[7] ^= 1;
      store.put("releases/app/app-1.3.zip", v3);
      store.put("releases/app/more.txt", notes);
      assertArrayEquals(v3, store.get("releases/app/app-1.3.zip"));
    }
    Map<String, ObjectNode> view = ProxyReadableTest.proxyView(root);
    assertEquals(11, view.size(), view.keySet().toString());
    ObjectNode ours = view.get("releases/app/app-1.3.zip.delta");
    assertEquals(hex("SHA-256", versions.get(0)), ours.get("ref_sha256").textValue());
    assertEquals("passthrough", view.get("releases/app/more.txt").get("note").textValue());
    assertEquals("direct", view.get("releases/app/old.txt").get("note").textValue()); // read, never rewritten
  }
}
