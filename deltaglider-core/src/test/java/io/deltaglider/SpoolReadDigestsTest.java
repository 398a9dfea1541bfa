package io.deltaglider;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deltaglider.vcdiff.testing.TestData;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A read stream's digests may still be computing when {@link Spool#read} returns (they finish
 * beside the encode): whoever asks for them later gets the digests of every byte, in memory and
 * spilled to a file, whatever the hashing executor does, and never digests of part of the bytes.
 */
class SpoolReadDigestsTest {
  @TempDir
  Path tmp;

  /** Holds tasks until told to run them: hashing that has not started when the read ends. */
  static final class HeldExecutor implements Executor {
    final Queue<Runnable> held = new ArrayDeque<>();

    @Override
    public synchronized void execute(Runnable task) {
      held.add(task);
    }

    synchronized void runAll() {
      for (Runnable r; (r = held.poll()) != null; ) {
        r.run();
      }
    }
  }

  @Test
  void digestsAreOfEveryByteWhenHashingLagsTheRead() throws Exception {
    for (int threshold : new int[] {64 << 20, 1 << 20}) { // in memory; spilled to a temp file
      byte[] b = TestData.random(threshold, 9_000_003);
      HeldExecutor held = new HeldExecutor();
      try (Spool s = Spool.read(new ByteArrayInputStream(b), "k", Long.MAX_VALUE, threshold, tmp, true, held)) {
        assertEquals(b.length, s.size);
        try (InputStream in = s.open()) {
          assertArrayEquals(b, in.readAllBytes(), "the content is readable before its digests are known");
        }
        assertEquals(SpoolDigestsTest.hex("SHA-256", b), s.sha256());
        assertEquals(SpoolDigestsTest.hex("MD5", b), s.md5());
        ChunkDigests chunks = s.chunkDigestsOf(ObjectKey.parse("a/k.bin"));
        assertTrue(chunks != null, "a 9 MB read (over one chunk) records its blocks' digests for chunk digests");
        held.runAll(); // the drain the executor was given finds its work done, and changes nothing
        assertEquals(SpoolDigestsTest.hex("SHA-256", b), s.recordedSha256());
      }
    }
  }

  @Test
  void theFirstReadOfACallersFileEndsWithoutWaitingForItsHashing() throws Exception {
    byte[] b = TestData.random(11, 9_000_001);
    Path file = Files.write(tmp.resolve("callers.bin"), b);
    HeldExecutor held = new HeldExecutor();
    try (Spool s = Spool.callersFile(file, b.length, held)) {
      try (InputStream in = s.open()) {
        assertArrayEquals(b, in.readAllBytes());
      }
      // The encoder that made this read goes on with its last window while the hashing catches up
      // (a put(Path) used to wait here for up to a window's hashing).
      assertTrue(s.hashingBehind(), "the read ended before its last pieces were hashed");
      assertEquals(SpoolDigestsTest.hex("SHA-256", b), s.sha256());
      assertEquals(SpoolDigestsTest.hex("MD5", b), s.md5());
      assertTrue(s.chunkDigestsOf(ObjectKey.parse("a/k.bin")) != null);
      held.runAll();
      try (InputStream again = s.open()) {
        assertArrayEquals(b, again.readAllBytes(), "later reads are checked against the recorded digest");
      }
    }
    // Changed after its first read: the next read fails instead of storing other bytes.
    HeldExecutor held2 = new HeldExecutor();
    try (Spool s = Spool.callersFile(file, b.length, held2)) {
      try (InputStream in = s.open()) {
        in.readAllBytes();
      }
      b[1234] ^= 1;
      Files.write(file, b);
      try (InputStream again = s.open()) {
        assertThrows(java.io.IOException.class, again::readAllBytes);
      }
    }
  }

  @Test
  void anInterruptWhileWaitingForTheDigestsIsKeptNotLost() throws Exception {
    byte[] b = TestData.random(7, 3_000_000);
    HeldExecutor held = new HeldExecutor();
    try (Spool s = Spool.read(new ByteArrayInputStream(b), "k", Long.MAX_VALUE, 64 << 20, tmp, true, held)) {
      Thread.currentThread().interrupt();
      try {
        assertEquals(SpoolDigestsTest.hex("SHA-256", b), s.sha256());
        assertTrue(Thread.currentThread().isInterrupted(), "the flag is kept for the caller's next blocking step");
      } finally {
        Thread.interrupted();
      }
    }
  }

  @Test
  void aSpoolClosedBeforeItsDigestsNeverReportsDigestsOfPartOfIt() throws Exception {
    byte[] b = TestData.random(9, 4_000_000);
    HeldExecutor held = new HeldExecutor();
    Spool s = Spool.read(new ByteArrayInputStream(b), "k", Long.MAX_VALUE, 1 << 20, tmp, true, held);
    Path file = s.file();
    s.close();
    held.runAll();
    assertThrows(IllegalStateException.class, s::recordedSha256);
    assertTrue(file == null || !Files.exists(file), "closing removes the temp file");
  }
}
