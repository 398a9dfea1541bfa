package io.deltaglider.storage.fs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deltaglider.spi.BlobInfo;
import io.deltaglider.DeltaStore;
import io.deltaglider.PutOptions;
import io.deltaglider.vcdiff.testing.TestData;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.EnumSource.Mode;

/**
 * Directories written before the proxy's schema, when our JSON held core's {@code dg-*} names as
 * they are ({@code "dg-file-size":"1234"}), in extended attributes or in sidecars, still open and
 * read with the same metadata.
 */
class OlderFormatTest {
  @org.junit.jupiter.api.io.TempDir Path dir;

  static final byte[] V1 = TestData.random(31, 120_000);
  static final byte[] V2 = TestData.edited(V1, 32, 10, 100, false);
  static final byte[] TXT = "notes\n".getBytes(StandardCharsets.UTF_8);

  /** What the previous version wrote for the metadata it was given: the map as JSON, names untouched. */
  private static byte[] older(byte[] currentJson) {
    return MetadataJson.write(ProxySchema.fromJson(MetadataJson.read(currentJson)));
  }

  private static void rewriteXattr(Path file) throws Exception {
    UserDefinedFileAttributeView v = Files.getFileAttributeView(file, UserDefinedFileAttributeView.class);
    ByteBuffer b = ByteBuffer.allocate(v.size(XattrMetadata.XATTR_NAME));
    v.read(XattrMetadata.XATTR_NAME, b);
    v.write(XattrMetadata.XATTR_NAME, ByteBuffer.wrap(older(b.array())));
  }

  /** A sidecar is a header line and records {@code ino size mtime fingerprint JSON}; only the JSON changes. */
  private static void rewriteSidecar(Path sidecar) throws Exception {
    String[] lines = Files.readString(sidecar).split("\n", -1);
    StringBuilder out = new StringBuilder(lines[0]).append('\n');
    for (int i = 1; i < lines.length - 1; i++) {
      String[] f = lines[i].split(" ", 5);
      out.append(String.join(" ", f[0], f[1], f[2], f[3], new String(older(f[4].getBytes(StandardCharsets.UTF_8)),
          StandardCharsets.UTF_8))).append('\n');
    }
    Files.writeString(sidecar, out.toString());
  }

  @ParameterizedTest
  @EnumSource(value = FileSystemBackend.MetadataStorage.class, names = "AUTO", mode = Mode.EXCLUDE)
  void olderDgJsonStillReads(FileSystemBackend.MetadataStorage mode) throws Exception {
    Path root = dir.resolve("root");
    Map<String, Map<String, String>> before = new LinkedHashMap<>();
    try (FileSystemBackend backend = FileSystemBackend.builder(root).metadataStorage(mode).build();
        DeltaStore store = DeltaStore.builder().backend(backend).build()) {
      store.put("a/app-1.0.zip", V1);
      store.put("a/app-1.1.zip", V2, PutOptions.contentType("application/zip").withUserMetadata("owner", "ci"));
      store.put("a/notes.txt", TXT);
      for (String k : List.of("a/reference.bin", "a/app-1.0.zip.delta", "a/app-1.1.zip.delta", "a/notes.txt")) {
        before.put(k, backend.head(k).orElseThrow().metadata());
      }
    }
    List<Path> files;
    try (Stream<Path> s = Files.walk(root)) {
      files = s.filter(Files::isRegularFile).collect(Collectors.toList());
    }
    int rewritten = 0;
    for (Path f : files) {
      String name = f.getFileName().toString();
      if (mode == FileSystemBackend.MetadataStorage.XATTR && !name.startsWith(".")) {
        rewriteXattr(f);
        rewritten++;
      } else if (mode == FileSystemBackend.MetadataStorage.SIDECAR && name.endsWith(SidecarFile.SUFFIX)) {
        rewriteSidecar(f);
        rewritten++;
      }
    }
    assertEquals(4, rewritten);

    try (FileSystemBackend backend = FileSystemBackend.builder(root).metadataStorage(mode).build();
        DeltaStore store = DeltaStore.builder().backend(backend).build()) {
      assertEquals(List.of(), backend.problemsAtOpen());
      for (Map.Entry<String, Map<String, String>> e : before.entrySet()) {
        BlobInfo info = backend.head(e.getKey()).orElseThrow();
        assertEquals(e.getValue(), info.metadata(), e.getKey());
      }
      assertEquals("1", String.valueOf(store.head("a/app-1.1.zip").userMetadata().size()));
      assertArrayEquals(V1, store.get("a/app-1.0.zip"));
      assertArrayEquals(V2, store.get("a/app-1.1.zip"));
      assertArrayEquals(TXT, store.get("a/notes.txt"));
    }
  }
}
