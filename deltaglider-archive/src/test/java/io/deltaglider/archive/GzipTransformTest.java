package io.deltaglider.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;

class GzipTransformTest {

  @Test
  void javaGzipIsExpanded() {
    byte[] content = Samples.text(1, 200_000);
    RoundTrip rt = RoundTrip.of(Samples.gzip(content));
    assertEquals(1, rt.result.deflateStreams());
    assertEquals(1, rt.result.streamsExpanded());
    assertTrue(rt.expandedContains(Arrays.copyOfRange(content, 150_000, 150_100)));
  }

  @Test
  void notAnArchiveIsCopied() {
    byte[] junk = Samples.random(2, 100_000);
    RoundTrip rt = RoundTrip.of(junk);
    assertEquals(0, rt.result.containers());
    RoundTrip.of(new byte[0]);
    RoundTrip.of(new byte[] {0x1f});
  }

  @Test
  void everyLevelAndStrategy() {
    byte[] content = Samples.text(3, 50_000);
    // Level 0 is left out: zlib's stored blocks depend on how the caller chunked input and output,
    // which a gzip file does not record (the round trip still holds, the stream may stay compressed).
    RoundTrip.of(gzipMember(content, 0, 0, 0, 0));
    // FILTERED only changes zlib's lazy levels (4-9), of which the search tries level 6; HUFFMAN_ONLY
    // ignores the level.
    for (int level = 1; level <= 9; level++) {
      for (int strategy : level == 6 ? new int[] {Deflater.DEFAULT_STRATEGY, Deflater.FILTERED, Deflater.HUFFMAN_ONLY}
          : level < 4 ? new int[] {Deflater.DEFAULT_STRATEGY, Deflater.FILTERED, Deflater.HUFFMAN_ONLY}
          : new int[] {Deflater.DEFAULT_STRATEGY, Deflater.HUFFMAN_ONLY}) {
        byte[] gz = gzipMember(content, level, strategy, 0, 0);
        RoundTrip rt = RoundTrip.of(gz, ArchiveTransforms.withLimits(ArchiveLimits.builder().maxTriesPerStream(13).build()));
        assertEquals(1, rt.result.streamsExpanded(), "level " + level + " strategy " + strategy);
      }
    }
  }

  /** A member with a header of the given flags and every optional field they call for. */
  static byte[] gzipMember(byte[] content, int level, int strategy, int flags, int xfl) {
    Samples.Le out = new Samples.Le();
    out.write(0x1f);
    out.write(0x8b);
    out.write(8);
    out.write(flags);
    out.u32(0x5f3759df); // MTIME
    out.write(xfl);
    out.write(3); // OS: Unix
    if ((flags & 4) != 0) {
      out.u16(6).ascii("AB").u16(2).ascii("xy");
    }
    if ((flags & 8) != 0) {
      out.ascii("name.tar").write(0);
    }
    if ((flags & 16) != 0) {
      out.ascii("a comment").write(0);
    }
    if ((flags & 2) != 0) {
      out.u16(0xbeef); // FHCRC (not checked by expand: it is RAW like the rest of the header)
    }
    out.bytes(Samples.deflate(content, level, strategy));
    out.u32(Samples.crc(content)).u32(content.length);
    return out.toByteArray();
  }

  @Test
  void everyHeaderFieldMultipleMembersAndTrailingJunk() {
    Samples.Le all = new Samples.Le();
    int members = 0;
    for (int flags = 0; flags < 32; flags++) {
      all.bytes(gzipMember(Samples.text(10 + flags, 3000 + flags * 100), flags % 2 == 0 ? 6 : 9, 0, flags,
          flags % 2 == 0 ? 0 : 2));
      members++;
    }
    all.bytes(new byte[1024]); // zero padding, as tape tools leave
    all.ascii("and some junk");
    RoundTrip rt = RoundTrip.of(all.toByteArray());
    assertEquals(members, rt.result.deflateStreams());
    assertEquals(members, rt.result.streamsExpanded());
  }

  @Test
  void reservedFlagBitsAndHeaderWithoutEndAreCopied() {
    byte[] bad = gzipMember(Samples.text(4, 1000), 6, 0, 0x20, 0);
    assertEquals(0, RoundTrip.of(bad).result.deflateStreams());
    byte[] open = Arrays.copyOf(gzipMember(Samples.text(4, 1000), 6, 0, 8, 0), 20); // FNAME cut short
    RoundTrip.of(open);
  }

  @Test
  void emptyContent() {
    RoundTrip rt = RoundTrip.of(Samples.gzip(new byte[0]));
    assertEquals(1, rt.result.streamsExpanded());
  }
}
