package io.deltaglider;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deltaglider.vcdiff.testing.TestData;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Spilling a large stream to a temp file pins no large direct buffer: the JDK backs each write of
 * a heap array to a file with a temporary direct buffer of the write's size and keeps it for the
 * thread, so the store writes temp files in slices of {@link TempFiles#MAX_WRITE}.
 */
class TempFileWritesTest {
  @TempDir
  Path tmp;

  private static long directBytes() {
    return ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
        .filter(b -> b.getName().equals("direct")).mapToLong(BufferPoolMXBean::getMemoryUsed).sum();
  }

  @Test
  void aSpillOfTwentyMegabytesKeepsNoLargeDirectBuffer() throws Exception {
    byte[] content = TestData.random(3, 20 << 20);
    int threshold = 16 << 20; // spilled at once when the stream passes it
    AtomicLong grew = new AtomicLong();
    Throwable[] failed = new Throwable[1];
    // A thread of its own: the JDK's cached buffers belong to the thread that wrote.
    Thread t = new Thread(() -> {
      try {
        long before = directBytes();
        try (Spool s = Spool.read(new ByteArrayInputStream(content), "k", Long.MAX_VALUE, threshold, tmp, true,
            Runnable::run)) {
          grew.set(directBytes() - before);
          assertFalse(s.inMemory(), "spilled");
          try (InputStream in = s.open()) {
            assertArrayEquals(content, in.readAllBytes());
          }
        }
      } catch (Throwable e) {
        failed[0] = e;
      }
    });
    t.start();
    t.join();
    if (failed[0] != null) {
      throw new AssertionError(failed[0]);
    }
    assertTrue(grew.get() < (1 << 20), "direct memory kept after the spill: " + grew.get() + " bytes");
  }
}
