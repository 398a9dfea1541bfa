package io.deltaglider.storage.fs;

import io.deltaglider.DeltaStore;
import io.deltaglider.PutResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Child of {@link TwoProcessTest}: {@code stores} stores (each on a backend of its own over the
 * same root) with {@code threads} writer threads each. For each round it waits for the gate file
 * {@code gate-<round>}, then all its writers put their object into the empty deltaspace
 * {@code shared/ds<round>/} at once; then it writes {@code done-<round>-<id>} holding one line per
 * put: key and whether it created the reference. Args: root, work dir, id, rounds, stores, threads,
 * metadata storage.
 */
public final class TwoWriterChild {
  private TwoWriterChild() {}

  static String key(String id, int round, int writer) {
    return "shared/ds" + round + "/app-" + id + "-" + writer + ".zip";
  }

  /** What writer {@code writer} of child {@code id} puts in round {@code round}, for the test to compare. */
  static byte[] content(String id, int round, int writer) {
    byte[] content = CrashChild.base(round % 3).clone();
    Random rnd = new Random(id.hashCode() * 10_007L + round * 101L + writer);
    byte[] patch = new byte[64];
    rnd.nextBytes(patch);
    System.arraycopy(patch, 0, content, rnd.nextInt(content.length - 64), 64);
    return content;
  }

  public static void main(String[] args) throws Exception {
    Path root = Path.of(args[0]);
    Path work = Path.of(args[1]);
    String id = args[2];
    int rounds = Integer.parseInt(args[3]);
    int storeCount = Integer.parseInt(args[4]);
    int threads = Integer.parseInt(args[5]);
    FileSystemBackend.MetadataStorage mode = FileSystemBackend.MetadataStorage.valueOf(args[6]);
    List<DeltaStore> stores = new ArrayList<>();
    for (int s = 0; s < storeCount; s++) {
      stores.add(DeltaStore.builder().backend(FileSystemBackend.builder(root).metadataStorage(mode).build()).build());
    }
    int writers = storeCount * threads;
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    try {
      Files.createFile(work.resolve("ready-" + id));
      for (int r = 0; r < rounds; r++) {
        Path gate = work.resolve("gate-" + r);
        while (!Files.exists(gate)) {
          Thread.onSpinWait();
        }
        int round = r;
        CountDownLatch go = new CountDownLatch(1);
        List<Future<String>> puts = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
          int writer = w;
          DeltaStore store = stores.get(w / threads);
          puts.add(pool.submit(() -> {
            go.await();
            PutResult res = store.put(key(id, round, writer), content(id, round, writer));
            return res.key() + ' ' + res.createdReference();
          }));
        }
        go.countDown();
        StringBuilder out = new StringBuilder();
        for (Future<String> f : puts) {
          out.append(f.get()).append('\n');
        }
        Path tmp = work.resolve("done-" + r + "-" + id + ".tmp");
        Files.writeString(tmp, out);
        Files.move(tmp, work.resolve("done-" + r + "-" + id));
      }
    } finally {
      pool.shutdownNow();
      for (DeltaStore s : stores) {
        s.close();
      }
    }
  }
}
