package io.deltaglider.archive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.deltaglider.archive.WrappedDeflater.Wrapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.HexFormat;
import java.util.Random;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * The zlib and gzip wrappers: byte-for-byte equality with {@code java.util.zip.Deflater} in its zlib
 * mode (the system zlib 1.2.13 here; levels 0-9, default, filtered and Huffman-only), known headers
 * written out by hand, and output that the JDK's inflater and gzip reader take back, checksums
 * included. The parameters Deflater does not expose, and gzip, are compared with zlib itself in
 * {@link WrappedDeflaterOracleTest}.
 */
class WrappedDeflaterTest {
  private static final HexFormat HEX = HexFormat.of();

  static void checkAgainstDeflater(byte[] input, int level, int strategy) {
    byte[] expected = JdkDeflater.deflate(input, level, strategy, false);
    byte[] actual = WrappedDeflater.deflate(input, new DeflateParams(level, 15, 8, strategy), Wrapper.ZLIB);
    if (!java.util.Arrays.equals(expected, actual)) {
      assertArrayEquals(expected, actual, "level " + level + " strategy " + strategy + " input of "
          + input.length + " bytes");
    }
  }

  @Property(tries = 200)
  void zlibWrapperMatchesDeflater(@ForAll("inputs") byte[] input, @ForAll @IntRange(min = 0, max = 9) int level,
      @ForAll("strategies") int strategy) {
    checkAgainstDeflater(input, level, strategy);
  }

  /** Every level and strategy on empty input, tiny input and sizes around stored-block and window boundaries. */
  @Test
  void zlibWrapperMatchesDeflaterAtBoundaries() {
    long seed = 1;
    for (int size : new int[] {0, 1, 2, 3, 258, 16_383, 32_768, 65_535, 65_536, 65_535 + 32_768, 140_000}) {
      Inputs.Kind kind = Inputs.Kind.values()[(int) (seed % Inputs.Kind.values().length)];
      byte[] input = Inputs.generate(kind, size, seed++, 1 << 15);
      for (int level = 0; level <= 9; level++) {
        for (int strategy = 0; strategy <= 2; strategy++) {
          checkAgainstDeflater(input, level, strategy);
        }
      }
    }
  }

  /** The two bytes zlib writes first, by level (FLEVEL 0-3), strategy and window size. */
  @Test
  void zlibHeaders() {
    String[] byLevel = {"7801", "7801", "785e", "785e", "785e", "785e", "789c", "78da", "78da", "78da"};
    for (int level = 0; level <= 9; level++) {
      assertEquals(byLevel[level], HEX.formatHex(WrappedDeflater.zlibHeader(DeflateParams.of(level))), "level " + level);
    }
    // No string matching, so FLEVEL 0 whatever the level; FILTERED still matches strings.
    assertEquals("7801", HEX.formatHex(WrappedDeflater.zlibHeader(new DeflateParams(9, 15, 8, DeflateParams.HUFFMAN_ONLY))));
    assertEquals("7801", HEX.formatHex(WrappedDeflater.zlibHeader(new DeflateParams(6, 15, 8, DeflateParams.RLE))));
    assertEquals("7801", HEX.formatHex(WrappedDeflater.zlibHeader(new DeflateParams(6, 15, 8, DeflateParams.FIXED))));
    assertEquals("789c", HEX.formatHex(WrappedDeflater.zlibHeader(new DeflateParams(6, 15, 8, DeflateParams.FILTERED))));
    assertEquals("1819", HEX.formatHex(WrappedDeflater.zlibHeader(new DeflateParams(1, 9, 8, 0))));
    assertEquals("48c7", HEX.formatHex(WrappedDeflater.zlibHeader(new DeflateParams(9, 12, 8, 0))));
    for (int w = 9; w <= 15; w++) {
      for (int level = 0; level <= 9; level++) {
        byte[] h = WrappedDeflater.zlibHeader(new DeflateParams(level, w, 8, 0));
        int v = (h[0] & 0xff) << 8 | (h[1] & 0xff);
        assertEquals(0, v % 31);
        assertEquals(8 | (w - 8) << 4, h[0] & 0xff);
        assertEquals(0, h[1] & 0x20, "FDICT is never set");
      }
    }
  }

  /** Whole streams for empty input, worked out by hand from RFC 1950/1952 and zlib's rules. */
  @Test
  void emptyInput() {
    // Header, a static block with just end-of-block, Adler-32 of nothing (1).
    assertEquals("789c030000000001", HEX.formatHex(WrappedDeflater.deflate(new byte[0], DeflateParams.of(6), Wrapper.ZLIB)));
    // Level 0: an empty stored last block.
    assertEquals("7801010000ffff00000001", HEX.formatHex(WrappedDeflater.deflate(new byte[0], DeflateParams.of(0), Wrapper.ZLIB)));
    // gzip: magic, deflate, no flags, mtime 0, XFL, OS 3 (Unix); the block; CRC-32 0, ISIZE 0.
    assertEquals("1f8b08000000000000030300" + "0000000000000000",
        HEX.formatHex(WrappedDeflater.deflate(new byte[0], DeflateParams.of(6), Wrapper.GZIP)));
    assertEquals("0300", HEX.formatHex(WrappedDeflater.deflate(new byte[0], DeflateParams.of(6), Wrapper.RAW)));
  }

  /** XFL: 2 at level 9 (whatever the strategy), 4 at levels 0-1 or without string matching, else 0. */
  @Test
  void gzipExtraFlags() {
    assertEquals(2, GzipHeader.extraFlags(DeflateParams.of(9)));
    assertEquals(2, GzipHeader.extraFlags(new DeflateParams(9, 15, 8, DeflateParams.HUFFMAN_ONLY)));
    assertEquals(4, GzipHeader.extraFlags(DeflateParams.of(0)));
    assertEquals(4, GzipHeader.extraFlags(DeflateParams.of(1)));
    assertEquals(4, GzipHeader.extraFlags(new DeflateParams(6, 15, 8, DeflateParams.RLE)));
    assertEquals(4, GzipHeader.extraFlags(new DeflateParams(5, 15, 8, DeflateParams.FIXED)));
    assertEquals(0, GzipHeader.extraFlags(new DeflateParams(8, 15, 8, DeflateParams.FILTERED)));
    for (int level = 2; level <= 8; level++) {
      assertEquals(0, GzipHeader.extraFlags(DeflateParams.of(level)), "level " + level);
    }
    byte[] gz = WrappedDeflater.deflate(new byte[] {1, 2, 3}, DeflateParams.of(1), Wrapper.GZIP);
    assertEquals(4, gz[8]);
    assertEquals(3, gz[9]);
  }

  /** A header with every field, byte by byte, its CRC-16 being the low half of the CRC-32 of what precedes it. */
  @Test
  void gzipHeaderWithEveryField() {
    GzipHeader h = GzipHeader.ZLIB_DEFAULT.withMtime(0x01020304L).withOs(255).withText(true).withHeaderCrc(true)
        .withExtra(new byte[] {'A', 'B', 1, 0, 9}).withName(new byte[] {'a', '.', 't'}).withComment(new byte[] {'c'});
    byte[] bytes = h.bytes(DeflateParams.of(9));
    String withoutCrc = "1f8b08" + "1f" + "04030201" + "02" + "ff" + "0500" + "4142010009" + "612e7400" + "6300";
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(HEX.parseHex(withoutCrc));
    int c = (int) crc.getValue();
    assertEquals(withoutCrc + HEX.formatHex(new byte[] {(byte) c, (byte) (c >>> 8)}), HEX.formatHex(bytes));
  }

  @Property(tries = 150)
  void readableByTheJdk(@ForAll("params") DeflateParams p, @ForAll("inputs") byte[] input,
      @ForAll("headers") GzipHeader header) throws IOException, DataFormatException {
    assertArrayEquals(input, inflate(WrappedDeflater.deflate(input, p, Wrapper.ZLIB), false));
    assertArrayEquals(input, inflate(WrappedDeflater.deflate(input, p, Wrapper.RAW), true));
    assertArrayEquals(input, gunzip(WrappedDeflater.deflate(input, p, Wrapper.GZIP)));
    assertArrayEquals(input, gunzip(WrappedDeflater.gzip(input, p, header)));
  }

  /** A flipped bit in the data changes the trailer check, which the JDK's readers verify. */
  @Test
  void trailersAreChecked() {
    byte[] input = Inputs.generate(Inputs.Kind.TEXT, 5000, 4, 1 << 15);
    byte[] z = WrappedDeflater.deflate(input, DeflateParams.of(6), Wrapper.ZLIB);
    z[z.length - 1] ^= 1;
    assertThrows(DataFormatException.class, () -> inflate(z, false));
    byte[] g = WrappedDeflater.deflate(input, DeflateParams.of(6), Wrapper.GZIP);
    g[g.length - 8] ^= 1;
    assertThrows(IOException.class, () -> gunzip(g));
    byte[] n = WrappedDeflater.deflate(input, DeflateParams.of(6), Wrapper.GZIP);
    n[n.length - 4] ^= 1; // ISIZE
    assertThrows(IOException.class, () -> gunzip(n));
  }

  /** Written in pieces of any size, the stream is the same, and totalOut counts header and trailer. */
  @Property(tries = 80)
  void anySplitGivesTheSameStream(@ForAll("params") DeflateParams p, @ForAll("inputs") byte[] input,
      @ForAll Wrapper wrapper, @ForAll long seed) throws IOException {
    Random r = new Random(seed);
    WrappedDeflater d = new WrappedDeflater(p, wrapper);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int off = 0;
    while (off < input.length) {
      int n = Math.min(input.length - off, r.nextInt(4) == 0 ? 0 : 1 + r.nextInt(r.nextBoolean() ? 50 : 70_000));
      d.write(input, off, n, out);
      assertEquals(out.size(), d.totalOut());
      off += n;
    }
    d.finish(out);
    assertEquals(out.size(), d.totalOut());
    assertArrayEquals(WrappedDeflater.deflate(input, p, wrapper), out.toByteArray(), p + " " + wrapper);
  }

  /** The raw stream inside each wrapper is ZlibDeflater's, unchanged. */
  @Property(tries = 60)
  void theStreamInsideIsTheRawOne(@ForAll("params") DeflateParams p, @ForAll("inputs") byte[] input) {
    byte[] raw = ZlibDeflater.deflate(input, p);
    assertArrayEquals(raw, WrappedDeflater.deflate(input, p, Wrapper.RAW));
    byte[] z = WrappedDeflater.deflate(input, p, Wrapper.ZLIB);
    assertArrayEquals(raw, java.util.Arrays.copyOfRange(z, 2, z.length - 4));
    byte[] g = WrappedDeflater.deflate(input, p, Wrapper.GZIP);
    assertArrayEquals(raw, java.util.Arrays.copyOfRange(g, 10, g.length - 8));
  }

  @Test
  void refusesWhatZlibWouldNotWrite() throws IOException {
    assertThrows(IllegalArgumentException.class, () -> GzipHeader.ZLIB_DEFAULT.withName(new byte[] {'a', 0, 'b'}));
    assertThrows(IllegalArgumentException.class, () -> GzipHeader.ZLIB_DEFAULT.withComment(new byte[] {0}));
    assertThrows(IllegalArgumentException.class, () -> GzipHeader.ZLIB_DEFAULT.withExtra(new byte[65536]));
    assertThrows(IllegalArgumentException.class, () -> GzipHeader.ZLIB_DEFAULT.withMtime(-1));
    assertThrows(IllegalArgumentException.class, () -> GzipHeader.ZLIB_DEFAULT.withMtime(1L << 32));
    assertThrows(IllegalArgumentException.class, () -> GzipHeader.ZLIB_DEFAULT.withOs(256));
    assertThrows(NullPointerException.class, () -> new WrappedDeflater(DeflateParams.of(6), (Wrapper) null));
    WrappedDeflater d = new WrappedDeflater(DeflateParams.of(6), Wrapper.ZLIB);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertThrows(IndexOutOfBoundsException.class, () -> d.write(new byte[4], 3, 2, out));
    assertEquals(0, out.size(), "nothing written for a refused call");
    d.finish(out);
    assertThrows(IllegalStateException.class, () -> d.write(new byte[1], 0, 1, out));
    assertThrows(IllegalStateException.class, () -> d.finish(out));
  }

  /** Fields given to the header are copied: changing the caller's array afterwards changes nothing. */
  @Test
  void headerFieldsAreCopied() {
    byte[] name = {'x'};
    GzipHeader h = GzipHeader.ZLIB_DEFAULT.withName(name);
    name[0] = 'y';
    assertEquals('x', h.name()[0]);
    h.name()[0] = 'z';
    assertEquals('x', h.name()[0]);
  }

  static byte[] inflate(byte[] data, boolean nowrap) throws DataFormatException {
    Inflater inf = new Inflater(nowrap);
    try {
      inf.setInput(data);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buf = new byte[65536];
      while (!inf.finished()) {
        int n = inf.inflate(buf);
        if (n == 0 && !inf.finished() && (inf.needsInput() || inf.needsDictionary())) {
          throw new DataFormatException("truncated");
        }
        out.write(buf, 0, n);
      }
      assertEquals(0, inf.getRemaining(), "bytes after the stream");
      return out.toByteArray();
    } finally {
      inf.end();
    }
  }

  static byte[] gunzip(byte[] data) throws IOException {
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(data))) {
      return in.readAllBytes();
    }
  }

  @Provide
  Arbitrary<byte[]> inputs() {
    return Inputs.any(200_000);
  }

  @Provide
  Arbitrary<Integer> strategies() {
    return Arbitraries.of(Deflater.DEFAULT_STRATEGY, Deflater.FILTERED, Deflater.HUFFMAN_ONLY);
  }

  @Provide
  Arbitrary<DeflateParams> params() {
    return Combinators.combine(
        Arbitraries.integers().between(0, 9), Arbitraries.integers().between(9, 15),
        Arbitraries.integers().between(1, 9), Arbitraries.integers().between(0, 4))
        .as(DeflateParams::new);
  }

  @Provide
  Arbitrary<GzipHeader> headers() {
    return gzipHeaders();
  }

  /** Headers with any mix of fields, names and comments up to 1500 bytes (past zlib's smallest pending buffer). */
  static Arbitrary<GzipHeader> gzipHeaders() {
    Arbitrary<byte[]> text = Arbitraries.bytes().filter(b -> b != 0).array(byte[].class)
        .ofMaxSize(1500).injectNull(0.4);
    Arbitrary<byte[]> extra = Arbitraries.bytes().array(byte[].class).ofMaxSize(700).injectNull(0.5);
    Arbitrary<Long> mtime = Arbitraries.oneOf(Arbitraries.of(0L, 1L, 0x7FFF_FFFFL, 0x8000_0000L, 0xFFFF_FFFFL),
        Arbitraries.longs().between(0, 0xFFFF_FFFFL));
    return Combinators.combine(mtime, Arbitraries.integers().between(0, 255), text, text, extra,
        Arbitraries.of(true, false), Arbitraries.of(true, false))
        .as((t, os, name, comment, ex, isText, hcrc) -> GzipHeader.ZLIB_DEFAULT.withMtime(t).withOs(os)
            .withName(name).withComment(comment).withExtra(ex).withText(isText).withHeaderCrc(hcrc));
  }
}
