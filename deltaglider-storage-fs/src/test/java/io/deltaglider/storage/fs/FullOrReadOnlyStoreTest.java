package io.deltaglider.storage.fs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deltaglider.DeltaStore;
import io.deltaglider.DeltaStoreException;
import io.deltaglider.ObjectSummary;
import io.deltaglider.StorageFullException;
import io.deltaglider.storage.fs.FileSystemBackend.MetadataStorage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 15 item 7: opening the backend wrote an extended-attribute probe file, so on a full disk
 * nothing worked ("no space left ... while probing extended attributes": not even {@code rm} to free
 * space) and on a read-only mount every command failed. A full store must open, list, read and
 * delete; a read-only one open, list and read. Each runs for real where it can (root may mount a
 * size-limited tmpfs and remount it read-only; another user gets a read-only tree from chmod) and
 * always with injected failures; the run prints which variant ran.
 */
class FullOrReadOnlyStoreTest {
  @TempDir Path dir;

  private static final Map<String, byte[]> CONTENT = new TreeMap<>();

  static {
    Random rnd = new Random(7);
    byte[] base = new byte[60_000];
    rnd.nextBytes(base);
    for (String key : List.of("releases/app/app-1.0.zip", "releases/app/app-1.1.zip", "notes/readme.txt")) {
      byte[] c = base.clone();
      c[rnd.nextInt(c.length)] ^= 1;
      CONTENT.put(key, key.endsWith(".txt") ? "read me\n".getBytes() : c);
    }
  }

  static boolean run(String... command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes());
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return false;
      }
      if (p.exitValue() != 0) {
        System.out.println("[FullOrReadOnlyStoreTest] " + String.join(" ", command) + " failed: " + out.strip());
      }
      return p.exitValue() == 0;
    } catch (Exception e) {
      System.out.println("[FullOrReadOnlyStoreTest] " + String.join(" ", command) + " failed: " + e);
      return false;
    }
  }

  static boolean isRoot(Path anyFile) throws IOException {
    return ((Integer) Files.getAttribute(anyFile, "unix:uid")).intValue() == 0;
  }

  /** Writes the objects; returns whether the store chose sidecars. */
  private static boolean populate(Path root, MetadataStorage mode, FileOps ops) throws Exception {
    FileSystemBackend b = FileSystemBackend.builder(root).metadataStorage(mode).fileOps(ops).build();
    try (DeltaStore store = DeltaStore.builder().backend(b).build()) {
      for (Map.Entry<String, byte[]> e : CONTENT.entrySet()) {
        store.put(e.getKey(), e.getValue());
      }
    }
    return b.usesSidecars();
  }

  /** Everything a reader does: open, list, head, get (reconstructing deltas), stats. */
  private static FileSystemBackend assertReadable(Path root, MetadataStorage mode, FileOps ops, boolean expectSidecars)
      throws Exception {
    FileSystemBackend b = FileSystemBackend.builder(root).metadataStorage(mode).fileOps(ops).build();
    assertEquals(expectSidecars, b.usesSidecars(), "the store keeps the metadata storage it was written with");
    DeltaStore store = DeltaStore.builder().backend(b).build();
    List<ObjectSummary> listed = store.listAll("");
    assertEquals(CONTENT.keySet().stream().toList(), listed.stream().map(ObjectSummary::key).toList());
    for (Map.Entry<String, byte[]> e : CONTENT.entrySet()) {
      assertArrayEquals(e.getValue(), store.get(e.getKey()), e.getKey());
      assertEquals(e.getValue().length, store.head(e.getKey()).size());
    }
    assertTrue(store.verify("").ok());
    assertEquals(CONTENT.size(), store.stats("").objects());
    return b;
  }

  // ---------------------------------------------------------------- full

  @ParameterizedTest
  @EnumSource(value = MetadataStorage.class)
  void aFullDiskStillOpensListsReadsAndDeletesForReal(MetadataStorage mode) throws Exception {
    Path mnt = Files.createDirectories(dir.resolve("small-fs"));
    Assumptions.assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", mnt.toString()),
        "[FullOrReadOnlyStoreTest] SKIPPED the real full disk: mounting a size-limited tmpfs is not permitted here "
            + "(the injected variant runs)");
    try {
      System.out.println("[FullOrReadOnlyStoreTest] full disk, " + mode + ": REAL, a 1 MiB tmpfs filled to ENOSPC");
      Path root = mnt.resolve("store");
      Path empty = Files.createDirectories(mnt.resolve("empty-store"));
      boolean sidecars = populate(root, mode, FileOps.REAL);
      fill(mnt.resolve("filler"));
      assertThrows(IOException.class, () -> Files.write(mnt.resolve("one-more"), new byte[8192]), "the disk is full");
      exerciseFull(root, empty, mode, FileOps.REAL, sidecars);
    } finally {
      if (!run("umount", mnt.toString())) {
        run("umount", "-l", mnt.toString());
      }
    }
  }

  @ParameterizedTest
  @EnumSource(value = MetadataStorage.class)
  void aFullDiskStillOpensListsReadsAndDeletesInjected(MetadataStorage mode) throws Exception {
    System.out.println("[FullOrReadOnlyStoreTest] full disk, " + mode + ": INJECTED ENOSPC on every write");
    FailingFileOps ops = new FailingFileOps();
    Path root = dir.resolve("store");
    Path empty = Files.createDirectories(dir.resolve("empty-store"));
    boolean sidecars = populate(root, mode, ops);
    ops.full(true);
    exerciseFull(root, empty, mode, ops, sidecars);
  }

  private static void fill(Path filler) throws IOException {
    byte[] chunk = new byte[4096];
    try (OutputStream out = Files.newOutputStream(filler)) {
      while (true) {
        out.write(chunk);
        out.flush();
      }
    } catch (IOException full) {
      if (!io.deltaglider.spi.StorageFull.is(full, filler)) {
        throw full;
      }
    }
  }

  private static void exerciseFull(Path root, Path empty, MetadataStorage mode, FileOps ops, boolean sidecars)
      throws Exception {
    FileSystemBackend b = assertReadable(root, mode, ops, sidecars);
    DeltaStore store = DeltaStore.builder().backend(b).build();
    assertThrows(StorageFullException.class, () -> store.put("releases/app/app-1.2.zip", new byte[100_000]));
    // Deleting is how space is freed: it must work on a full disk.
    assertTrue(store.delete("notes/readme.txt"));
    assertTrue(store.delete("releases/app/app-1.0.zip"));
    assertFalse(store.exists("releases/app/app-1.0.zip"));
    assertArrayEquals(CONTENT.get("releases/app/app-1.1.zip"), store.get("releases/app/app-1.1.zip"));
    FaultInjectionTest.assertNoTempFiles(root);
    // A store that is still empty opens too (it decides its metadata storage at its first write).
    FileSystemBackend e = FileSystemBackend.builder(empty).metadataStorage(mode).fileOps(ops).build();
    assertTrue(e.list(io.deltaglider.spi.BlobQuery.under("")).objects().isEmpty());
  }

  // ---------------------------------------------------------------- read-only

  @ParameterizedTest
  @EnumSource(value = MetadataStorage.class)
  void aReadOnlyStoreStillOpensListsAndReadsForReal(MetadataStorage mode) throws Exception {
    Path mnt = Files.createDirectories(dir.resolve("ro-fs"));
    boolean root = isRoot(mnt);
    boolean mounted = root && run("mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", mnt.toString());
    Assumptions.assumeTrue(mounted || !root, "[FullOrReadOnlyStoreTest] SKIPPED the real read-only store: running as "
        + "root (file modes do not stop root) and mounting a tmpfs is not permitted here (the injected variant runs)");
    Path store = mnt.resolve("store");
    try {
      boolean sidecars = populate(store, mode, FileOps.REAL);
      if (mounted) {
        System.out.println("[FullOrReadOnlyStoreTest] read-only, " + mode + ": REAL, a tmpfs remounted read-only");
        assertTrue(run("mount", "-o", "remount,ro", mnt.toString()));
      } else {
        System.out.println("[FullOrReadOnlyStoreTest] read-only, " + mode + ": REAL, the tree made read-only (chmod a-w)");
        setWritable(store, false);
      }
      assertThrows(IOException.class, () -> Files.createFile(store.resolve("probe")), "the store is read-only");
      exerciseReadOnly(store, mode, FileOps.REAL, sidecars);
    } finally {
      if (mounted) {
        if (!run("umount", mnt.toString())) {
          run("umount", "-l", mnt.toString());
        }
      } else {
        setWritable(store, true);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(value = MetadataStorage.class)
  void aReadOnlyStoreStillOpensListsAndReadsInjected(MetadataStorage mode) throws Exception {
    System.out.println("[FullOrReadOnlyStoreTest] read-only, " + mode + ": INJECTED EROFS on every change");
    FailingFileOps ops = new FailingFileOps();
    Path store = dir.resolve("store");
    boolean sidecars = populate(store, mode, ops);
    ops.readOnly(true);
    exerciseReadOnly(store, mode, ops, sidecars);
  }

  private static void exerciseReadOnly(Path root, MetadataStorage mode, FileOps ops, boolean sidecars) throws Exception {
    FileSystemBackend b = assertReadable(root, mode, ops, sidecars);
    DeltaStore store = DeltaStore.builder().backend(b).build();
    DeltaStoreException e = assertThrows(DeltaStoreException.class, () -> store.delete("notes/readme.txt"));
    System.out.println("[FullOrReadOnlyStoreTest] a delete says: " + e.getMessage());
    assertArrayEquals(CONTENT.get("notes/readme.txt"), store.get("notes/readme.txt"));
  }

  static void setWritable(Path tree, boolean writable) throws IOException {
    try (Stream<Path> s = Files.walk(tree)) {
      for (Path p : s.toList()) {
        p.toFile().setWritable(writable, false);
      }
    }
  }
}
