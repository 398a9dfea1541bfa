package io.deltaglider.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bombs, lies, truncation, absurd lengths and deep nesting: every one expands and rebuilds exactly,
 * in bounded time and memory; what cannot be expanded safely stays as it is.
 */
@Timeout(120)
class HostileInputTest {

  @TempDir
  Path tmp;

  /** {@code size} zero bytes as one raw deflate stream, made without holding them. */
  static byte[] zeros(long size) {
    Deflater d = new Deflater(9, true);
    byte[] chunk = new byte[1 << 20];
    byte[] buf = new byte[1 << 16];
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (long left = size; left > 0; left -= chunk.length) {
      d.setInput(chunk, 0, (int) Math.min(left, chunk.length));
      while (!d.needsInput()) {
        out.write(buf, 0, d.deflate(buf));
      }
    }
    d.finish();
    while (!d.finished()) {
      out.write(buf, 0, d.deflate(buf));
    }
    d.end();
    return out.toByteArray();
  }

  static byte[] gzipOfStream(byte[] stream, long size) {
    return new Samples.Le().u16(0x8b1f).write1(8).write1(0).u32(0).write1(2).write1(3).bytes(stream).u32(0)
        .u32(size).toByteArray();
  }

  @Test
  void aGzipBombStaysCompressed() {
    byte[] bomb = gzipOfStream(zeros(1L << 30), 1L << 30);
    long t0 = System.nanoTime();
    RoundTrip rt = RoundTrip.of(bomb);
    long ms = (System.nanoTime() - t0) / 1_000_000;
    System.out.printf("1 GiB of zeros in %d bytes of gzip: %s, %d ms%n", bomb.length, rt.result, ms);
    assertEquals(1, rt.result.streamsBroken(), "over the ratio bound: kept as it is");
    assertTrue(rt.expanded.length < bomb.length + 64);
  }

  @Test
  void theTotalBoundHolds() {
    byte[] content = Samples.text(1, 3_000_000);
    ArchiveTransforms small = ArchiveTransforms.withLimits(ArchiveLimits.builder().maxExpandedBytes(2_000_000).build());
    RoundTrip rt = RoundTrip.of(Samples.gzip(content), small);
    assertEquals(1, rt.result.streamsBroken());
    byte[] zip = Samples.zip(6, "a", Samples.text(2, 1_500_000), "b", Samples.text(3, 1_000_000), "c",
        Samples.text(4, 10));
    RoundTrip z = RoundTrip.of(zip, small);
    assertEquals(1, z.result.streamsExpanded());
    assertEquals(1, z.result.streamsBroken(), "the second entry goes over; the rest of the zip is copied");
  }

  /**
   * 42.zip's idea: zips of zips of zips, each level deflated, eight entries each, 13 KB that would
   * expand to hundreds of MB if every level were opened. The ratio bound stops it.
   */
  @Test
  void nestedBombs() throws IOException {
    byte[] leaf = zeros(64L << 20);
    byte[] level = null;
    for (int depth = 0; depth < 4; depth++) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (ZipOutputStream zip = new ZipOutputStream(out)) {
        for (int i = 0; i < 8; i++) {
          ZipEntry e = new ZipEntry("e" + i + (level == null ? ".bin" : ".zip"));
          if (level == null) {
            // 64 MiB of zeros, compressed, stored as an opaque entry
            e.setMethod(ZipEntry.STORED);
            e.setSize(leaf.length);
            e.setCompressedSize(leaf.length);
            e.setCrc(Samples.crc(leaf));
            zip.putNextEntry(e);
            zip.write(leaf);
          } else {
            zip.putNextEntry(e);
            zip.write(level);
          }
        }
      }
      level = out.toByteArray();
    }
    long t0 = System.nanoTime();
    RoundTrip rt = RoundTrip.of(level);
    System.out.printf("nested bomb of %d bytes: %s, %d ms%n", level.length, rt.result,
        (System.nanoTime() - t0) / 1_000_000);
    assertTrue(rt.result.streamsBroken() > 0);
    assertTrue(rt.expanded.length < ArchiveLimits.RATIO_FREE_BYTES + 200L * level.length + (1 << 20));
  }

  /** Every central directory entry points at the same local header (overlapping entries). */
  @Test
  void overlappingEntries() {
    Samples.Le zip = new Samples.Le();
    byte[] content = Samples.text(5, 20_000);
    byte[] stream = Samples.deflate(content, 6, 0);
    ZipTransformTest.localHeader(zip, "kernel", 0, 8, Samples.crc(content), stream.length, content.length, new byte[0]);
    zip.bytes(stream);
    int cdStart = zip.size();
    for (int i = 0; i < 1000; i++) {
      String name = "f" + i;
      zip.u32(0x02014b50).u16(45).u16(45).u16(0).u16(8).u16(0).u16(0).u32(Samples.crc(content)).u32(stream.length)
          .u32(content.length).u16(name.length()).u16(0).u16(0).u16(0).u16(0).u32(0).u32(0).ascii(name);
    }
    int cdSize = zip.size() - cdStart;
    zip.u32(0x06054b50).u16(0).u16(0).u16(1000).u16(1000).u32(cdSize).u32(cdStart).u16(0);
    RoundTrip rt = RoundTrip.of(zip.toByteArray());
    assertEquals(1, rt.result.deflateStreams(), "each byte is looked at once");
  }

  @Test
  void lyingSizesAndBadCrcs() {
    byte[] content = Samples.text(6, 20_000);
    byte[] stream = Samples.deflate(content, 6, 0);
    Samples.Le zip = new Samples.Le();
    // sizes and CRC that are all wrong; the deflate stream ends where it ends
    ZipTransformTest.localHeader(zip, "liar", 0, 8, 0xdeadbeefL, 10, 7, new byte[0]);
    zip.bytes(stream);
    ZipTransformTest.localHeader(zip, "next", 0, 8, 0, stream.length, content.length, new byte[0]);
    zip.bytes(stream);
    // a stored entry claiming more bytes than there are
    ZipTransformTest.localHeader(zip, "short", 0, 0, 0, 1 << 30, 1 << 30, new byte[0]);
    zip.ascii("not that many bytes");
    RoundTrip rt = RoundTrip.of(zip.toByteArray());
    assertEquals(2, rt.result.streamsExpanded());
    // a stored entry whose data is the rest of the archive, another entry included
    Samples.Le quoting = new Samples.Le();
    byte[] inner = Samples.zip(6, "x", content);
    ZipTransformTest.localHeader(quoting, "quote", 0, 0, 0, inner.length, inner.length, new byte[0]);
    quoting.bytes(inner);
    RoundTrip q = RoundTrip.of(quoting.toByteArray());
    assertEquals(1, q.result.streamsExpanded());
    // a corrupt deflate stream (flipped bits in the middle)
    byte[] jar = Samples.zip(6, "a", content, "b", Samples.text(7, 5000));
    jar[200] ^= 0x55;
    RoundTrip.of(jar);
  }

  @Test
  void truncationAnywhere() {
    byte[] jar = Samples.zip(6, "a", Samples.text(8, 9000), "b", Samples.text(9, 4000), "c", new byte[0]);
    byte[] tgz = Samples.gzip(new TarWriter().file("lib/x.jar", jar).file("y", Samples.text(10, 3000)).finish());
    for (byte[] whole : new byte[][] {jar, tgz}) {
      for (int cut = 0; cut < whole.length; cut += 37) {
        RoundTrip.of(Arrays.copyOf(whole, cut));
      }
    }
  }

  @Test
  void absurdHeaderLengths() {
    Samples.Le zip = new Samples.Le();
    zip.u32(0x04034b50).u16(20).u16(0).u16(8).u16(0).u16(0).u32(0).u32(0).u32(0).u16(65535).u16(65535).ascii("x");
    RoundTrip.of(zip.toByteArray());
    Samples.Le full = new Samples.Le();
    full.u32(0x04034b50).u16(20).u16(0).u16(8).u16(0).u16(0).u32(0).u32(0).u32(0).u16(65535).u16(65535)
        .bytes(new byte[131_070]).bytes(Samples.deflate(Samples.text(11, 1000), 6, 0));
    assertEquals(1, RoundTrip.of(full.toByteArray()).result.streamsExpanded());
    // gzip: FEXTRA longer than the file, a file name that never ends
    RoundTrip.of(new Samples.Le().u16(0x8b1f).write1(8).write1(4).u32(0).u16(0x0300).u16(65535).ascii("abc")
        .toByteArray());
    byte[] name = new byte[300_000];
    Arrays.fill(name, (byte) 'n');
    RoundTrip.of(new Samples.Le().u16(0x8b1f).write1(8).write1(8).u32(0).u16(0x0300).bytes(name).toByteArray());
    // tar: a size of 8 GiB on a small file, and a base-256 size of 2^62
    byte[] tar = new TarWriter().file("a", Samples.text(12, 100)).finish();
    byte[] huge = tar.clone();
    System.arraycopy("77777777777".getBytes(), 0, huge, 124, 11);
    fixTarChecksum(huge);
    RoundTrip.of(huge);
    byte[] b256 = tar.clone();
    b256[124] = (byte) 0x80;
    Arrays.fill(b256, 125, 136, (byte) 0xff);
    fixTarChecksum(b256);
    RoundTrip.of(b256);
  }

  static void fixTarChecksum(byte[] tar) {
    Arrays.fill(tar, 148, 156, (byte) ' ');
    int sum = 0;
    for (int i = 0; i < 512; i++) {
      sum += tar[i] & 0xff;
    }
    byte[] field = String.format("%06o\0 ", sum).getBytes();
    System.arraycopy(field, 0, tar, 148, 8);
  }

  @Test
  void deepNesting() {
    byte[] zipInZip = Samples.text(13, 2000);
    byte[] gzInGz = Samples.text(13, 2000);
    for (int i = 0; i < 40; i++) {
      zipInZip = Samples.zip(i % 2 == 0 ? 6 : -1, "n" + i, zipInZip);
      gzInGz = Samples.gzip(gzInGz);
    }
    for (byte[] deep : new byte[][] {zipInZip, gzInGz}) {
      RoundTrip rt = RoundTrip.of(deep);
      assertEquals(ArchiveLimits.DEFAULT_MAX_DEPTH, rt.result.containers());
    }
    ArchiveTransforms deepest = ArchiveTransforms.withLimits(ArchiveLimits.builder().maxDepth(ArchiveLimits.MAX_DEPTH)
        .build());
    assertEquals(ArchiveLimits.MAX_DEPTH, RoundTrip.of(gzInGz, deepest).result.streamsExpanded());
  }

  /** A stream over the memory bound goes to a temporary file, which is gone afterwards. */
  @Test
  void largeStreamsSpillToTemporaryFiles() throws IOException {
    Path spillDir = Files.createDirectory(tmp.resolve("spill"));
    byte[] content = Samples.random(14, 6_000_000);
    byte[] gz = Samples.gzip(content);
    long[] mostFiles = {0};
    InputStream watching = new java.io.ByteArrayInputStream(gz) {
      @Override
      public synchronized int read(byte[] b, int off, int len) {
        try (var files = Files.list(spillDir)) {
          mostFiles[0] = Math.max(mostFiles[0], files.count());
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
        return super.read(b, off, Math.min(len, 8192));
      }
    };
    ArchiveTransforms t = ArchiveTransforms.withLimits(ArchiveLimits.builder().memoryBufferBytes(64 << 10)
        .tempDirectory(spillDir).build());
    ByteArrayOutputStream expanded = new ByteArrayOutputStream();
    ByteArrayOutputStream recipe = new ByteArrayOutputStream();
    ExpandResult r = t.expand(watching, expanded, recipe);
    assertEquals(1, r.streamsExpanded());
    assertEquals(1, mostFiles[0], "the stream went to a file while it was read");
    try (var files = Files.list(spillDir)) {
      assertEquals(0, files.count(), "and the file is gone");
    }
    RoundTrip.of(gz, t);
  }
}
