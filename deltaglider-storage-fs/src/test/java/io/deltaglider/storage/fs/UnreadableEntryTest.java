package io.deltaglider.storage.fs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.deltaglider.spi.BlobInfo;
import io.deltaglider.spi.BlobQuery;
import io.deltaglider.DeltaStore;
import io.deltaglider.ObjectSummary;
import io.deltaglider.spi.StorageProblem;
import io.deltaglider.spi.StorageProblem.Kind;
import io.deltaglider.storage.fs.FileSystemBackend.MetadataStorage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 15 item 8: one file this process may not read (a delta of mode 000, owned by another user)
 * made every listing of the store fail ("listing failed: AccessDeniedException"), so {@code ls -r}
 * and {@code verify} stopped at it. Listings skip what they cannot read, file or directory, and go on;
 * {@link FileSystemBackend#problems} reports each as UNREADABLE.
 * Root reads everything, so as root the denial is injected; as another user the files get mode 000.
 */
class UnreadableEntryTest {
  @TempDir Path dir;

  static final List<String> KEYS = List.of("a/app-1.0.zip", "a/app-1.1.zip", "a/app-1.2.zip", "a/sub/x.zip", "b/y.zip");

  @ParameterizedTest
  @EnumSource(value = MetadataStorage.class, names = {"XATTR", "SIDECAR"})
  void listingsSkipAFileAndADirectoryTheyCannotRead(MetadataStorage mode) throws Exception {
    Path root = dir.resolve("store");
    FailingFileOps ops = new FailingFileOps();
    FileSystemBackend b = FileSystemBackend.builder(root).metadataStorage(mode).fileOps(ops).build();
    DeltaStore store = DeltaStore.builder().backend(b).build();
    byte[] base = new byte[40_000];
    new Random(3).nextBytes(base);
    for (String k : KEYS) {
      byte[] c = base.clone();
      c[k.length() * 100] ^= 1;
      store.put(k, c);
    }
    Path delta = root.resolve("a/app-1.1.zip.delta");
    Path subdir = root.resolve("a/sub");
    boolean asRoot = FullOrReadOnlyStoreTest.isRoot(delta);
    if (asRoot) {
      System.out.println("[UnreadableEntryTest] " + mode + ": root reads everything: denial INJECTED");
      ops.denyReads(delta, subdir);
    } else {
      System.out.println("[UnreadableEntryTest] " + mode + ": REAL, chmod 000");
      Files.setPosixFilePermissions(delta, PosixFilePermissions.fromString("---------"));
      Files.setPosixFilePermissions(subdir, PosixFilePermissions.fromString("---------"));
    }
    try {
      List<String> raw = new ArrayList<>();
      for (BlobInfo o : b.list(BlobQuery.under("")).objects()) {
        raw.add(o.key());
      }
      assertEquals(List.of("a/app-1.0.zip.delta", "a/app-1.2.zip.delta", "a/reference.bin", "b/reference.bin",
          "b/y.zip.delta"), raw);
      assertEquals(List.of("a/", "b/"), b.list(BlobQuery.of("", "/", null, null, 100)).commonPrefixes());
      List<String> keys = store.listAll("").stream().map(ObjectSummary::key).toList();
      assertEquals(List.of("a/app-1.0.zip", "a/app-1.2.zip", "b/y.zip"), keys);
      assertEquals(List.of("a/app-1.0.zip", "a/app-1.2.zip", "b/y.zip"), store.verify("").verified());
      byte[] c = base.clone();
      c["a/app-1.2.zip".length() * 100] ^= 1;
      assertArrayEquals(c, store.get("a/app-1.2.zip"));

      // What the listings skipped is reported, with its path.
      List<StorageProblem> problems = b.problems("");
      System.out.println("[UnreadableEntryTest] " + mode + ": " + problems);
      assertEquals(List.of(
          new StorageProblem(Kind.UNREADABLE, delta.toString(), "a/app-1.1.zip.delta", "cannot read it (permission denied)"),
          new StorageProblem(Kind.UNREADABLE, subdir.toString(), null,
              "cannot read this directory; what it holds is not listed (permission denied)")), problems);
      assertEquals(problems, b.problems("a/"));
      assertEquals(List.of(problems.get(1)), b.problems("a/s"));
      assertEquals(List.of(), b.problems("b/"));
      assertEquals(List.of(), b.removeLeftovers(""));
    } finally {
      if (!asRoot) {
        Files.setPosixFilePermissions(delta, PosixFilePermissions.fromString("rw-r--r--"));
        Files.setPosixFilePermissions(subdir, PosixFilePermissions.fromString("rwxr-xr-x"));
      }
    }
  }
}
