package io.deltaglider;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.deltaglider.vcdiff.testing.TestData;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

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
}
