package io.deltaglider.archive;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import java.util.zip.GZIPOutputStream;

/**
 * Run in a JVM with a small heap by {@link SmallHeapExpandTest}: makes a {@code .tar.gz} of
 * {@code args[1]} MiB of text and a jar without holding either, expands it to files and rebuilds
 * it, and checks the rebuilt bytes' length and CRC-32. Prints "DONE" at the end.
 */
public final class SmallHeapExpand {
  private SmallHeapExpand() {}

  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args[0]);
    int mib = Integer.parseInt(args[1]);
    Path archive = dir.resolve("big.tar.gz");
    byte[] jar = Samples.zip(6, "A.class", Samples.text(1, 300_000), "B.class", Samples.text(2, 200_000));
    try (OutputStream out = new GZIPOutputStream(new BufferedOutputStream(Files.newOutputStream(archive)), 1 << 16)) {
      out.write(TarWriter.headerBlock("lib/a.jar", jar.length, '0', false));
      out.write(jar);
      out.write(new byte[(512 - jar.length % 512) % 512]);
      out.write(TarWriter.headerBlock("big.txt", (long) mib << 20, '0', false));
      for (int i = 0; i < mib; i++) {
        out.write(Samples.text(1000 + i, 1 << 20));
      }
      out.write(new byte[1024]);
    }
    ArchiveTransforms t = ArchiveTransforms.create();
    Path expanded = dir.resolve("expanded");
    Path recipe = dir.resolve("recipe");
    ExpandResult r;
    long t0 = System.nanoTime();
    try (OutputStream e = new BufferedOutputStream(Files.newOutputStream(expanded));
        OutputStream rc = Files.newOutputStream(recipe)) {
      r = t.expand(archive, e, rc);
    }
    long t1 = System.nanoTime();
    System.out.println("expanded in " + (t1 - t0) / 1_000_000 + " ms: " + r);
    CRC32 crc = new CRC32();
    long[] count = {0};
    OutputStream check = new OutputStream() {
      @Override
      public void write(int b) {
        crc.update(b);
        count[0]++;
      }

      @Override
      public void write(byte[] b, int off, int len) {
        crc.update(b, off, len);
        count[0] += len;
      }
    };
    try (InputStream e = Files.newInputStream(expanded); InputStream rc = Files.newInputStream(recipe)) {
      t.rebuild(e, rc, check);
    }
    System.out.println("rebuilt in " + (System.nanoTime() - t1) / 1_000_000 + " ms");
    CRC32 want = new CRC32();
    try (InputStream in = Files.newInputStream(archive)) {
      byte[] buf = new byte[1 << 16];
      for (int n; (n = in.read(buf)) > 0; ) {
        want.update(buf, 0, n);
      }
    }
    if (count[0] != Files.size(archive) || crc.getValue() != want.getValue()) {
      throw new AssertionError("rebuilt bytes differ");
    }
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    System.out.println("rebuilt " + count[0] + " bytes; heap max " + (Runtime.getRuntime().maxMemory() >> 20)
        + " MiB, peak used " + (peak >> 20) + " MiB");
    System.out.println("DONE");
  }
}
