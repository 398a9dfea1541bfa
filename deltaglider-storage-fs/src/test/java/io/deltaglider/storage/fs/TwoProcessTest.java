package io.deltaglider.storage.fs;

import io.deltaglider.testkit.ChildJvm;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deltaglider.spi.BlobInfo;
import io.deltaglider.spi.BlobQuery;
import io.deltaglider.DeltaStore;
import io.deltaglider.ObjectSummary;
import io.deltaglider.VerifyReport;
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
 * Two JVMs, each with 2 stores of 2 writer threads, released at the same instant into the same
 * empty deltaspace, round after round (issue 17's race on the filesystem): exactly one put creates
 * {@code reference.bin}, every delta is against that reference, and every object reads back
 * byte-exact from a third store, whose verify passes.
 */
class TwoProcessTest {
  static final int ROUNDS = 8;
  static final int STORES = 2;
  static final int THREADS = 2;
  /** Puts per child and round. */
  static final int PER = STORES * THREADS;
  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(value = FileSystemBackend.MetadataStorage.class, names = {"XATTR", "SIDECAR"})
  void twoProcessesCreateExactlyOneReferencePerDeltaspace(FileSystemBackend.MetadataStorage mode) throws Exception {
    Path root = dir.resolve("store");
    Files.createDirectories(root);
    Process a = ChildJvm.start(TwoWriterChild.class, dir.resolve("out-a"), root.toString(), dir.toString(), "a",
        String.valueOf(ROUNDS), String.valueOf(STORES), String.valueOf(THREADS), mode.name());
    Process b = ChildJvm.start(TwoWriterChild.class, dir.resolve("out-b"), root.toString(), dir.toString(), "b",
        String.valueOf(ROUNDS), String.valueOf(STORES), String.valueOf(THREADS), mode.name());
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
          for (String id : new String[] {"a", "b"}) {
            for (int w = 0; w < PER; w++) {
              assertArrayEquals(TwoWriterChild.content(id, r, w), store.get(TwoWriterChild.key(id, r, w)),
                  TwoWriterChild.key(id, r, w));
            }
          }
        }
        VerifyReport report = store.verify("shared/");
        assertTrue(report.ok(), report.toString());
        assertEquals(2 * PER * ROUNDS, report.verified().size());
      }
      System.out.println("[TwoProcessTest] " + mode + ": " + raced + " rounds of two JVMs racing into an empty deltaspace");
    } finally {
      a.destroyForcibly();
      b.destroyForcibly();
    }
  }
}
