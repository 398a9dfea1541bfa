package io.deltaglider.storage.fs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.deltaglider.spi.BlobInfo;
import io.deltaglider.spi.BlobQuery;
import io.deltaglider.DeltaStoreException;
import io.deltaglider.ObjectNotFoundException;
import io.deltaglider.spi.Payload;
import io.deltaglider.StorageFullException;
import io.deltaglider.storage.fs.FileOps.Step;
import io.deltaglider.storage.fs.FileSystemBackend.MetadataStorage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every I/O step of a put made to fail, in both metadata modes, for a new key, a replaced key and a
 * create-if-absent: the put throws, no temp file is left, and readers (this backend, a freshly
 * opened one, listings) see exactly the previous state; a retry then succeeds.
 */
class FaultInjectionTest {
  @TempDir Path dir;

  enum Op { PUT_NEW, PUT_REPLACE, PUT_IF_ABSENT }

  static Stream<Arguments> cases() {
    List<Arguments> out = new ArrayList<>();
    for (MetadataStorage mode : new MetadataStorage[] {MetadataStorage.XATTR, MetadataStorage.SIDECAR}) {
      for (Op op : Op.values()) {
        for (Step step : Step.values()) {
          // The second call of a step is the sidecar's own temp file in sidecar mode, a later chunk for WRITE.
          for (int nth : step == Step.WRITE ? new int[] {1, 2, 3} : new int[] {1, 2}) {
            out.add(Arguments.of(mode, op, step, nth));
          }
        }
      }
    }
    return out.stream();
  }

  private static byte[] random(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  @ParameterizedTest(name = "{0} {1} fails at {2} #{3}")
  @MethodSource("cases")
  void aFailedPutLeavesThePreviousStateAndNoTempFiles(MetadataStorage mode, Op op, Step step, int nth) throws Exception {
    Path root = dir.resolve("store");
    FailingFileOps ops = new FailingFileOps();
    FileSystemBackend backend = FileSystemBackend.builder(root).metadataStorage(mode).fileOps(ops).build();
    String key = "rel/app/sub/app-1.1.zip";
    byte[] oldBytes = random(5000, 1);
    Map<String, String> oldMeta = Map.of("dg-note", "passthrough", "dg-file-size", "5000");
    if (op == Op.PUT_REPLACE) {
      backend.put(key, Payload.of(oldBytes), oldMeta);
    }
    byte[] newBytes = random(700_000, 2); // three 256 KiB writes
    Map<String, String> newMeta = Map.of("dg-note", "delta", "dg-file-size", "700000", "dg-ref-path", "reference.bin");

    ops.failAt(step, nth, step == Step.WRITE && nth == 3 ? "No space left on device" : "injected failure");
    DeltaStoreException thrown = null;
    try {
      if (op == Op.PUT_IF_ABSENT) {
        backend.putIfAbsent(key, Payload.of(newBytes), newMeta);
      } else {
        backend.put(key, Payload.of(newBytes), newMeta);
      }
    } catch (DeltaStoreException e) {
      thrown = e;
    }
    if (!ops.fired()) {
      // This step is not part of this kind of put (e.g. LINK in a plain put, MKDIR when the directory exists).
      assertEquals(null, thrown, "the put succeeds when nothing fails");
      assertObject(backend, key, newBytes, newMeta);
      return;
    }
    if (thrown == null) {
      fail("the put must report the failure at " + step);
    }
    if (step == Step.WRITE && nth == 3) {
      assertTrue(thrown instanceof StorageFullException, "ENOSPC becomes StorageFullException: " + thrown);
    }
    assertNoTempFiles(root);

    boolean newVisible = backend.head(key).isPresent() && !backend.head(key).get().metadata().equals(previous(op, oldMeta));
    if (step == Step.FSYNC_DIR && newVisible) {
      // The rename had happened: the new object is complete; only its durability was not confirmed.
      assertObject(backend, key, newBytes, newMeta);
    } else {
      assertPrevious(backend, key, op, oldBytes, oldMeta);
      try (FileSystemBackend reopened = FileSystemBackend.builder(root).metadataStorage(mode).build()) {
        assertPrevious(reopened, key, op, oldBytes, oldMeta);
        assertEquals(List.of(), reopened.problemsAtOpen(), "no temp file, no leftover sidecar, nothing damaged");
      }
    }

    ops.disarm();
    backend.put(key, Payload.of(newBytes), newMeta);
    assertObject(backend, key, newBytes, newMeta);
    assertNoTempFiles(root);
    backend.close();
  }

  private static Map<String, String> previous(Op op, Map<String, String> oldMeta) {
    return op == Op.PUT_REPLACE ? oldMeta : null;
  }

  private static void assertPrevious(FileSystemBackend b, String key, Op op, byte[] oldBytes, Map<String, String> oldMeta)
      throws Exception {
    if (op == Op.PUT_REPLACE) {
      assertObject(b, key, oldBytes, oldMeta);
    } else {
      assertTrue(b.head(key).isEmpty(), "nothing visible under " + key);
      assertThrows(ObjectNotFoundException.class, () -> b.get(key));
      assertTrue(b.list(BlobQuery.under("rel/")).objects().isEmpty());
    }
  }

  private static void assertObject(FileSystemBackend b, String key, byte[] bytes, Map<String, String> meta) throws Exception {
    Optional<BlobInfo> info = b.head(key);
    assertTrue(info.isPresent());
    assertEquals(bytes.length, info.get().size());
    assertEquals(meta, info.get().metadata());
    try (InputStream in = b.get(key)) {
      assertArrayEquals(bytes, in.readAllBytes());
    }
    List<BlobInfo> listed = b.list(BlobQuery.under("rel/")).objects();
    assertEquals(1, listed.size());
    assertEquals(meta, listed.get(0).metadata());
  }

  static void assertNoTempFiles(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      List<Path> temps = s.filter(p -> p.getFileName().toString().startsWith(AtomicWriter.TEMP_PREFIX)).toList();
      assertFalse(!temps.isEmpty(), "temp files left: " + temps);
    }
  }
}
