package io.deltaglider;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.deltaglider.vcdiff.testing.TestData;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A caller's array hashed in the background gives the digests hashed in place would. */
class SpoolDigestsTest {
  static String hex(String algorithm, byte[] b) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(b));
  }

  @Test
  void backgroundInlineAndRefusedExecutorsAgree() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    ExecutorService dead = Executors.newSingleThreadExecutor();
    dead.shutdown();
    try {
      for (int n : new int[] {0, 1, 65_535, 65_536, 65_537, 3_000_001}) {
        byte[] b = TestData.random(n, n);
        String sha = hex("SHA-256", b);
        String md5 = hex("MD5", b);
        for (java.util.concurrent.Executor e : new java.util.concurrent.Executor[] {pool, dead, Runnable::run}) {
          try (Spool s = Spool.of(b, e)) {
            assertEquals(sha, s.sha256(), n + " bytes");
            assertEquals(md5, s.md5(), n + " bytes");
            assertEquals(n, s.size);
          }
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @TempDir
  Path temp;

  /**
   * A stream read a few bytes at a time (as from a slow socket) is spooled whole and exact, in
   * memory below the threshold and in a temp file above it, with the digests of every byte.
   */
  @Test
  void aStreamOfSmallReadsIsSpooledExactly() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      for (int n : new int[] {0, 5, 65_536, 200_003}) {
        byte[] b = TestData.random(n + 7, n);
        for (int threshold : new int[] {1 << 20, 100_000}) {
          InputStream trickle = new ByteArrayInputStream(b) {
            @Override
            public synchronized int read(byte[] buf, int off, int len) {
              return super.read(buf, off, Math.min(len, 3));
            }
          };
          try (Spool s = Spool.read(trickle, "k", Long.MAX_VALUE, threshold, temp, true, pool);
              InputStream in = s.open()) {
            assertEquals(n, s.size);
            assertArrayEquals(b, in.readAllBytes(), n + " bytes, threshold " + threshold);
            assertEquals(hex("SHA-256", b), s.sha256());
            assertEquals(hex("MD5", b), s.md5());
          }
        }
      }
      try (var left = Files.list(temp)) {
        assertEquals(0, left.count(), "temp files are gone with their spools");
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
