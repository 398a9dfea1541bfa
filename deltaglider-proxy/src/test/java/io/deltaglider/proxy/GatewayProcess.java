package io.deltaglider.proxy;

import io.deltaglider.DeltaPolicy;
import io.deltaglider.DeltaStore;
import io.deltaglider.DeltaStoreBuilder;
import io.deltaglider.storage.fs.FileSystemBackend;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A gateway in a JVM of its own (for heap limits): {@code main(STORE_DIR, WORK_DIR, PORT_FILE
 * [store-defaults])} serves a local directory store on 127.0.0.1 with {@link #ACCESS_KEY}, with
 * {@link ServingStoreSettings} (or the store's own defaults when asked), its policy's largest delta
 * raised to 4 GiB (the default, 1 GiB, stores larger objects whole), writes its port to
 * PORT_FILE and serves until its standard input ends. The line {@code heap} on standard input
 * prints {@code heap peak=BYTES max=BYTES direct=BYTES}: the most heap the pools held at once since
 * the last {@code heap} (garbage included, so an upper bound), {@code -Xmx}, and the most direct
 * buffer memory in use (whose limit is {@code -Xmx} too).
 */
public final class GatewayProcess {
  static final String ACCESS_KEY = "AKIDCHILD";
  static final String SECRET_KEY = "child-secret";

  private GatewayProcess() {}

  public static void main(String[] args) throws Exception {
    Watcher.start();
    Path storeDir = Files.createDirectories(Path.of(args[0]));
    Path work = Files.createDirectories(Path.of(args[1]));
    DeltaStoreBuilder b = DeltaStore.builder().backend(FileSystemBackend.open(storeDir)).tempDirectory(work)
        .policy(DeltaPolicy.builder().maxDeltaSize(4L << 30).build());
    if (!(args.length > 3 && args[3].equals("store-defaults"))) {
      ServingStoreSettings.apply(b);
    }
    try (DeltaStore store = b.build();
        S3Gateway gateway = S3Gateway.builder().store(store).port(0).workDirectory(work)
            .credentials(GatewayCredentials.of(ACCESS_KEY, SECRET_KEY)).build()) {
      int port = gateway.start().getPort();
      Path tmp = Path.of(args[2] + ".tmp");
      Files.writeString(tmp, Integer.toString(port));
      Files.move(tmp, Path.of(args[2]));
      BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      for (String line; (line = in.readLine()) != null; ) {
        if (line.equals("heap")) {
          System.out.println("heap peak=" + peakHeap() + " max=" + Runtime.getRuntime().maxMemory() + " direct="
              + Watcher.peakDirect);
          System.out.flush();
        }
      }
    }
  }

  /** The peak of the heap pools' summed use since the last call (sampled by a watcher thread). */
  private static synchronized long peakHeap() {
    long peak = Watcher.peak;
    Watcher.peak = 0;
    return peak;
  }

  /** Samples heap use every 10 ms: the pools' own peaks are per pool, not of their sum. */
  private static final class Watcher {
    static volatile long peak;
    static volatile long peakDirect;

    static void start() {
      // the class's initialisation starts the thread
    }

    static {
      List<BufferPoolMXBean> direct = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
          .filter(p -> p.getName().equals("direct")).toList();
      List<MemoryPoolMXBean> heap = new ArrayList<>();
      for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
        if (p.getType() == MemoryType.HEAP) {
          heap.add(p);
        }
      }
      Thread t = new Thread(() -> {
        while (true) {
          long used = 0;
          for (MemoryPoolMXBean p : heap) {
            used += p.getUsage().getUsed();
          }
          peak = Math.max(peak, used);
          for (BufferPoolMXBean p : direct) {
            peakDirect = Math.max(peakDirect, p.getMemoryUsed());
          }
          try {
            TimeUnit.MILLISECONDS.sleep(10);
          } catch (InterruptedException e) {
            return;
          }
        }
      }, "heap-watcher");
      t.setDaemon(true);
      t.start();
    }
  }
}
