package io.deltaglider.storage.fs;

import io.deltaglider.testkit.ChildJvm;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deltaglider.spi.BlobInfo;
import io.deltaglider.spi.BlobQuery;
import io.deltaglider.spi.BlobPage;
import io.deltaglider.DeltaStore;
import io.deltaglider.ObjectSummary;
import io.deltaglider.spi.StorageProblem;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A child JVM puts objects through a {@link DeltaStore} on this backend in a loop and is killed with
 * SIGKILL at a random moment, {@value #ROUNDS} times (override with -Dcrash.rounds). After each kill
 * the store is opened again: every put that had returned reads back verified (DeltaStore checks the
 * SHA-256) with the content logged for it (or that of the put in flight on the same key), every
 * visible object reads back verified, and what is not an object is only ever leftovers (temp files,
 * sidecars of a first write cut short), which are removed.
 */
class CrashTest {
  static final int ROUNDS = 50;
  static final int SIDECAR_ROUNDS = 8;
  @TempDir Path dir;

  private static String sha(byte[] b) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
  }

  @Test
  void everyReturnedPutSurvivesSigkillAndNothingHalfWrittenIsVisible() throws Exception {
    crashRounds(FileSystemBackend.MetadataStorage.XATTR, Integer.getInteger("crash.rounds", ROUNDS));
  }

  /** The same with sidecar metadata (two files switched per write), fewer rounds to keep the suite short. */
  @Test
  void sidecarModeSurvivesSigkillToo() throws Exception {
    crashRounds(FileSystemBackend.MetadataStorage.SIDECAR, Integer.getInteger("crash.sidecarRounds", SIDECAR_ROUNDS));
  }

  private void crashRounds(FileSystemBackend.MetadataStorage mode, int rounds) throws Exception {
    Path root = dir.resolve("store");
    Random rnd = new Random(42);
    Map<String, String> committed = new HashMap<>(); // key -> sha of the last put that returned
    Map<String, Set<String>> attempted = new HashMap<>(); // key -> every sha ever tried
    long leftovers = 0;
    long killedMidPut = 0;
    long returned = 0;
    long startup = 0;
    long started = System.nanoTime();
    for (int round = 0; round < rounds; round++) {
      Path log = dir.resolve("log-" + round);
      Path ready = dir.resolve("ready-" + round);
      Path out = dir.resolve("out-" + round);
      Process child = ChildJvm.start(CrashChild.class, out, root.toString(), log.toString(), ready.toString(),
          String.valueOf(round), mode.name());
      long t0 = System.nanoTime();
      ChildJvm.awaitFile(child, ready, out);
      startup += System.nanoTime() - t0;
      Thread.sleep(rnd.nextInt(250));
      child.destroyForcibly(); // SIGKILL
      child.waitFor();

      // What the child said.
      Map<String, String> inFlight = new HashMap<>();
      String text = Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
      int end = text.lastIndexOf('\n') + 1; // a torn last line is ignored
      for (String line : text.substring(0, end).split("\n")) {
        if (line.isEmpty()) {
          continue;
        }
        String[] f = line.split(" ");
        if (f[0].equals("B")) {
          inFlight.put(f[1], f[2]);
          attempted.computeIfAbsent(f[1], k -> new HashSet<>()).add(f[2]);
        } else {
          committed.put(f[1], inFlight.remove(f[1]));
          returned++;
        }
      }
      killedMidPut += inFlight.size();

      try (FileSystemBackend backend = FileSystemBackend.builder(root).metadataStorage(mode).build();
          DeltaStore store = DeltaStore.builder().backend(backend).build()) {
        List<StorageProblem> found = backend.problemsAtOpen();
        for (StorageProblem p : found) {
          assertEquals(StorageProblem.Kind.LEFTOVER, p.kind(), "round " + round + ": a kill leaves only leftovers: " + found);
        }
        leftovers += found.size();
        for (Map.Entry<String, String> e : committed.entrySet()) {
          byte[] back = store.get(e.getKey()); // verified against its SHA-256 by the store
          String got = sha(back);
          assertTrue(got.equals(e.getValue()) || got.equals(inFlight.get(e.getKey())),
              "round " + round + ": " + e.getKey() + " reads back with content that was never committed");
        }
        List<ObjectSummary> visible = store.listAll("crash/");
        for (ObjectSummary o : visible) {
          byte[] back = store.get(o.key());
          Set<String> tried = attempted.get(o.key());
          assertNotNull(tried, "round " + round + ": unknown object " + o.key());
          assertTrue(tried.contains(sha(back)), "round " + round + ": " + o.key() + " is not what was put");
        }
        // The put that was in flight when the child died either landed whole or not at all; from now
        // on what is there is what counts (an overwrite that did not land leaves the previous version).
        for (Map.Entry<String, String> e : inFlight.entrySet()) {
          if (store.exists(e.getKey())) {
            committed.put(e.getKey(), sha(store.get(e.getKey())));
          } else {
            assertTrue(!committed.containsKey(e.getKey()),
                "round " + round + ": a killed overwrite of " + e.getKey() + " lost the previous version");
          }
        }
        Set<String> listedKeys = new HashSet<>();
        visible.forEach(o -> listedKeys.add(o.key()));
        assertTrue(listedKeys.containsAll(committed.keySet()), "round " + round + ": a committed key is not listed");
        // Raw level: every reference/delta visible has its metadata.
        BlobPage raw = backend.list(BlobQuery.of("crash/", null, null, null, 100_000));
        for (BlobInfo b : raw.objects()) {
          assertTrue(b.metadata().containsKey("dg-file-sha256"), "raw object without metadata: " + b.key());
        }
        assertEquals(found.size(), backend.removeLeftovers("").size());
        assertEquals(List.of(), FileSystemBackend.builder(root).metadataStorage(mode).build().problemsAtOpen());
      }
    }
    System.out.printf("[CrashTest] %s: %d SIGKILL rounds in %.1f s (%.1f s of it child JVM start-up): %d puts "
        + "returned (%d keys), %d killed mid-put, %d leftovers of kills (removed)%n", mode, rounds,
        (System.nanoTime() - started) / 1e9, startup / 1e9, returned, committed.size(), killedMidPut, leftovers);
    assertTrue(returned >= rounds / 2, "the children got work done between kills");
  }
}
