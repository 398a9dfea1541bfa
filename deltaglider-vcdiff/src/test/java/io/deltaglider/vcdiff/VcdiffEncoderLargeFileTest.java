package io.deltaglider.vcdiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deltaglider.vcdiff.testing.Xdelta3;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pair much larger than the heap: a 160 MB source and a target made from it with its last 24 MB
 * moved to the front plus scattered edits, encoded by a forked JVM with {@code -Xmx64m} from files
 * (memory-mapped source, streamed target), then decoded by xdelta3 and by our streaming decoder.
 * The moved block is 136 MB away from where it lands, beyond xdelta3's 64 MiB source window.
 */
class VcdiffEncoderLargeFileTest {
  private static final int MB = 1 << 20;
  @TempDir Path dir;

  @Test
  void encodesAPairLargerThanTheHeapInAForkedSmallHeapJvm() throws Exception {
    Xdelta3.require();
    Path src = dir.resolve("source.bin");
    Path tgt = dir.resolve("target.bin");
    Path delta = dir.resolve("delta.vcdiff");
    int chunks = 160;
    int moved = 24;
    Random r = new Random(1);
    byte[][] blocks = new byte[chunks][];
    // Deterministic 1 MB blocks regenerated from their seeds, so the test itself stays small.
    try (OutputStream s = Files.newOutputStream(src)) {
      for (int i = 0; i < chunks; i++) {
        s.write(block(i));
      }
    }
    MessageDigest want = MessageDigest.getInstance("SHA-256");
    try (OutputStream t = Files.newOutputStream(tgt)) {
      for (int k = 0; k < chunks; k++) {
        int i = (k + chunks - moved) % chunks;
        byte[] b = block(i);
        if (r.nextInt(4) == 0) {
          int at = r.nextInt(MB - 100);
          for (int j = 0; j < 50; j++) {
            b[at + j] = (byte) r.nextInt();
          }
        }
        t.write(b);
        want.update(b);
      }
    }
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(List.of(java, "-Xmx64m", "-cp", System.getProperty("java.class.path"),
        LargeFileEncode.class.getName(), src.toString(), tgt.toString(), delta.toString(),
        String.valueOf(4 * MB), String.valueOf(16 * MB)))
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertTrue(p.waitFor(120, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), out);
    long size = Files.size(delta);
    assertTrue(size < 200_000, "delta of " + size + " bytes: the moved block was not found");

    Path back = dir.resolve("back.bin");
    Xdelta3.run(List.of(Xdelta3.find(), "-d", "-f", "-s", src.toString(), delta.toString(), back.toString()));
    assertEquals(hex(want), sha256(back));
    Files.delete(back);

    MessageDigest ours = MessageDigest.getInstance("SHA-256");
    try (SourceData s = SourceData.open(src);
        InputStream in = new BufferedInputStream(Files.newInputStream(delta));
        OutputStream sink = new java.security.DigestOutputStream(OutputStream.nullOutputStream(), ours)) {
      VcdiffDecoder.create().decode(s, in, sink);
    }
    assertEquals(sha256(tgt), HexFormat.of().formatHex(ours.digest()));
  }

  private static byte[] block(int i) {
    byte[] b = new byte[MB];
    new Random(1000 + i).nextBytes(b);
    return b;
  }

  private static String hex(MessageDigest d) {
    return HexFormat.of().formatHex(d.digest());
  }

  private static String sha256(Path f) throws IOException {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      try (InputStream in = Files.newInputStream(f)) {
        byte[] buf = new byte[1 << 16];
        for (int n; (n = in.read(buf)) > 0; ) {
          d.update(buf, 0, n);
        }
      }
      return hex(d);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
