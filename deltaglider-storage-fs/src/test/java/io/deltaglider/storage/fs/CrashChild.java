package io.deltaglider.storage.fs;

import io.deltaglider.DeltaStore;
import java.io.FileOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

/**
 * Child of {@link CrashTest}: puts objects through a {@link DeltaStore} on a
 * {@link FileSystemBackend} until it is killed, logging {@code B key sha256} before each put and
 * {@code D key} after it returned. Args: root, log file, ready-marker file, seed,
 * metadata storage.
 */
public final class CrashChild {
  private CrashChild() {}

  static byte[] base(int ds) {
    byte[] b = new byte[96 * 1024];
    new Random(1000 + ds).nextBytes(b);
    return b;
  }

  public static void main(String[] args) throws Exception {
    Path root = Path.of(args[0]);
    Path logFile = Path.of(args[1]);
    Path ready = Path.of(args[2]);
    long seed = Long.parseLong(args[3]);
    FileSystemBackend.MetadataStorage mode = FileSystemBackend.MetadataStorage.valueOf(args[4]);
    Random rnd = new Random(seed);
    List<String> mine = new ArrayList<>();
    try (FileOutputStream log = new FileOutputStream(logFile.toFile(), true);
        DeltaStore store = DeltaStore.builder()
            .backend(FileSystemBackend.builder(root).metadataStorage(mode).build()).build()) {
      // Warm up (class loading, JIT, the encoder) outside the checked prefix, so kills land in steady-state puts.
      byte[] warm = base(0).clone();
      warm[seed > 0 ? (int) (seed % 1000) : 0] ^= 1;
      store.put("warm/w" + seed + "/warm.zip", warm);
      Files.createFile(ready);
      for (int n = 0; ; n++) {
        int ds = rnd.nextInt(3);
        String key;
        if (!mine.isEmpty() && rnd.nextInt(5) == 0) {
          key = mine.get(rnd.nextInt(mine.size())); // overwrite one of ours
        } else {
          key = "crash/ds" + ds + "/app-" + seed + "-" + n + (rnd.nextInt(6) == 0 ? ".txt" : ".zip");
          mine.add(key);
        }
        byte[] content = base(key.charAt(8) - '0').clone();
        int at = rnd.nextInt(content.length - 4096);
        byte[] patch = new byte[1 + rnd.nextInt(4096)];
        rnd.nextBytes(patch);
        System.arraycopy(patch, 0, content, at, patch.length);
        if (rnd.nextInt(8) == 0) {
          content = java.util.Arrays.copyOf(content, content.length + rnd.nextInt(300_000)); // some bigger ones
        }
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        log.write(("B " + key + " " + sha + "\n").getBytes(StandardCharsets.UTF_8));
        store.put(key, content);
        log.write(("D " + key + "\n").getBytes(StandardCharsets.UTF_8));
      }
    }
  }
}
