package io.deltaglider.storage.fs;

import io.deltaglider.testkit.ChildJvm;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deltaglider.spi.BlobInfo;
import io.deltaglider.spi.BlobQuery;
import io.deltaglider.spi.Payload;
import io.deltaglider.spi.StorageProblem;
import io.deltaglider.spi.StorageProblem.Kind;
import io.deltaglider.storage.fs.FileSystemBackend.MetadataStorage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link FileSystemBackend#problems} and {@link FileSystemBackend#removeLeftovers} in both metadata
 * modes (issue 15 item 4, backend part): what listings skip is reported with its path and why, temp
 * files of killed writers are the only leftovers besides sidecars whose data is gone, a write in
 * progress (this JVM or another process) is never one, and nothing that may be an object is removed.
 */
class StorageProblemsTest {
  @TempDir Path dir;

  static final String TEMP = AtomicWriter.TEMP_PREFIX;

  private static Payload bytes(String s) {
    return Payload.of(s.getBytes(StandardCharsets.UTF_8));
  }

  private static final Map<String, String> META = Map.of("dg-note", "passthrough", "dg-file-size", "4");

  static Map<String, StorageProblem> byLocation(List<StorageProblem> ps) {
    Map<String, StorageProblem> m = new TreeMap<>();
    for (StorageProblem p : ps) {
      m.put(p.location(), p);
    }
    assertEquals(ps.size(), m.size(), "one problem per location: " + ps);
    return m;
  }

  private static void assertProblem(Map<String, StorageProblem> found, Path where, Kind kind, String key, String detail) {
    StorageProblem p = found.get(where.toString());
    if (p == null) {
      throw new AssertionError("nothing reported for " + where + " in " + found.values());
    }
    assertEquals(kind, p.kind(), p.toString());
    assertEquals(key, p.key(), p.toString());
    assertTrue(p.detail().contains(detail), p + " should say: " + detail);
  }

  static void setXattr(Path file, String json) throws IOException {
    UserDefinedFileAttributeView v = Files.getFileAttributeView(file, UserDefinedFileAttributeView.class);
    v.write(XattrMetadata.XATTR_NAME, ByteBuffer.wrap(json.getBytes(StandardCharsets.UTF_8)));
  }

  /** Replaces the JSON of a sidecar's first record, keeping the record's binding to its data. */
  static void setSidecarJson(Path sidecar, String json) throws IOException {
    String[] lines = Files.readString(sidecar).split("\n", -1);
    String[] f = lines[1].split(" ", 5);
    lines[1] = f[0] + " " + f[1] + " " + f[2] + " " + f[3] + " " + json;
    Files.writeString(sidecar, String.join("\n", lines));
  }

  static Path sidecarOf(Path data) {
    return data.resolveSibling("." + data.getFileName() + SidecarFile.SUFFIX);
  }

  static boolean mkfifo(Path p) throws Exception {
    try {
      Process pr = new ProcessBuilder("mkfifo", p.toString()).redirectErrorStream(true).start();
      return pr.waitFor(10, TimeUnit.SECONDS) && pr.exitValue() == 0;
    } catch (IOException e) {
      return false;
    }
  }

  /** Nested objects; arrays in an attribute, where ext4 allows one block (nested objects would not fit). */
  static String deepJson(int depth, boolean compact) {
    String open = compact ? "[" : "{\"a\":";
    String close = compact ? "]" : "}";
    return "{\"note\":\"passthrough\",\"x\":" + open.repeat(depth) + "1" + close.repeat(depth) + "}";
  }

  static Map<Path, byte[]> contents(Path root) throws IOException {
    Map<Path, byte[]> m = new HashMap<>();
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        m.put(p, Files.readAllBytes(p));
      }
    }
    return m;
  }

  /**
   * Every way an object's metadata can be lost or unusable, one file each, next to a good object, a
   * temp file of a killed writer and (sidecar mode) a sidecar whose data is gone.
   */
  @ParameterizedTest
  @EnumSource(value = MetadataStorage.class, names = {"XATTR", "SIDECAR"})
  void everyDamagedEntryIsReportedWithItsPathAndWhyAndNeverRemoved(MetadataStorage mode) throws Exception {
    Path root = dir.resolve("store");
    FileSystemBackend b = FileSystemBackend.builder(root).metadataStorage(mode).build();
    boolean sc = mode == MetadataStorage.SIDECAR;
    for (String name : List.of("ok.zip", "stripped.zip", "invalid.zip", "duplicate.zip", "deep.zip", "copied.zip",
        "gone.zip", "badsidecar.zip", "huge.zip")) {
      b.put("c/" + name, bytes("data"), META);
    }
    Path c = root.resolve("c");
    // Metadata lost: the attribute removed (a copy without xattrs), or the sidecar deleted.
    if (sc) {
      Files.delete(sidecarOf(c.resolve("stripped.zip")));
    } else {
      Files.getFileAttributeView(c.resolve("stripped.zip"), UserDefinedFileAttributeView.class)
          .delete(XattrMetadata.XATTR_NAME);
    }
    // Metadata present but unusable.
    Map<String, String> bad = Map.of("invalid.zip", "{\"note\":\"passthrough\",", "duplicate.zip",
        "{\"note\":\"passthrough\",\"note\":\"passthrough\"}", "deep.zip", deepJson(1500, !sc));
    for (Map.Entry<String, String> e : bad.entrySet()) {
      if (sc) {
        setSidecarJson(sidecarOf(c.resolve(e.getKey())), e.getValue());
      } else {
        setXattr(c.resolve(e.getKey()), e.getValue());
      }
    }
    // A FIFO where a delta would be (opening it to read would block: it must never be opened).
    boolean fifo = mkfifo(c.resolve("fifo.zip.delta"));
    if (!fifo) {
      System.out.println("[StorageProblemsTest] mkfifo is not available: the FIFO case is SKIPPED");
    }
    // A temp file of a killed writer.
    Path temp = Files.writeString(c.resolve(TEMP + "0123456789abcdef"), "half a write");
    if (sc) {
      // Copied to a new inode without its modification time: the sidecar describes other data.
      Path copied = c.resolve("copied.zip");
      Path tmp = dir.resolve("copy-of-copied");
      Files.copy(copied, tmp);
      Files.move(tmp, copied, StandardCopyOption.REPLACE_EXISTING);
      Files.setLastModifiedTime(copied, java.nio.file.attribute.FileTime.fromMillis(0));
      // A sidecar whose data is gone (a delete cut short): a leftover.
      Files.delete(c.resolve("gone.zip"));
      Files.writeString(sidecarOf(c.resolve("badsidecar.zip")), "not a sidecar\n");
      Files.write(sidecarOf(c.resolve("huge.zip")), new byte[300_000]); // once made every listing fail
    }

    List<String> listed = new ArrayList<>();
    for (BlobInfo o : b.list(BlobQuery.under("")).objects()) {
      listed.add(o.key());
    }
    List<String> expected = new ArrayList<>(List.of("c/ok.zip"));
    if (!sc) {
      expected.addAll(List.of("c/badsidecar.zip", "c/copied.zip", "c/gone.zip", "c/huge.zip"));
      expected.sort(null);
    }
    assertEquals(expected, listed, "listings skip all of it");

    Map<String, StorageProblem> found = byLocation(b.problems(""));
    System.out.println("[StorageProblemsTest] " + mode + ": " + String.join("\n  ", found.values().stream()
        .map(StorageProblem::toString).toList()));
    String noMeta = sc ? "no metadata: no sidecar" : "no metadata: no user.dg.metadata attribute";
    assertProblem(found, c.resolve("stripped.zip"), Kind.DAMAGED, "c/stripped.zip", noMeta);
    assertProblem(found, c.resolve("invalid.zip"), Kind.DAMAGED, "c/invalid.zip", "invalid metadata: ");
    assertProblem(found, c.resolve("duplicate.zip"), Kind.DAMAGED, "c/duplicate.zip", "duplicate name note");
    assertProblem(found, c.resolve("deep.zip"), Kind.DAMAGED, "c/deep.zip", "invalid metadata: ");
    if (fifo) {
      assertProblem(found, c.resolve("fifo.zip.delta"), Kind.DAMAGED, "c/fifo.zip.delta", "not a regular file: a FIFO");
    }
    assertProblem(found, temp, Kind.LEFTOVER, null, "temp file of a write that never finished");
    int expectedCount = 5 + (fifo ? 1 : 0);
    if (sc) {
      assertProblem(found, c.resolve("copied.zip"), Kind.DAMAGED, "c/copied.zip", "describes other data");
      assertProblem(found, sidecarOf(c.resolve("gone.zip")), Kind.LEFTOVER, "c/gone.zip", "sidecar of a data file that is gone");
      assertProblem(found, c.resolve("badsidecar.zip"), Kind.DAMAGED, "c/badsidecar.zip", "its sidecar");
      assertProblem(found, c.resolve("huge.zip"), Kind.DAMAGED, "c/huge.zip", "over the limit");
      expectedCount += 4;
    }
    assertEquals(expectedCount, found.size(), found.values().toString());

    // Only the leftovers go; every byte of everything else stays, sidecars included.
    Map<Path, byte[]> before = contents(root);
    List<StorageProblem> removed = b.removeLeftovers("");
    List<StorageProblem> leftovers = found.values().stream().filter(p -> p.kind() == Kind.LEFTOVER).toList();
    assertEquals(byLocation(leftovers), byLocation(removed));
    Map<Path, byte[]> after = contents(root);
    for (StorageProblem p : leftovers) {
      assertTrue(before.remove(Path.of(p.location())) != null);
    }
    assertEquals(before.keySet(), after.keySet());
    for (Map.Entry<Path, byte[]> e : before.entrySet()) {
      assertArrayEquals(e.getValue(), after.get(e.getKey()), e.getKey() + " is unchanged");
    }
    if (fifo) {
      assertTrue(Files.exists(c.resolve("fifo.zip.delta")));
    }
    Map<String, StorageProblem> still = byLocation(b.problems(""));
    assertEquals(expectedCount - leftovers.size(), still.size());
    assertTrue(still.values().stream().allMatch(p -> p.kind() == Kind.DAMAGED), still.toString());
    assertEquals(List.of(), b.removeLeftovers(""));
  }

  /**
   * A store copied without what holds its metadata ({@code cp -r}: no extended attributes; in
   * sidecar mode, new inodes and modification times): every object is DAMAGED, and removing the
   * leftovers must not delete the store. (The earlier cleanup deleted every such file in sidecar
   * mode, and the sidecars with them.)
   */
  @ParameterizedTest
  @EnumSource(value = MetadataStorage.class, names = {"XATTR", "SIDECAR"})
  void aStoreCopiedWithoutItsMetadataIsDamagedNotLeftovers(MetadataStorage mode) throws Exception {
    Path root = dir.resolve("store");
    FileSystemBackend b = FileSystemBackend.builder(root).metadataStorage(mode).build();
    b.put("r/a/one.zip", bytes("one"), META);
    b.put("r/b/two.zip", bytes("two"), META);
    Path copy = dir.resolve("copy");
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.toList()) {
        Files.copy(p, copy.resolve(root.relativize(p).toString())); // no attributes, no times
      }
    }
    try (Stream<Path> s = Files.walk(copy)) {
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        Files.setLastModifiedTime(p, java.nio.file.attribute.FileTime.fromMillis(1000)); // a later copy's time
      }
    }
    FileSystemBackend c = FileSystemBackend.builder(copy).metadataStorage(mode).build();
    assertEquals(List.of(), c.list(BlobQuery.under("")).objects());
    Map<String, StorageProblem> found = byLocation(c.problemsAtOpen());
    assertEquals(2, found.size(), found.toString());
    assertProblem(found, copy.resolve("r/a/one.zip"), Kind.DAMAGED, "r/a/one.zip", "no metadata");
    assertProblem(found, copy.resolve("r/b/two.zip"), Kind.DAMAGED, "r/b/two.zip", "no metadata");
    Map<Path, byte[]> before = contents(copy);
    assertEquals(List.of(), c.removeLeftovers(""));
    assertEquals(before.keySet(), contents(copy).keySet(), "nothing was removed");
  }

  @ParameterizedTest
  @EnumSource(value = MetadataStorage.class, names = {"XATTR", "SIDECAR"})
  void problemsAndRemovalAreScopedToThePrefixLikeListings(MetadataStorage mode) throws Exception {
    Path root = dir.resolve("store");
    FileSystemBackend b = FileSystemBackend.builder(root).metadataStorage(mode).build();
    for (String k : List.of("releases/app/x.zip", "releases/apx.zip", "releases/other/y.zip", "rel.zip")) {
      b.put(k, bytes("data"), META);
      Files.writeString(root.resolve(k).resolveSibling(TEMP + Integer.toHexString(k.hashCode())), "killed");
    }
    Path badApp = Files.writeString(root.resolve("releases/app/bad.zip"), "no metadata");
    Path badOther = Files.writeString(root.resolve("releases/other/bad.zip"), "no metadata");
    Path tempApp = root.resolve("releases/app/" + TEMP + Integer.toHexString("releases/app/x.zip".hashCode()));
    Path tempReleases = root.resolve("releases/" + TEMP + Integer.toHexString("releases/apx.zip".hashCode()));
    Path tempOther = root.resolve("releases/other/" + TEMP + Integer.toHexString("releases/other/y.zip".hashCode()));
    Path tempRoot = root.resolve(TEMP + Integer.toHexString("rel.zip".hashCode()));

    assertEquals(sorted(badApp, tempApp), locations(b.problems("releases/ap")),
        "a prefix ending mid-name covers releases/app/; a temp file directly in releases/ is nobody's name");
    assertEquals(sorted(badApp, tempApp), locations(b.problems("releases/app/")));
    assertEquals(sorted(badApp, tempApp, badOther, tempOther, tempReleases), locations(b.problems("releases/")));
    assertEquals(6, b.problems("").size());
    assertEquals(List.of(), b.problems("nothing/here/"));
    assertEquals(List.of(), b.problems("rel.zip/"));

    assertEquals(List.of(tempApp.toString()), locations(b.removeLeftovers("releases/ap")));
    assertFalse(Files.exists(tempApp));
    assertTrue(Files.exists(tempReleases) && Files.exists(tempOther) && Files.exists(tempRoot) && Files.exists(badApp));
    assertEquals(3, b.removeLeftovers("").size());
    assertEquals(sorted(badApp, badOther), locations(b.problems("")));
  }

  static List<String> sorted(Path... paths) {
    return Stream.of(paths).map(Path::toString).sorted().toList();
  }

  static List<String> locations(List<StorageProblem> ps) {
    return ps.stream().map(StorageProblem::location).sorted().toList();
  }

  /** A put blocked halfway in another thread: its temp file is neither reported nor removed. */
  @ParameterizedTest
  @EnumSource(value = MetadataStorage.class, names = {"XATTR", "SIDECAR"})
  void aWriteInProgressInThisJvmIsNeverALeftover(MetadataStorage mode) throws Exception {
    Path root = dir.resolve("store");
    FileSystemBackend b = FileSystemBackend.builder(root).metadataStorage(mode).build();
    b.put("w/other.zip", bytes("data"), META);
    CountDownLatch halfway = new CountDownLatch(1);
    CountDownLatch go = new CountDownLatch(1);
    byte[] content = new byte[300_000];
    Payload slow = new Payload() {
      @Override
      public long length() {
        return content.length;
      }

      @Override
      public InputStream open() {
        return new InputStream() {
          int pos;

          @Override
          public int read() {
            throw new UnsupportedOperationException();
          }

          @Override
          public int read(byte[] buf, int off, int len) {
            if (pos == 1000) {
              halfway.countDown();
              try {
                go.await();
              } catch (InterruptedException e) {
                throw new IllegalStateException(e);
              }
            }
            if (pos >= content.length) {
              return -1;
            }
            int n = Math.min(len, pos < 1000 ? 1000 - pos : content.length - pos);
            System.arraycopy(content, pos, buf, off, n);
            pos += n;
            return n;
          }
        };
      }
    };
    ExecutorService ex = Executors.newSingleThreadExecutor();
    try {
      Future<?> put = ex.submit(() -> {
        b.put("w/slow.zip", slow, META);
        return null;
      });
      assertTrue(halfway.await(30, TimeUnit.SECONDS));
      List<Path> temps = temps(root.resolve("w"));
      assertEquals(1, temps.size(), "the write is in progress: " + temps);
      assertEquals(List.of(), b.problems(""));
      assertEquals(List.of(), b.removeLeftovers(""));
      // Another backend instance in this JVM (another store object on the same directory) neither.
      FileSystemBackend other = FileSystemBackend.builder(root).metadataStorage(mode).build();
      assertEquals(List.of(), other.problemsAtOpen());
      assertEquals(List.of(), other.removeLeftovers("w/"));
      assertTrue(Files.exists(temps.get(0)));
      go.countDown();
      put.get(30, TimeUnit.SECONDS);
      assertEquals(content.length, b.head("w/slow.zip").orElseThrow().size());
      assertEquals(List.of(), b.problems(""));
    } finally {
      go.countDown();
      ex.shutdownNow();
    }
  }

  static List<Path> temps(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().startsWith(TEMP)).toList();
    }
  }

  /**
   * A put blocked halfway in another JVM (it holds the lock on its temp file): neither reported
   * nor removed; the put then completes. A temp file whose writer is dead is removed.
   */
  @ParameterizedTest
  @EnumSource(value = MetadataStorage.class, names = {"XATTR", "SIDECAR"})
  void aWriteInProgressInAnotherProcessIsNeverALeftover(MetadataStorage mode) throws Exception {
    Path root = dir.resolve("store");
    FileSystemBackend b = FileSystemBackend.builder(root).metadataStorage(mode).build();
    b.put("w/other.zip", bytes("data"), META);
    Path dead = Files.writeString(root.resolve("w/" + TEMP + "00000000deadbeef"), "killed writer");
    Process child = ChildJvm.start(SlowWriterChild.class, dir.resolve("child.out"), root.toString(), mode.name(),
        "w/slow.zip", dir.resolve("halfway").toString(), dir.resolve("go").toString());
    try {
      ChildJvm.awaitFile(child, dir.resolve("halfway"), dir.resolve("child.out"));
      List<Path> temps = new ArrayList<>(temps(root.resolve("w")));
      temps.remove(dead);
      assertEquals(1, temps.size(), "the child's write is in progress: " + temps);
      Path live = temps.get(0);
      assertEquals(List.of(dead.toString()), locations(b.problems("")));
      assertEquals(List.of(dead.toString()), locations(b.removeLeftovers("")));
      assertTrue(Files.exists(live), "the temp file of the write in progress is kept");
      assertFalse(Files.exists(dead));
      Files.createFile(dir.resolve("go"));
      assertTrue(child.waitFor(60, TimeUnit.SECONDS));
      assertEquals(0, child.exitValue(), Files.readString(dir.resolve("child.out")));
      assertEquals(SlowWriterChild.SIZE, b.head("w/slow.zip").orElseThrow().size());
      assertEquals(List.of(), b.problems(""));
    } finally {
      child.destroyForcibly();
      child.waitFor();
    }
  }

  /** Puts one object whose bytes stop halfway until a file appears. Args: root, mode, key, halfway marker, go file. */
  public static final class SlowWriterChild {
    static final int SIZE = 200_000;

    public static void main(String[] args) throws Exception {
      FileSystemBackend b = FileSystemBackend.builder(Path.of(args[0]))
          .metadataStorage(MetadataStorage.valueOf(args[1])).scanOnOpen(false).build();
      Path halfway = Path.of(args[3]);
      Path go = Path.of(args[4]);
      b.put(args[2], new Payload() {
        @Override
        public long length() {
          return SIZE;
        }

        @Override
        public InputStream open() {
          return new InputStream() {
            int pos;

            @Override
            public int read() {
              throw new UnsupportedOperationException();
            }

            @Override
            public int read(byte[] buf, int off, int len) throws IOException {
              if (pos == 1000) {
                Files.createFile(halfway);
                while (!Files.exists(go)) {
                  try {
                    Thread.sleep(5);
                  } catch (InterruptedException e) {
                    throw new IOException(e);
                  }
                }
              }
              if (pos >= SIZE) {
                return -1;
              }
              int n = Math.min(len, pos < 1000 ? 1000 - pos : SIZE - pos);
              pos += n;
              return n;
            }
          };
        }
      }, Map.of("dg-note", "passthrough"));
    }
  }

  /**
   * A sidecar-mode delete removes two files; cut short between them (a kill), what is left must be
   * a leftover, not a data file without metadata (DAMAGED, kept forever).
   */
  @org.junit.jupiter.api.Test
  void aSidecarDeleteCutShortLeavesOnlyALeftover() throws Exception {
    Path root = dir.resolve("store");
    FailingFileOps ops = new FailingFileOps();
    FileSystemBackend b = FileSystemBackend.builder(root).metadataStorage(MetadataStorage.SIDECAR).fileOps(ops).build();
    b.put("d/x.zip", bytes("data"), META);
    b.put("d/y.zip", bytes("data"), META);
    ops.failDeleteAt(2);
    assertThrows(IOException.class, () -> b.delete("d/x.zip"));
    assertTrue(b.head("d/x.zip").isEmpty(), "the object is gone for readers");
    List<StorageProblem> found = b.problems("");
    assertEquals(1, found.size(), found.toString());
    assertEquals(Kind.LEFTOVER, found.get(0).kind(), found.toString());
    assertEquals(found, b.removeLeftovers(""));
    assertEquals(List.of(), b.problems(""));
    assertTrue(b.head("d/y.zip").isPresent());
  }

  /**
   * A cleanup in another process may find a writer's new temp file before the writer has locked it
   * and remove it: the writer must notice and start over, not write into a file that is gone (its
   * rename then failed, and with it the put).
   */
  @ParameterizedTest
  @EnumSource(value = MetadataStorage.class, names = {"XATTR", "SIDECAR"})
  void aWriterWhoseTempFileACleanupTookStartsOver(MetadataStorage mode) throws Exception {
    Path root = dir.resolve("store");
    java.util.concurrent.atomic.AtomicInteger creates = new java.util.concurrent.atomic.AtomicInteger();
    FileOps takenOnce = new FailingFileOps() {
      @Override
      public java.nio.channels.FileChannel createTemp(Path file) throws IOException {
        java.nio.channels.FileChannel ch = super.createTemp(file);
        if (creates.incrementAndGet() == 1) {
          Files.delete(file); // what a cleanup that found it unlocked did
        }
        return ch;
      }
    };
    FileSystemBackend b = FileSystemBackend.builder(root).metadataStorage(mode).fileOps(takenOnce).build();
    b.put("w/x.zip", bytes("data"), META);
    assertEquals("data", new String(b.get("w/x.zip").readAllBytes(), StandardCharsets.UTF_8));
    assertEquals(List.of(), b.problems(""));
    assertTrue(creates.get() >= 2, "it started over");
  }

  @ParameterizedTest
  @EnumSource(value = MetadataStorage.class, names = {"XATTR", "SIDECAR"})
  void aReadOnlyStoreReportsItsProblemsAndRemovesNothing(MetadataStorage mode) throws Exception {
    Path root = dir.resolve("store");
    FailingFileOps ops = new FailingFileOps();
    FileSystemBackend b = FileSystemBackend.builder(root).metadataStorage(mode).fileOps(ops).build();
    b.put("d/ok.zip", bytes("data"), META);
    b.put("d/gone.zip", bytes("data"), META);
    Path temp = Files.writeString(root.resolve("d/" + TEMP + "0123456789abcdef"), "killed");
    Path bad = Files.writeString(root.resolve("d/bad.zip"), "no metadata");
    Files.delete(root.resolve("d/gone.zip")); // in sidecar mode, its sidecar is left over
    ops.readOnly(true);
    FileSystemBackend ro = FileSystemBackend.builder(root).metadataStorage(mode).fileOps(ops).build();
    List<String> expected = mode == MetadataStorage.SIDECAR ? sorted(bad, temp, sidecarOf(root.resolve("d/gone.zip")))
        : sorted(bad, temp);
    assertEquals(expected, locations(ro.problemsAtOpen()));
    assertEquals(List.of(), ro.removeLeftovers(""), "nothing can be removed");
    assertTrue(Files.exists(temp));
    assertEquals(expected, locations(ro.problems("")));
  }
}
