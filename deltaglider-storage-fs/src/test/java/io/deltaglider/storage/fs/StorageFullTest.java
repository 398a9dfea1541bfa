package io.deltaglider.storage.fs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deltaglider.spi.BlobInfo;
import io.deltaglider.spi.BlobQuery;
import io.deltaglider.spi.Payload;
import io.deltaglider.StorageFullException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full disk: on a real 1 MiB tmpfs where this process may mount one (root), else by an injected
 * ENOSPC at the write step. The run prints which variant ran. Either way the put raises
 * {@link StorageFullException}, removes its temp file, and the previous object stays intact.
 */
class StorageFullTest {
  @TempDir Path dir;

  private static byte[] random(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  private static boolean run(String... command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes());
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return false;
      }
      if (p.exitValue() != 0) {
        System.out.println("[StorageFullTest] " + String.join(" ", command) + " failed: " + out.strip());
      }
      return p.exitValue() == 0;
    } catch (Exception e) {
      System.out.println("[StorageFullTest] " + String.join(" ", command) + " failed: " + e);
      return false;
    }
  }

  @Test
  void anInjectedEnospcIsReportedTheSameWay() throws Exception {
    exercise(false);
  }

  @Test
  void aFullDiskRaisesStorageFullAndKeepsThePreviousState() throws Exception {
    exercise(true);
  }

  private void exercise(boolean tryMount) throws Exception {
    Path mnt = Files.createDirectories(dir.resolve("small-fs"));
    boolean mounted = tryMount && run("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", mnt.toString());
    try {
      FailingFileOps ops = new FailingFileOps();
      FileSystemBackend.Builder builder = FileSystemBackend.builder(mnt.resolve("store"));
      if (mounted) {
        System.out.println("[StorageFullTest] ENOSPC variant: REAL, a size-limited tmpfs (size=1m) mounted at " + mnt);
      } else {
        System.out.println("[StorageFullTest] ENOSPC variant: INJECTED"
            + (tryMount ? " (mounting a tmpfs is not permitted here)" : " (always run as well)"));
        builder.fileOps(ops);
      }
      try (FileSystemBackend backend = builder.build()) {
        System.out.println("[StorageFullTest] backend: " + backend.describe());
        byte[] small = random(20_000, 1);
        Map<String, String> meta = Map.of("dg-note", "passthrough", "dg-file-size", "20000");
        backend.put("ds/a.zip", Payload.of(small), meta);

        byte[] big = random(2 << 20, 2);
        if (!mounted) {
          ops.failAt(FileOps.Step.WRITE, 2, "No space left on device");
        }
        StorageFullException full = assertThrows(StorageFullException.class,
            () -> backend.put("ds/b.zip", Payload.of(big), Map.of("dg-note", "passthrough")));
        System.out.println("[StorageFullTest] new key: " + full.getMessage());
        if (!mounted) {
          ops.failAt(FileOps.Step.WRITE, 2, "No space left on device");
        }
        full = assertThrows(StorageFullException.class,
            () -> backend.put("ds/a.zip", Payload.of(big), Map.of("dg-note", "passthrough")));
        System.out.println("[StorageFullTest] replacing: " + full.getMessage());
        assertTrue(full.getMessage().contains("ds/a.zip"));

        FaultInjectionTest.assertNoTempFiles(backend.root());
        assertTrue(backend.head("ds/b.zip").isEmpty());
        List<BlobInfo> listed = backend.list(BlobQuery.under("")).objects();
        assertEquals(1, listed.size());
        assertEquals(meta, listed.get(0).metadata());
        try (InputStream in = backend.get("ds/a.zip")) {
          assertArrayEquals(small, in.readAllBytes());
        }
        // The space of the failed writes was given back: small writes go on working.
        backend.put("ds/c.zip", Payload.of(small), meta);
        try (FileSystemBackend reopened = FileSystemBackend.open(backend.root())) {
          assertEquals(List.of(), reopened.problemsAtOpen());
          assertEquals(2, reopened.list(BlobQuery.under("ds/")).objects().size());
        }
      }
    } finally {
      if (mounted && !run("umount", mnt.toString())) {
        run("umount", "-l", mnt.toString());
      }
    }
  }
}
