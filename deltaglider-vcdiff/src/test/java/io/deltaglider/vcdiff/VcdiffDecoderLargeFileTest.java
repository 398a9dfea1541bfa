package io.deltaglider.vcdiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deltaglider.vcdiff.testing.Xdelta3;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Source and target far larger than the heap: a 192 MB pair, encoded by xdelta3 (LZMA secondary,
 * default 8 MiB windows), decoded by a forked JVM with {@code -Xmx48m} from files (memory-mapped
 * source, streamed delta and target). Memory is bounded by the window size, not the file sizes.
 */
class VcdiffDecoderLargeFileTest {
  private static final int MB = 1 << 20;
  @TempDir Path dir;

  /** Child process entry: {@code SOURCE DELTA OUTPUT}. */
  public static void main(String[] args) throws Exception {
    try (SourceData source = SourceData.open(Path.of(args[0]));
        InputStream delta = new BufferedInputStream(Files.newInputStream(Path.of(args[1])), 1 << 16);
        OutputStream out = new BufferedOutputStream(Files.newOutputStream(Path.of(args[2])), 1 << 16)) {
      DecodeResult r = VcdiffDecoder.create().decode(source, delta, out);
      System.out.println("decoded " + r.targetLength() + " bytes in " + r.windowCount() + " windows");
    }
  }

  @Test
  void decodesAPairLargerThanTheHeapInAForkedSmallHeapJvm() throws Exception {
    Xdelta3.require();
    int chunks = 192;
    Path src = dir.resolve("source.bin");
    Path tgt = dir.resolve("target.bin");
    Random r = new Random(3);
    try (OutputStream s = new BufferedOutputStream(Files.newOutputStream(src))) {
      for (int i = 0; i < chunks; i++) {
        s.write(block(i));
      }
    }
    try (OutputStream t = new BufferedOutputStream(Files.newOutputStream(tgt))) {
      for (int i = 0; i < chunks; i++) {
        byte[] b = block(i);
        if (r.nextInt(3) == 0) {
          int at = r.nextInt(MB - 64);
          for (int j = 0; j < 40; j++) {
            b[at + j] = (byte) r.nextInt();
          }
        }
        t.write(b);
      }
    }
    Path delta = dir.resolve("delta.vcdiff");
    Xdelta3.run(List.of(Xdelta3.find(), "-e", "-f", "-s", src.toString(), tgt.toString(), delta.toString()));
    Path out = dir.resolve("out.bin");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(List.of(java, "-Xmx48m", "-cp", System.getProperty("java.class.path"),
        VcdiffDecoderLargeFileTest.class.getName(), src.toString(), delta.toString(), out.toString()))
        .redirectErrorStream(true).start();
    String log = new String(p.getInputStream().readAllBytes());
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "decode finished");
    assertEquals(0, p.exitValue(), log);
    assertTrue(log.contains("decoded " + (long) chunks * MB + " bytes in 24 windows"), log);
    assertEquals(sha256(tgt), sha256(out));
  }

  private static byte[] block(int i) {
    byte[] b = new byte[MB];
    new Random(500 + i).nextBytes(b);
    return b;
  }

  private static String sha256(Path f) throws Exception {
    MessageDigest d = MessageDigest.getInstance("SHA-256");
    try (InputStream in = new DigestInputStream(new BufferedInputStream(Files.newInputStream(f)), d)) {
      in.transferTo(OutputStream.nullOutputStream());
    }
    return HexFormat.of().formatHex(d.digest());
  }
}
