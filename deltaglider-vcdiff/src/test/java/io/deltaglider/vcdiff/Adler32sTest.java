package io.deltaglider.vcdiff;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.zip.Adler32;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class Adler32sTest {
  private static long jdk(byte[] b, int off, int len) {
    Adler32 a = new Adler32();
    a.update(b, off, len);
    return a.getValue();
  }

  @Property(tries = 500)
  void matchesTheJdkOnAnyBytesAndOffsets(
      @ForAll @Size(max = 300) byte[] bytes, @ForAll @IntRange(max = 16) int skip) {
    int off = Math.min(skip, bytes.length);
    assertEquals(jdk(bytes, off, bytes.length - off), Adler32s.of(bytes, off, bytes.length - off));
  }

  @Test
  void matchesTheJdkOnLongRunsOfMaximalBytesAcrossReductionBlocks() {
    // 0xFF everywhere maximises both sums: the worst case for the deferred modulo.
    byte[] ff = new byte[(1 << 18) + 13];
    java.util.Arrays.fill(ff, (byte) 0xFF);
    assertEquals(jdk(ff, 0, ff.length), Adler32s.of(ff, 0, ff.length));
    byte[] mixed = new byte[3_000_017];
    new java.util.Random(5).nextBytes(mixed);
    assertEquals(jdk(mixed, 7, mixed.length - 7), Adler32s.of(mixed, 7, mixed.length - 7));
  }

  @Test
  void continuesAnEarlierValue() {
    byte[] b = "hello adler world, split anywhere".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    long first = Adler32s.of(b, 0, 11);
    assertEquals(jdk(b, 0, b.length), Adler32s.update(first, b, 11, b.length - 11));
  }
}
