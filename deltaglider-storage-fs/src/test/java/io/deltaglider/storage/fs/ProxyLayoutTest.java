package io.deltaglider.storage.fs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.deltaglider.BlobInfo;
import io.deltaglider.DeltaStore;
import io.deltaglider.ObjectSummary;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A data directory laid out exactly as the DeltaGlider proxy's filesystem backend writes one
 * bucket ({@code <data>/<bucket>/deltaspaces/...}): {@code reference.bin}, {@code <name>.delta}
 * made by the xdelta3 binary the way the proxy calls it ({@code -e -D -s BASE}, default level and
 * LZMA secondary), passthrough files under their own names, and the proxy's metadata JSON (bare
 * field names, numbers for sizes, a nested {@code user_metadata} object, a {@code direct} note) in
 * {@code user.dg.metadata}. Opened as our store's root, every object reads back byte for byte.
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

  private static byte[] xdelta3(Path source, byte[] target, Path work) throws Exception {
    Path t = Files.write(work.resolve("target-" + System.nanoTime()), target);
    Path out = work.resolve("delta-" + System.nanoTime());
    Process p = new ProcessBuilder("xdelta3", "-e", "-D", "-f", "-s", source.toString(), t.toString(), out.toString())
        .redirectErrorStream(true).start();
    String msg = new String(p.getInputStream().readAllBytes());
    assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "xdelta3 failed: " + msg);
    return Files.readAllBytes(out);
  }

  private static boolean hasXdelta3() {
    try {
      Process p = new ProcessBuilder("xdelta3", "-V").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      return false;
    }
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
    xattr(ref, common(names.get(0), versions.get(0), "reference") + ",\"source_name\":\"" + prefix + names.get(0) + "\"}");
    for (int i = 0; i < versions.size(); i++) {
      byte[] delta = xdelta3(ref, versions.get(i), work);
      Path d = Files.write(ds.resolve(names.get(i) + ".delta"), delta);
      xattr(d, common(names.get(i), versions.get(i), "delta") + ",\"ref_path\":\"reference.bin\",\"ref_sha256\":\""
          + hex("SHA-256", versions.get(0)) + "\",\"delta_size\":" + delta.length
          + ",\"delta_cmd\":\"xdelta3 -e -D -s reference.bin -c\"}");
    }
  }

  @Test
  void readsADataDirectoryWrittenByTheProxy() throws Exception {
    if ("1".equals(System.getenv("DELTAGLIDER_REQUIRE_XDELTA3"))) {
      assertTrue(hasXdelta3(), "xdelta3 is required (DELTAGLIDER_REQUIRE_XDELTA3=1) but not installed");
    }
    assumeTrue(hasXdelta3(), "xdelta3 is not installed");
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
      assertTrue(backend.leftovers().isEmpty(), backend.leftovers().toString());
      BlobInfo raw = backend.head("releases/app/app-1.1.zip.delta").orElseThrow();
      assertEquals(String.valueOf(versions.get(1).length), raw.metadata().get("file_size"));
      assertEquals("ci", raw.metadata().get("user_metadata.owner"));

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
    }
  }
}
