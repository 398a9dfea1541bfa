package io.deltaglider.storage.fs;

import io.deltaglider.DeltaStore;
import io.deltaglider.PutResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * Child of {@link TwoProcessTest}: for each round waits for the gate file {@code gate-<round>},
 * then puts {@code per} objects into the empty deltaspace {@code shared/ds<round>/}, then writes
 * {@code done-<round>-<id>} holding one line per put: key and whether it created the reference.
 * Args: root, work dir, id, rounds, per, metadata storage.
 */
public final class TwoWriterChild {
  private TwoWriterChild() {}

  public static void main(String[] args) throws Exception {
    Path root = Path.of(args[0]);
    Path work = Path.of(args[1]);
    String id = args[2];
    int rounds = Integer.parseInt(args[3]);
    int per = Integer.parseInt(args[4]);
    FileSystemBackend backend = FileSystemBackend.builder(root)
        .metadataStorage(FileSystemBackend.MetadataStorage.valueOf(args[5])).build();
    try (DeltaStore store = DeltaStore.builder().backend(backend).build()) {
      Files.createFile(work.resolve("ready-" + id));
      Random rnd = new Random(id.hashCode());
      for (int r = 0; r < rounds; r++) {
        Path gate = work.resolve("gate-" + r);
        while (!Files.exists(gate)) {
          Thread.onSpinWait();
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < per; i++) {
          byte[] content = CrashChild.base(r % 3).clone();
          byte[] patch = new byte[64];
          rnd.nextBytes(patch);
          System.arraycopy(patch, 0, content, rnd.nextInt(content.length - 64), 64);
          String key = "shared/ds" + r + "/app-" + id + "-" + i + ".zip";
          PutResult res = store.put(key, content);
          out.append(key).append(' ').append(res.createdReference()).append('\n');
        }
        Path tmp = work.resolve("done-" + r + "-" + id + ".tmp");
        Files.writeString(tmp, out);
        Files.move(tmp, work.resolve("done-" + r + "-" + id));
      }
    }
  }
}
