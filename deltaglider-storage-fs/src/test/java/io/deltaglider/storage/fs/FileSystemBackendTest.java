package io.deltaglider.storage.fs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deltaglider.BackendException;
import io.deltaglider.spi.BlobInfo;
import io.deltaglider.spi.BlobPage;
import io.deltaglider.spi.BlobQuery;
import io.deltaglider.InvalidKeyException;
import io.deltaglider.ObjectNotFoundException;
import io.deltaglider.spi.Payload;
import io.deltaglider.storage.fs.FileSystemBackend.MetadataStorage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Layout, key mapping, symbolic links, attribute detection and listing scope (problems: StorageProblemsTest). */
class FileSystemBackendTest {
  @TempDir Path dir;

  private static Payload bytes(String s) {
    return Payload.of(s.getBytes(StandardCharsets.UTF_8));
  }

  private static String read(FileSystemBackend b, String key) throws IOException {
    try (InputStream in = b.get(key)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void laysObjectsOutAsTheProxyDoesWithMetadataInUserDgMetadata() throws Exception {
    FileSystemBackend b = FileSystemBackend.builder(dir).metadataStorage(MetadataStorage.XATTR).build();
    b.put("releases/app/reference.bin", bytes("ref"), Map.of("dg-note", "reference"));
    b.put("releases/app/app-1.1.zip.delta", bytes("delta"), Map.of("dg-note", "delta", "dg-ref-path", "reference.bin"));
    b.put("top.zip", bytes("top"), Map.of());
    assertEquals("ref", Files.readString(dir.resolve("releases/app/reference.bin")));
    assertEquals("delta", Files.readString(dir.resolve("releases/app/app-1.1.zip.delta")));
    assertEquals("top", Files.readString(dir.resolve("top.zip")));
    UserDefinedFileAttributeView v = Files.getFileAttributeView(dir.resolve("releases/app/app-1.1.zip.delta"),
        UserDefinedFileAttributeView.class);
    assertEquals(List.of("dg.metadata"), v.list()); // user.dg.metadata in getfattr's spelling
    ByteBuffer buf = ByteBuffer.allocate(v.size("dg.metadata"));
    v.read("dg.metadata", buf);
    // The proxy's field names (ProxySchema), not core's dg-* names.
    assertEquals("{\"note\":\"delta\",\"ref_path\":\"reference.bin\"}", new String(buf.array(), StandardCharsets.UTF_8));
    try (Stream<Path> s = Files.list(dir.resolve("releases/app"))) {
      assertEquals(2, s.count(), "no sidecars, no temp files");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "/a", "a/", "a//b", "../a", "a/../../etc/passwd", "./a", "a/.", "a\\b", "..\\a",
      "a/\u0000b", "a/b\nc", "a/\u007f"})
  void keysThatCouldLeaveTheRootOrAreNotFileNamesAreRefused(String key) throws Exception {
    FileSystemBackend b = FileSystemBackend.open(dir.resolve("store"));
    assertThrows(InvalidKeyException.class, () -> b.put(key, bytes("x"), Map.of()));
    assertThrows(InvalidKeyException.class, () -> b.head(key));
    assertThrows(InvalidKeyException.class, () -> b.get(key));
    assertThrows(InvalidKeyException.class, () -> b.delete(key));
    try (Stream<Path> s = Files.walk(dir)) {
      assertEquals(List.of(dir, dir.resolve("store")), s.toList(), "nothing was written anywhere");
    }
  }

  @Test
  void overlongSegmentsAreRefusedWithAClearMessage() throws Exception {
    FileSystemBackend b = FileSystemBackend.open(dir);
    InvalidKeyException e = assertThrows(InvalidKeyException.class, () -> b.put("a/" + "x".repeat(256), bytes("x"), Map.of()));
    assertTrue(e.getMessage().contains("a name of 256 bytes, over the limit of 255 bytes per file name"), e.getMessage());
    b.put("a/" + "x".repeat(255), bytes("x"), Map.of());
  }

  /**
   * Issue 15 item 10: a 255-byte object name stored as a delta was refused as "path segment of 261
   * bytes, over the filesystem's limit of 255", counting the store's own suffix against the user.
   */
  @ParameterizedTest
  @EnumSource(value = MetadataStorage.class, names = {"XATTR", "SIDECAR"})
  void aNameTooLongWithItsDeltaSuffixIsExplainedInTheUsersTerms(MetadataStorage mode) throws Exception {
    FileSystemBackend b = FileSystemBackend.builder(dir).metadataStorage(mode).build();
    int limit = mode == MetadataStorage.SIDECAR ? 246 : 255;
    String name = "x".repeat(251) + ".zip"; // 255 bytes, as the user named it
    InvalidKeyException e = assertThrows(InvalidKeyException.class,
        () -> b.put("ds/" + name + ".delta", bytes("x"), Map.of()));
    String expected = "the object name is 255 bytes; stored as a delta, with the .delta suffix, its file name would be "
        + "261 bytes, over the limit of " + limit + " bytes per file name";
    assertTrue(e.getMessage().contains(expected), e.getMessage());
    assertTrue(e.getMessage().contains("names of objects stored as deltas can be at most " + (limit - 6) + " bytes"),
        e.getMessage());
    b.put("ds/" + "x".repeat(limit - 6 - 4) + ".zip.delta", bytes("x"), Map.of()); // the stated limit is the real one
    // Through the store, a name of the stated length goes in; one byte more says the same as above.
    try (io.deltaglider.DeltaStore store = io.deltaglider.DeltaStore.builder().backend(b).build()) {
      byte[] content = new byte[50_000];
      new java.util.Random(1).nextBytes(content);
      store.put("st/" + "y".repeat(limit - 6 - 4) + ".zip", content);
      store.put("st/" + "z".repeat(limit - 6 - 4) + ".zip", content);
      io.deltaglider.DeltaStoreException tooLong = assertThrows(io.deltaglider.DeltaStoreException.class,
          () -> store.put("st/" + "w".repeat(limit - 6 - 3) + ".zip", content));
      assertTrue(tooLong.getMessage().contains("the object name is " + (limit - 5) + " bytes"), tooLong.getMessage());
    }
  }

  @ParameterizedTest
  @EnumSource(value = MetadataStorage.class, names = {"XATTR", "SIDECAR"})
  void symlinkedDirectoriesAreNeverFollowed(MetadataStorage mode) throws Exception {
    Path outside = Files.createDirectories(dir.resolve("outside"));
    Path root = Files.createDirectories(dir.resolve("store"));
    FileSystemBackend b = FileSystemBackend.builder(root).metadataStorage(mode).build();
    b.put("real/x.zip", bytes("inside"), Map.of("dg-note", "passthrough"));
    // An object-looking file outside, reached through a link inside.
    FileSystemBackend out = FileSystemBackend.builder(outside).metadataStorage(mode).build();
    out.put("secret.zip", bytes("outside"), Map.of("dg-note", "passthrough"));
    Files.createSymbolicLink(root.resolve("link"), outside);
    Files.createSymbolicLink(root.resolve("real/nested"), outside);

    assertThrows(BackendException.class, () -> b.head("link/secret.zip"));
    assertThrows(BackendException.class, () -> b.get("real/nested/secret.zip"));
    assertThrows(BackendException.class, () -> b.put("link/new.zip", bytes("x"), Map.of()));
    assertThrows(BackendException.class, () -> b.putIfAbsent("real/nested/new.zip", bytes("x"), Map.of()));
    assertThrows(BackendException.class, () -> b.delete("link/secret.zip"));
    assertThrows(BackendException.class, () -> b.replaceMetadata("link/secret.zip", Map.of()));
    assertFalse(Files.exists(outside.resolve("new.zip")));
    List<String> keys = new ArrayList<>();
    b.list(BlobQuery.under("")).objects().forEach(o -> keys.add(o.key()));
    assertEquals(List.of("real/x.zip"), keys, "listings skip links");
    assertEquals(List.of("real/"), b.list(BlobQuery.of("", "/", null, null, 100)).commonPrefixes());
    // A symlink where an object would be is not an object either.
    Files.createSymbolicLink(root.resolve("real/l.zip"), outside.resolve("secret.zip"));
    assertTrue(b.head("real/l.zip").isEmpty());
    assertThrows(ObjectNotFoundException.class, () -> b.get("real/l.zip"));
    assertEquals("outside", read(out, "secret.zip"));
  }

  /** A filesystem without user extended attributes: reading and setting one are "not supported". */
  static FileOps noXattrs() {
    return new FailingFileOps() {
      @Override
      public void setMetadata(Path file, byte[] json) throws IOException {
        throw new IOException(file + ": Operation not supported");
      }

      @Override
      public byte[] readMetadata(Path file) throws IOException {
        throw new IOException(file + ": Operation not supported");
      }
    };
  }

  @Test
  void withoutExtendedAttributesItFallsBackToSidecarsThatCannotCollideWithKeys() throws Exception {
    FileSystemBackend b = FileSystemBackend.builder(dir).fileOps(noXattrs()).build();
    assertTrue(b.usesSidecars());
    assertTrue(b.describe().contains("sidecar"));
    b.put("ds/x.zip", bytes("x"), Map.of("dg-note", "passthrough"));
    // Keys that look like our own names are still just keys.
    b.put("ds/.x.zip", bytes("dot"), Map.of());
    b.put("ds/.dg-tmp", bytes("t"), Map.of());
    try (Stream<Path> s = Files.list(dir.resolve("ds"))) {
      List<String> names = s.map(p -> p.getFileName().toString()).sorted().toList();
      List<String> expected = new ArrayList<>(List.of("x.zip", ".x.zip\\dg-meta", ".x.zip", "..x.zip\\dg-meta",
          ".dg-tmp", "..dg-tmp\\dg-meta", ".dg-lock\\"));
      expected.sort(null);
      assertEquals(expected, names);
      assertTrue(names.contains("x.zip") && names.contains(".x.zip\\dg-meta"), names.toString());
    }
    List<String> keys = new ArrayList<>();
    b.list(BlobQuery.under("ds/")).objects().forEach(o -> keys.add(o.key()));
    assertEquals(List.of("ds/.dg-tmp", "ds/.x.zip", "ds/x.zip"), keys);
    assertEquals("dot", read(b, "ds/.x.zip"));
    assertEquals(Map.of("dg-note", "passthrough"), b.head("ds/x.zip").orElseThrow().metadata());
  }

  @Test
  void sidecarObjectsStayVisibleWhenCopiedToNewInodes() throws Exception {
    Path root = dir.resolve("store");
    FileSystemBackend b = FileSystemBackend.builder(root).metadataStorage(MetadataStorage.SIDECAR).build();
    byte[] big = new byte[100_000];
    new java.util.Random(3).nextBytes(big);
    b.put("ds/a.zip", Payload.of(big), Map.of("dg-note", "passthrough"));
    b.put("ds/b.txt", bytes("b"), Map.of("dg-note", "passthrough"));
    // A copy keeping times but not inode numbers (as a backup restore, or vfat after a remount).
    Path copy = dir.resolve("copy");
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.toList()) {
        Files.copy(p, copy.resolve(root.relativize(p).toString()), java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
      }
    }
    FileSystemBackend c = FileSystemBackend.builder(copy).metadataStorage(MetadataStorage.SIDECAR).build();
    assertEquals(List.of(), c.problemsAtOpen());
    assertEquals(2, c.list(BlobQuery.under("ds/")).objects().size());
    try (InputStream in = c.get("ds/a.zip")) {
      assertArrayEquals(big, in.readAllBytes());
    }
    // Same size, same time, other bytes: not the data the sidecar describes.
    Path a = copy.resolve("ds/a.zip");
    java.nio.file.attribute.FileTime t = Files.getLastModifiedTime(a);
    byte[] other = big.clone();
    other[other.length - 1] ^= 1;
    Files.write(a, other);
    Files.setLastModifiedTime(a, t);
    assertTrue(c.head("ds/a.zip").isEmpty());
  }

  @Test
  void forcingAttributesWhereThereAreNoneFailsAtOpen() {
    assertThrows(BackendException.class,
        () -> FileSystemBackend.builder(dir).metadataStorage(MetadataStorage.XATTR).fileOps(noXattrs()).build());
  }

  /**
   * AUTO decides from what the store holds, writing nothing to find out (issue 15 item 7): a store
   * with sidecars keeps them where attributes work, one with attribute objects keeps attributes, and
   * an empty one takes attributes unless its first write cannot set one.
   */
  @Test
  void autoKeepsWhatTheStoreHoldsAndAnEmptyStoreDecidesAtItsFirstWrite() throws Exception {
    Path sidecarStore = dir.resolve("sidecars");
    FileSystemBackend.builder(sidecarStore).metadataStorage(MetadataStorage.SIDECAR).build()
        .put("deep/er/x.zip", bytes("x"), Map.of("dg-note", "passthrough"));
    FileSystemBackend reopened = FileSystemBackend.open(sidecarStore);
    assertTrue(reopened.usesSidecars(), "a store written with sidecars keeps them where attributes work");
    assertEquals("x", read(reopened, "deep/er/x.zip"));

    Path xattrStore = dir.resolve("xattrs");
    FileSystemBackend.builder(xattrStore).metadataStorage(MetadataStorage.XATTR).build()
        .put("a/b.zip", bytes("b"), Map.of());
    Files.writeString(Files.createDirectories(xattrStore.resolve("0-first")).resolve("unmanaged.txt"), "no metadata");
    assertFalse(FileSystemBackend.open(xattrStore).usesSidecars());

    // Empty, on a filesystem whose attributes read (ENODATA) but cannot be set: decided by the first put.
    FileOps cannotSet = new FailingFileOps() {
      @Override
      public void setMetadata(Path file, byte[] json) throws IOException {
        throw new IOException(file + ": Operation not supported");
      }
    };
    Path empty = dir.resolve("empty");
    FileSystemBackend e = FileSystemBackend.builder(empty).fileOps(cannotSet).build();
    assertFalse(e.usesSidecars());
    try (Stream<Path> s = Files.list(empty)) {
      assertEquals(List.of(), s.toList(), "opening wrote nothing");
    }
    e.put("ds/first.zip", bytes("1"), Map.of("dg-note", "passthrough"));
    assertTrue(e.usesSidecars());
    assertEquals("1", read(e, "ds/first.zip"));
    assertTrue(FileSystemBackend.open(empty).usesSidecars(), "and it stays so");
  }

  @Test
  void aListingReadsOnlyTheDirectoriesUnderItsPrefix() throws Exception {
    FileSystemBackend b = FileSystemBackend.open(dir);
    for (int i = 0; i < 20; i++) {
      for (int j = 0; j < 5; j++) {
        b.put("big/d" + i + "/e" + j + "/obj.zip", bytes("x"), Map.of());
      }
    }
    b.put("small/a/1.zip", bytes("1"), Map.of());
    b.put("small/b/2.zip", bytes("2"), Map.of());
    b.directoriesListed.reset();
    assertEquals(2, b.list(BlobQuery.under("small/")).objects().size());
    assertEquals(3, b.directoriesListed.sum(), "small/, small/a, small/b");

    // A delimited listing of the root rolls big/ up after finding one object in it.
    b.directoriesListed.reset();
    BlobPage top = b.list(BlobQuery.of("", "/", null, null, 1000));
    assertEquals(List.of("big/", "small/"), top.commonPrefixes());
    assertTrue(b.directoriesListed.sum() <= 7, "read " + b.directoriesListed.sum() + " directories");

    // A page of 3 out of 100 reads a handful of directories, not the tree.
    b.directoriesListed.reset();
    BlobPage page = b.list(BlobQuery.of("big/", null, null, null, 3));
    assertEquals(3, page.objects().size());
    assertTrue(b.directoriesListed.sum() <= 6, "read " + b.directoriesListed.sum() + " directories");
    b.directoriesListed.reset();
    BlobPage next = b.list(BlobQuery.of("big/", null, null, page.nextContinuationToken(), 3));
    assertEquals("big/d0/e3/obj.zip", next.objects().get(0).key());
    assertEquals("big/d1/e0/obj.zip", next.objects().get(2).key()); // UTF-8 order: d0, d1, d10, ...
    assertTrue(b.directoriesListed.sum() <= 8, "resuming skips earlier subtrees: " + b.directoriesListed.sum());
  }

  @Test
  void keyOrderIsUtf8ByteOrderAcrossDirectoriesAndFiles() throws Exception {
    FileSystemBackend b = FileSystemBackend.open(dir);
    List<String> keys = List.of("a/b", "a/b-c", "a/b.zip", "a/b/c", "a/b0", "a/\u00e9", "a/\uffff", "a/\ud83d\ude00");
    List<String> reversed = new ArrayList<>(keys);
    java.util.Collections.reverse(reversed);
    for (String k : reversed) {
      if (!k.equals("a/b")) {
        b.put(k, bytes(k), Map.of());
      }
    }
    List<String> expected = new ArrayList<>(keys.subList(1, keys.size()));
    expected.sort(io.deltaglider.spi.BlobListings.UTF8_ORDER);
    List<String> got = new ArrayList<>();
    for (BlobInfo o : b.list(BlobQuery.under("a/")).objects()) {
      got.add(o.key());
    }
    assertEquals(expected, got);
    assertEquals(List.of("a/b/"), b.list(BlobQuery.of("a/b", "/", null, null, 10)).commonPrefixes());
  }

  @Test
  void aFileAndADirectoryCannotShareAName() throws Exception {
    FileSystemBackend b = FileSystemBackend.open(dir);
    b.put("x/y", bytes("file"), Map.of());
    assertThrows(BackendException.class, () -> b.put("x/y/z", bytes("under a file"), Map.of()));
    assertTrue(b.head("x/y/z").isEmpty());
    assertThrows(ObjectNotFoundException.class, () -> b.get("x/y/z"));
    assertFalse(b.delete("x/y/z"));
    assertTrue(b.list(BlobQuery.under("x/y/")).objects().isEmpty());
    b.put("p/q/r", bytes("r"), Map.of());
    assertThrows(BackendException.class, () -> b.put("p/q", bytes("over a directory"), Map.of()));
    assertEquals("r", read(b, "p/q/r"));
    assertTrue(b.delete("p/q/r"));
    assertFalse(Files.exists(dir.resolve("p")), "emptied directories are pruned");
  }
}
