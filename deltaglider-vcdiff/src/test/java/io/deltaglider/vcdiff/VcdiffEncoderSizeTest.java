package io.deltaglider.vcdiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deltaglider.vcdiff.testing.TestData;
import io.deltaglider.vcdiff.testing.Xdelta3;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Delta sizes for edit shapes whose cost can be worked out by hand, and against xdelta3 on seeded
 * pairs (issue #3: the default level is to be no larger than {@code xdelta3 -9 -S none}, level 1
 * no larger than {@code xdelta3 -1 -S none}). Every delta is also decoded back.
 */
class VcdiffEncoderSizeTest {
  @TempDir Path dir;

  /** Header (4 magic + indicator) plus one window header with source: under 32 bytes here. */
  private static final int FIXED = 32;

  private static byte[] encode(int level, byte[] source, byte[] target) throws IOException {
    byte[] delta = VcdiffEncoder.builder().level(level).build().encode(source, target);
    assertArrayEquals(target, VcdiffDecoder.create().decode(source, delta), "level " + level);
    return delta;
  }

  /**
   * A source of many short runs of different bytes, and a target with 5 bytes inserted before one
   * of the later runs (so the copy before cannot simply go on, and the seeds inside each run
   * first occur in earlier runs): the runs still sit in the source one after another, so the target is a copy, an ADD and
   * one more copy (each copy at most opcode + 4-byte size + 4-byte address, the ADD one opcode
   * and 5 data bytes), not one RUN instruction per run.
   */
  @Test
  void sourceRunsAfterAnInsertionAreOneCopyNotManyRuns() throws IOException {
    Random r = new Random(7);
    ByteArrayOutputStream s = new ByteArrayOutputStream();
    s.writeBytes(TestData.random(1, 4096));
    int at = 0;
    for (int i = 0; i < 2000; i++) {
      if (i == 1500) {
        at = s.size(); // every byte value has had runs before this one
      }
      byte v = (byte) r.nextInt(256);
      int n = 20 + r.nextInt(300);
      for (int k = 0; k < n; k++) {
        s.write(v);
      }
    }
    byte[] source = s.toByteArray();
    byte[] target = new byte[source.length + 5];
    System.arraycopy(source, 0, target, 0, at);
    System.arraycopy(new byte[] {1, 2, 3, 4, 5}, 0, target, at, 5);
    System.arraycopy(source, at, target, at + 5, source.length - at);
    int bound = FIXED + 2 * (1 + 4 + 4) + 1 + 5;
    for (int level = 1; level <= 9; level++) {
      int size = encode(level, source, target).length;
      assertTrue(size <= bound, "level " + level + ": " + size + " bytes, expected at most " + bound);
    }
  }

  /**
   * One changed byte every 4 KiB of text: each edit costs at most an ADD of one byte (opcode +
   * data byte) and the copy that resumes at the same offset (opcode, size varint of 2 bytes, and
   * an address of at most 3 bytes for a 1 MiB source): 8 bytes an edit.
   */
  @Test
  void scatteredSingleByteEditsCostAtMostEightBytesEach() throws IOException {
    byte[] source = TestData.text(3, 1 << 20);
    byte[] target = source.clone();
    Random r = new Random(11);
    int edits = 0;
    for (int p = 2048; p < target.length - 2048; p += 4096) {
      target[p] = (byte) (target[p] ^ (1 + r.nextInt(255)));
      edits++;
    }
    int bound = FIXED + edits * 8;
    for (int level : new int[] {1, 6, 9}) {
      int size = encode(level, source, target).length;
      assertTrue(size <= bound, "level " + level + ": " + size + " bytes, expected at most " + bound);
    }
  }

  /**
   * Word-sized edits in text made of a few common words: the bytes after each edit occur all over
   * the source, so the whole-source index (first occurrence wins) points far away and only a
   * search near the previous copy re-synchronises within a few bytes.
   */
  @Test
  void smallEditsInRepetitiveTextResyncNearby() throws IOException {
    byte[] source = TestData.text(5, 1 << 20);
    byte[] target = TestData.edited(source, 9, 300, 12, false);
    int edits = 300;
    // Each edit: ADD of up to 12 bytes (opcode, size, data) and a copy (opcode, size, address):
    // at most 1 + 1 + 12 + 1 + 3 + 4 = 22 bytes, 17 on average.
    int bound = FIXED + edits * 17;
    int size = encode(VcdiffEncoder.DEFAULT_LEVEL, source, target).length;
    assertTrue(size <= bound, size + " bytes, expected at most " + bound);
  }

  /**
   * The case that made the default level sample its source every 4th position only with a
   * look-ahead (typescript 5.8.2 -> 5.8.3 .tar, where a 27-byte self-match hid a 53-byte source
   * match): a 100-byte block R sits in the source one byte past the index's grid, and every seed
   * of R from its 4th byte on first occurs earlier in the source as an 8-byte decoy, so only the
   * sample 3 bytes into R points at R (unless an earlier sample took its bucket: seeded data where
   * none does). The target repeats R's first 60 bytes (a self-match found at
   * R's start), then, further on, a copy of another source block U and R itself. R must still come out as one source copy: it costs at
   * most 12 bytes of delta (19 without the look-ahead: a 60-byte self-copy, then decoy copies).
   */
  @Test
  void aSourceMatchOffTheSamplingGridBeatsAShorterMatchFoundFirst() throws IOException {
    byte[] block = TestData.random(21, 100);
    ByteArrayOutputStream s = new ByteArrayOutputStream();
    byte[] filler = TestData.random(23, 8);
    for (int k = 4; k + 8 <= block.length; k++) { // every decoy starts on a multiple of 16
      s.write(block, k, 8);
      s.writeBytes(filler);
      filler[k % 8]++;
    }
    s.write(0); // R starts at 1 mod 16
    int at = s.size();
    s.writeBytes(block);
    // A long tail, so that few samples come before R's and one of them rarely takes its bucket;
    // then a block U that the target copies right before R, so that R's first byte is probed.
    s.writeBytes(TestData.random(25, 1 << 16));
    s.writeBytes(LEAD_IN);
    s.writeBytes(TestData.random(30, 1024));
    byte[] source = s.toByteArray();
    assertTrue(at % 4 == 1, "R must start off every power-of-two grid");

    byte[] withBlock = target(block, block);
    byte[] withoutBlock = target(block, TestData.random(26, block.length));
    int saved = encode(VcdiffEncoder.DEFAULT_LEVEL, source, withoutBlock).length
        - encode(VcdiffEncoder.DEFAULT_LEVEL, source, withBlock).length;
    assertTrue(saved >= block.length - 12,
        "R cost " + (block.length - saved) + " bytes of delta, expected at most 12");
  }

  private static final byte[] LEAD_IN = TestData.random(31, 64);

  /**
   * Unrelated bytes, R's first 60 bytes, more unrelated bytes (past the local re-sync), U, then R
   * or what replaces it.
   */
  private static byte[] target(byte[] block, byte[] second) {
    ByteArrayOutputStream t = new ByteArrayOutputStream();
    t.writeBytes(TestData.random(27, 2048));
    t.write(block, 0, 60);
    t.writeBytes(TestData.random(28, 4096));
    t.writeBytes(LEAD_IN);
    t.writeBytes(second);
    t.writeBytes(TestData.random(29, 2048));
    return t.toByteArray();
  }

  private static byte[] scatteredPair(long seed, byte[] source) {
    // Like the benchmark's synthetic scattered pair: 1-32 byte replacements, insertions and
    // deletions, every ~2 KiB.
    Random r = new Random(seed);
    ByteArrayOutputStream t = new ByteArrayOutputStream();
    int pos = 0;
    while (pos < source.length) {
      int n = Math.min(1 + r.nextInt(4096), source.length - pos);
      t.write(source, pos, n);
      pos += n;
      int k = 1 + r.nextInt(32);
      byte[] fresh = new byte[k];
      r.nextBytes(fresh);
      switch (r.nextInt(3)) {
        case 0 -> {
          t.writeBytes(fresh);
          pos += k;
        }
        case 1 -> t.writeBytes(fresh);
        default -> pos += k;
      }
    }
    return t.toByteArray();
  }

  private static byte[] mixedSource(long seed, int n) {
    // Text, records, random bytes and runs of one byte, in sections.
    Random r = new Random(seed);
    ByteArrayOutputStream s = new ByteArrayOutputStream();
    while (s.size() < n) {
      int len = 2048 + r.nextInt(16384);
      switch (r.nextInt(4)) {
        case 0 -> s.writeBytes(TestData.text(r.nextLong(), len));
        case 1 -> s.writeBytes(TestData.random(r.nextLong(), len));
        case 2 -> {
          for (int i = 0; s.size() < n && i < len / 24; i++) {
            s.writeBytes(String.format("id=%08d value=%05d\n", r.nextInt(1 << 20), i).getBytes(
                java.nio.charset.StandardCharsets.US_ASCII));
          }
        }
        default -> {
          for (int done = 0; done < len; ) {
            int k = 8 + r.nextInt(300);
            byte v = (byte) r.nextInt(256);
            for (int i = 0; i < k; i++) {
              s.write(v);
            }
            done += k;
          }
        }
      }
    }
    return java.util.Arrays.copyOf(s.toByteArray(), n);
  }

  @Test
  void scatteredEditsNoLargerThanXdelta3() throws IOException {
    Xdelta3.require();
    byte[] source = mixedSource(21, 4 << 20);
    byte[] target = scatteredPair(23, source);
    byte[] xd9 = Xdelta3.encode(dir, source, target, "-9", "-S", "none", "-D");
    byte[] xd1 = Xdelta3.encode(dir, source, target, "-1", "-S", "none", "-D");
    int x9 = xd9.length - fileHeaderSize(xd9);
    int x1 = xd1.length - fileHeaderSize(xd1);
    byte[] d6 = encode(VcdiffEncoder.DEFAULT_LEVEL, source, target);
    byte[] d1 = encode(1, source, target);
    assertArrayEquals(target, Xdelta3.decode(dir, source, d6));
    assertArrayEquals(target, Xdelta3.decode(dir, source, d1));
    // Compared without the file headers: xdelta3 puts the (temporary) file names there.
    int b6 = d6.length - fileHeaderSize(d6);
    int b1 = d1.length - fileHeaderSize(d1);
    assertTrue(b6 <= x9, "default level: " + b6 + " bytes, xdelta3 -9: " + x9);
    assertTrue(b1 <= x1, "level 1: " + b1 + " bytes, xdelta3 -1: " + x1);
  }

  /** Bytes of a delta's file header: magic, indicator, secondary id, application header. */
  private static int fileHeaderSize(byte[] d) {
    int p = 5;
    int ind = d[4];
    if ((ind & Constants.VCD_DECOMPRESS) != 0) {
      p++;
    }
    if ((ind & Constants.VCD_APPHEADER) != 0) {
      int len = 0;
      int b;
      do {
        b = d[p++] & 0xFF;
        len = len << 7 | (b & 0x7F);
      } while (b >= 0x80);
      p += len;
    }
    return p;
  }
}
