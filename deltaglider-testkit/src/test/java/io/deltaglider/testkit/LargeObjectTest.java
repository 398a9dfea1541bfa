package io.deltaglider.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deltaglider.DeltaPolicy;
import io.deltaglider.DeltaStore;
import io.deltaglider.DeltaStoreBuilder;
import io.deltaglider.ObjectSummary;
import io.deltaglider.ObjectTooLargeException;
import io.deltaglider.PutResult;
import io.deltaglider.StoredForm;
import io.deltaglider.vcdiff.SecondaryCompression;
import io.deltaglider.vcdiff.VcdiffEncoder;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Objects larger than the heap: put and get through the store's temp-file paths in a forked JVM
 * with a small heap, over a filesystem backend, from generated files streamed to disk. The 2 GiB
 * object at -Xmx512m runs with {@code -Dlarge=true}; a 300 MB one at -Xmx64m always runs.
 */
class LargeObjectTest {
  @TempDir Path tmp;

  @Test
  void threeHundredMegabytesAtXmx64m() throws Exception {
    // The default encoder's source index alone takes up to 128 MiB and its 8 MiB windows ~50 MiB
    // of match tables: a 64 MiB heap needs an encoder configured for it.
    runChild(300L << 20, "-Xmx64m", 8L << 20);
  }

  @Test
  @EnabledIfSystemProperty(named = "large", matches = "true")
  void twoGibibytesAtXmx512m() throws Exception {
    runChild(2L << 30, "-Xmx512m", 0); // the store's default encoder
  }

  private void runChild(long size, String xmx, long indexBudget) throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    List<String> cmd = new ArrayList<>(List.of(java.toString(), xmx, "-XX:+ExitOnOutOfMemoryError",
        "-cp", System.getProperty("java.class.path"), Child.class.getName(), tmp.toString(), Long.toString(size),
        Long.toString(indexBudget)));
    Path log = tmp.resolve("child.log");
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    boolean done = p.waitFor(30, TimeUnit.MINUTES);
    if (!done) {
      p.destroyForcibly();
    }
    String out = Files.readString(log);
    System.out.println(out);
    assertTrue(done, "child timed out:\n" + out);
    assertEquals(0, p.exitValue(), "child failed:\n" + out);
    assertTrue(out.contains("LARGE-OBJECT-OK"), out);
    try (Stream<Path> left = Files.walk(tmp)) {
      List<Path> files = left.filter(Files::isRegularFile).filter(f -> !f.equals(log)).collect(Collectors.toList());
      assertEquals(List.of(), files, "everything was deleted");
    }
  }

  /** Runs in the forked JVM: {@code Child <workDir> <size> <source index budget, 0 = default encoder>}. */
  public static final class Child {
    static void log(String msg, long t0) {
      System.out.printf("[%6.1f s] %s%n", (System.nanoTime() - t0) / 1e9, msg);
    }

    /**
     * Writes {@code size} pseudo-random bytes (a second version: a few blocks edited and 4 KiB
     * inserted in the middle) and returns their SHA-256.
     */
    static String generate(Path file, long size, boolean edited) throws Exception {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      SplittableRandom r = new SplittableRandom(20261125);
      ByteBuffer block = ByteBuffer.allocate(1 << 20);
      long blocks = (size + block.capacity() - 1) / block.capacity();
      long written = 0;
      try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
        for (long i = 0; i < blocks; i++) {
          block.clear();
          while (block.hasRemaining()) {
            block.putLong(r.nextLong());
          }
          byte[] b = block.array();
          int len = (int) Math.min(b.length, size - written);
          if (edited && i % 97 == 5) {
            for (int j = 0; j < 100; j++) {
              b[j] ^= 0x5A;
            }
          }
          if (edited && i == blocks / 2) {
            byte[] extra = new byte[4096];
            new SplittableRandom(i).nextBytes(extra);
            out.write(extra);
            d.update(extra);
          }
          out.write(b, 0, len);
          d.update(b, 0, len);
          written += len;
        }
      }
      return java.util.HexFormat.of().formatHex(d.digest());
    }

    static String sha(InputStream in) throws Exception {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      byte[] buf = new byte[1 << 16];
      for (int n; (n = in.read(buf)) > 0; ) {
        d.update(buf, 0, n);
      }
      return java.util.HexFormat.of().formatHex(d.digest());
    }

    static void check(boolean ok, String what) {
      if (!ok) {
        throw new AssertionError(what);
      }
    }

    static long count(Path dir) throws IOException {
      try (Stream<Path> s = Files.walk(dir)) {
        return s.filter(Files::isRegularFile).count();
      }
    }

    public static void main(String[] args) throws Exception {
      long t0 = System.nanoTime();
      Path work = Path.of(args[0]);
      long size = Long.parseLong(args[1]);
      log("heap " + (Runtime.getRuntime().maxMemory() >> 20) + " MiB, object " + (size >> 20) + " MiB", t0);
      Path src1 = work.resolve("v1.iso");
      Path src2 = work.resolve("v2.iso");
      String sha1 = generate(src1, size, false);
      String sha2 = generate(src2, size, true);
      log("generated " + sha1.substring(0, 12) + " and " + sha2.substring(0, 12), t0);
      Path spool = Files.createDirectories(work.resolve("spool"));
      Path out = Files.createDirectories(work.resolve("out"));
      FileTreeBackend backend = new FileTreeBackend(work.resolve("store"));
      long budget = Long.parseLong(args[2]);
      DeltaStoreBuilder b = DeltaStore.builder().backend(backend).singleWriter(true).tempDirectory(spool)
          .policy(DeltaPolicy.builder().maxDeltaSize(4L << 30).build());
      if (budget > 0) {
        b.encoder(VcdiffEncoder.builder().secondary(SecondaryCompression.LZMA).sourceIndexBudget(budget)
            .windowSize(1 << 20).build());
        b.memoryThreshold(4 << 20); // the default 32 MiB in-heap spool is half of this heap
        b.referenceCacheBytes(8 << 20);
      }
      DeltaStore store = b.build();

      PutResult r1 = store.put("big/app-1.iso", src1);
      log("put v1 from a file: " + r1, t0);
      check(r1.createdReference() && r1.form() == StoredForm.DELTA && r1.sha256().equals(sha1), "v1: " + r1);
      PutResult r2;
      try (InputStream in = Files.newInputStream(src2)) {
        r2 = store.put("big/app-2.iso", in);
      }
      log("put v2 from a stream: " + r2, t0);
      check(r2.form() == StoredForm.DELTA && r2.storedSize() < size / 100 && r2.sha256().equals(sha2), "v2: " + r2);
      Files.delete(src2);
      PutResult r3 = store.put("big/whole.bin", src1);
      log("put whole: " + r3, t0);
      check(r3.form() == StoredForm.PASSTHROUGH && r3.sha256().equals(sha1), "whole: " + r3);
      Files.delete(src1);
      check(count(spool) == 0, "spool empty after puts");

      String[][] objects = {{"big/app-1.iso", sha1}, {"big/app-2.iso", sha2}, {"big/whole.bin", sha1}};
      for (String[] o : objects) {
        Path target = out.resolve("restored");
        store.copyTo(o[0], target);
        String got;
        try (InputStream in = Files.newInputStream(target)) {
          got = sha(in);
        }
        log("copyTo " + o[0] + ": " + got.substring(0, 12), t0);
        check(got.equals(o[1]), o[0] + " round trip via copyTo");
        Files.delete(target);
        check(count(out) == 0 && count(spool) == 0, "no temp file left after copyTo " + o[0]);
      }
      try (InputStream in = store.open("big/app-2.iso")) {
        String got = sha(in);
        log("open big/app-2.iso: " + got.substring(0, 12), t0);
        check(got.equals(sha2), "round trip via open");
      }
      check(count(spool) == 0, "open's temp file deleted on close");
      if (size > Integer.MAX_VALUE - 16) {
        try {
          store.get("big/whole.bin");
          check(false, "get of an object over 2 GiB");
        } catch (ObjectTooLargeException expected) {
          log("get refuses: " + expected.getMessage(), t0);
        }
      }
      if (size <= 1L << 30) { // verify reads everything once more: minutes at 2 GiB, for a path copyTo already took
        check(store.verify("big/").ok(), "verify");
      }
      check(count(spool) == 0, "spool empty at the end");
      check(count(work.resolve("store").resolve("tmp")) == 0, "backend temp empty");
      for (ObjectSummary s : store.listAll("")) {
        store.delete(s.key());
      }
      check(count(work.resolve("store")) == 0, "store empty after deletes");
      log("LARGE-OBJECT-OK", t0);
    }
  }
}
