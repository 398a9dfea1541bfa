package io.deltaglider.storage.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deltaglider.spi.BlobInfo;
import io.deltaglider.spi.BlobQuery;
import io.deltaglider.DeltaStore;
import io.deltaglider.ObjectSummary;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two JVMs released at the same instant into the same empty deltaspace, round after round: exactly
 * one of them creates {@code reference.bin}, every delta is against that reference, and every
 * object reads back verified from a third store.
 */
class TwoProcessTest {
  static final int ROUNDS = 8;
  static final int PER = 3;
  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(value = FileSystemBackend.MetadataStorage.class, names = {"XATTR", "SIDECAR"})
  void twoProcessesCreateExactlyOneReferencePerDeltaspace(FileSystemBackend.MetadataStorage mode) throws Exception {
    Path root = dir.resolve("store");
    Files.createDirectories(root);
    Process a = ChildJvm.start(TwoWriterChild.class, dir.resolve("out-a"), root.toString(), dir.toString(), "a",
        String.valueOf(ROUNDS), String.valueOf(PER), mode.name());
    Process b = ChildJvm.start(TwoWriterChild.class, dir.resolve("out-b"), root.toString(), dir.toString(), "b",
        String.valueOf(ROUNDS), String.valueOf(PER), mode.name());
    try {
      ChildJvm.awaitFile(a, dir.resolve("ready-a"), dir.resolve("out-a"));
      ChildJvm.awaitFile(b, dir.resolve("ready-b"), dir.resolve("out-b"));
      int raced = 0;
      for (int r = 0; r < ROUNDS; r++) {
        Files.createFile(dir.resolve("gate-" + r));
        ChildJvm.awaitFile(a, dir.resolve("done-" + r + "-a"), dir.resolve("out-a"));
        ChildJvm.awaitFile(b, dir.resolve("done-" + r + "-b"), dir.resolve("out-b"));
        int created = 0;
        for (String id : new String[] {"a", "b"}) {
          for (String line : Files.readAllLines(dir.resolve("done-" + r + "-" + id))) {
            if (line.endsWith(" true")) {
              created++;
            }
          }
        }
        assertEquals(1, created, "round " + r + ": exactly one put created the reference");
        raced++;
      }
      assertTrue(a.waitFor(60, TimeUnit.SECONDS) && b.waitFor(60, TimeUnit.SECONDS));
      assertEquals(0, a.exitValue(), Files.readString(dir.resolve("out-a")));
      assertEquals(0, b.exitValue(), Files.readString(dir.resolve("out-b")));

      FileSystemBackend backend = FileSystemBackend.builder(root).metadataStorage(mode).build();
      assertEquals(List.of(), backend.problemsAtOpen());
      try (DeltaStore store = DeltaStore.builder().backend(backend).build()) {
        for (int r = 0; r < ROUNDS; r++) {
          String ds = "shared/ds" + r + "/";
          String refSha;
          try (InputStream in = backend.get(ds + "reference.bin")) {
            refSha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(in.readAllBytes()));
          }
          List<BlobInfo> raw = backend.list(BlobQuery.under(ds)).objects();
          assertEquals(2 * PER + 1, raw.size(), "round " + r + ": one reference plus one delta per put");
          for (BlobInfo o : raw) {
            if (o.key().endsWith(".delta")) {
              assertEquals(refSha, o.metadata().get("dg-ref-sha256"), o.key() + " is against the one reference");
            }
          }
          List<ObjectSummary> objects = store.listAll(ds);
          assertEquals(2 * PER, objects.size());
          for (ObjectSummary o : objects) {
            store.get(o.key()); // verified
          }
        }
      }
      System.out.println("[TwoProcessTest] " + mode + ": " + raced + " rounds of two JVMs racing into an empty deltaspace");
    } finally {
      a.destroyForcibly();
      b.destroyForcibly();
    }
  }
}
