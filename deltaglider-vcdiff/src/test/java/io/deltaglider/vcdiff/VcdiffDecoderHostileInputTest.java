package io.deltaglider.vcdiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deltaglider.vcdiff.testing.RawDelta;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Hand-made deltas: each malformed one is refused with a message saying what and where. */
class VcdiffDecoderHostileInputTest {
  private static final byte[] NONE = new byte[0];
  // Default code table opcodes.
  private static final int ADD_EXPLICIT = 1;
  private static final int RUN = 0;
  private static final int COPY_SELF_EXPLICIT = 19;

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  private static VcdiffException refused(byte[] source, byte[] delta, String expectedMessagePart) {
    VcdiffException e = assertThrows(VcdiffException.class, () -> VcdiffDecoder.create().decode(source, delta));
    assertTrue(e.getMessage().contains(expectedMessagePart), "message was: " + e.getMessage());
    return e;
  }

  @Test
  void refusesNonVcdiffAndShortInput() {
    refused(NONE, new byte[0], "too short");
    refused(NONE, new byte[] {(byte) 0xD6, (byte) 0xC3}, "too short");
    refused(NONE, b("PK\u0003\u0004 zip"), "bad magic");
    VcdiffException e = refused(NONE, new byte[] {(byte) 0xD6, (byte) 0xC3, (byte) 0xC4, 7, 0}, "version");
    assertEquals(3, e.offset());
  }

  @Test
  void refusesUnknownIndicatorBitsAndCompressors() {
    refused(NONE, RawDelta.header(0, 0x08).toByteArray(), "Hdr_Indicator");
    refused(NONE, RawDelta.header(0, 0x01).bytes(99).toByteArray(), "unknown secondary compressor id 99");
    refused(NONE, RawDelta.header(0, 0).bytes(0x08).toByteArray(), "Win_Indicator");
    refused(NONE, RawDelta.header(0, 0).bytes(0x03, 0, 0).toByteArray(), "both VCD_SOURCE and VCD_TARGET");
    byte[] compressedWithoutCompressor = RawDelta.header(0, 0)
        .window(0, 0, 0, 1, 0x01, b("a"), new byte[] {2}, NONE, -1).toByteArray();
    refused(NONE, compressedWithoutCompressor, "names no secondary compressor");
  }

  @Test
  void decodesAddRunAndOverlappingCopies() throws Exception {
    // "ab" then COPY 8 from target offset 0 (overlaps itself: ababababab), then RUN of 3 'z'.
    byte[] delta = RawDelta.header(0, 0)
        .window(0, 0, 0, 13, 0, b("abz"),
            new byte[] {(byte) (ADD_EXPLICIT), 2, (byte) COPY_SELF_EXPLICIT, 8, RUN, 3}, new byte[] {0}, -1)
        .toByteArray();
    assertArrayEquals(b("abababababzzz"),
        VcdiffDecoder.create().decode(NONE, delta));
  }

  @Test
  void decodesTargetWindowsCopyingEarlierOutput() throws Exception {
    // Window 1 adds "hello world"; window 2 is a VCD_TARGET window copying "world" from it.
    RawDelta d = RawDelta.header(0, 0)
        .window(0, 0, 0, 11, 0, b("hello world"), new byte[] {ADD_EXPLICIT, 11}, NONE, -1)
        .window(0x02, 5, 6, 6, 0, b("!"), new byte[] {(byte) COPY_SELF_EXPLICIT, 5, ADD_EXPLICIT, 1},
            new byte[] {0}, -1);
    byte[] delta = d.toByteArray();
    assertArrayEquals(b("hello worldworld!"), VcdiffDecoder.create().decode(NONE, delta));
    ByteArrayOutputStream streamed = new ByteArrayOutputStream();
    VcdiffDecoder.create().decode(SourceData.empty(), new ByteArrayInputStream(delta), streamed);
    assertArrayEquals(b("hello worldworld!"), streamed.toByteArray());
  }

  @Test
  void refusesCopiesOutsideTheirWindowOrSource() {
    byte[] source = b("0123456789");
    // Address 12 >= here (cpyLen 10 + 0).
    refused(source, RawDelta.header(0, 0).window(1, 10, 0, 4, 0, NONE,
        new byte[] {(byte) COPY_SELF_EXPLICIT, 4}, new byte[] {12}, -1).toByteArray(), "COPY address 12");
    // Copy window reaches past the end of the source.
    refused(source, RawDelta.header(0, 0).window(1, 10, 8, 4, 0, NONE,
        new byte[] {(byte) COPY_SELF_EXPLICIT, 4}, new byte[] {0}, -1).toByteArray(), "past the end of the source");
    // Copy crossing the source/target boundary.
    refused(source, RawDelta.header(0, 0).window(1, 4, 0, 6, 0, NONE,
        new byte[] {(byte) COPY_SELF_EXPLICIT, 6}, new byte[] {2}, -1).toByteArray(), "crosses the end of the copy window");
    // VCD_TARGET window before any output.
    refused(NONE, RawDelta.header(0, 0).window(2, 4, 0, 4, 0, NONE,
        new byte[] {(byte) COPY_SELF_EXPLICIT, 4}, new byte[] {0}, -1).toByteArray(), "decoded so far");
  }

  @Test
  void refusesSectionUnderflowAndLeftovers() {
    refused(NONE, RawDelta.header(0, 0).window(0, 0, 0, 5, 0, b("abc"),
        new byte[] {ADD_EXPLICIT, 5}, NONE, -1).toByteArray(), "data section underflow");
    refused(NONE, RawDelta.header(0, 0).window(0, 0, 0, 2, 0, b("abc"),
        new byte[] {ADD_EXPLICIT, 2}, NONE, -1).toByteArray(), "unused bytes left in the data section");
    refused(NONE, RawDelta.header(0, 0).window(0, 0, 0, 3, 0, b("abc"),
        new byte[] {ADD_EXPLICIT, 2}, NONE, -1).toByteArray(), "window length mismatch");
    refused(NONE, RawDelta.header(0, 0).window(0, 0, 0, 3, 0, b("abc"),
        new byte[] {ADD_EXPLICIT, 9}, NONE, -1).toByteArray(), "overflows the target window");
    refused(NONE, RawDelta.header(0, 0).window(0, 0, 0, 3, 0, b("abc"),
        new byte[] {ADD_EXPLICIT, 3}, new byte[] {1}, -1).toByteArray(), "unused bytes left in the addresses");
  }

  @Test
  void refusesLyingLengthsWithoutAllocatingForThem() {
    // Claims a 2^62-byte delta encoding and a 40 MB data section in a 20-byte file.
    refused(NONE, RawDelta.header(0, 0).bytes(0).varint(1L << 62).varint(10).bytes(0)
        .varint(40_000_000).varint(0).varint(0).toByteArray(), "limit");
    byte[] truncated = RawDelta.header(0, 0).bytes(0).varint(3 + 4 + 1000).varint(1000).bytes(0)
        .varint(1000).varint(0).varint(0).bytes(1, 2, 3).toByteArray();
    refused(NONE, truncated, "ends early");
    refused(NONE, RawDelta.header(0, 0).bytes(0).bytes(0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F)
        .toByteArray(), "varint");
  }

  @Test
  void refusesMismatchedDeltaEncodingLength() {
    byte[] ok = RawDelta.header(0, 0).window(0, 0, 0, 1, 0, b("a"), new byte[] {2}, NONE, -1).toByteArray();
    byte[] bad = ok.clone();
    bad[6]++; // the delta encoding length of the only window
    refused(NONE, bad, "delta encoding length");
  }

  @Test
  void enforcesWindowAndTargetLimits() throws Exception {
    byte[] delta = RawDelta.header(0, 0).window(0, 0, 0, 1000, 0, b("x"), new byte[] {RUN, (byte) 0x87, 0x68},
        NONE, -1).toByteArray();
    VcdiffDecoder small = VcdiffDecoder.builder().maxWindowSize(999).build();
    VcdiffException e = assertThrows(VcdiffException.class, () -> small.decode(NONE, delta));
    assertTrue(e.getMessage().contains("target window length 1000 exceeds the limit of 999"), e.getMessage());
    VcdiffDecoder capped = VcdiffDecoder.builder().maxTargetSize(500).build();
    e = assertThrows(VcdiffException.class, () -> capped.decode(NONE, delta));
    assertTrue(e.getMessage().contains("limit of 500"), e.getMessage());
    assertEquals(1000, VcdiffDecoder.create().decode(NONE, delta).length);
  }

  @Test
  void verifiesXdelta3ChecksumsUnlessToldNotTo() throws Exception {
    java.util.zip.Adler32 a = new java.util.zip.Adler32();
    a.update(b("abc"));
    long good = a.getValue();
    byte[] ok = RawDelta.header(0, 0).window(0x04, 0, 0, 3, 0, b("abc"), new byte[] {ADD_EXPLICIT, 3}, NONE, good)
        .toByteArray();
    assertArrayEquals(b("abc"), VcdiffDecoder.create().decode(NONE, ok));
    byte[] bad = RawDelta.header(0, 0).window(0x04, 0, 0, 3, 0, b("abc"), new byte[] {ADD_EXPLICIT, 3}, NONE, good ^ 1)
        .toByteArray();
    refused(NONE, bad, "checksum mismatch");
    assertArrayEquals(b("abc"), VcdiffDecoder.builder().verifyChecksums(false).build().decode(NONE, bad));
  }

  @Test
  void decodesACustomCodeTable() throws Exception {
    // A table equal to the default but with ADD and RUN swapped at opcodes 0 and 1, near 2 / same 1,
    // sent (RFC 3284 section 7) as a delta against the default table's string.
    byte[] def = CodeTable.defaultTable().toBytes();
    byte[] custom = def.clone();
    custom[0] = Constants.ADD;   // inst1[0]
    custom[1] = Constants.RUN;   // inst1[1]
    custom[512 + 0] = 0;         // size1[0]: explicit
    custom[512 + 1] = 0;         // size1[1]: explicit
    // Mode values must stay below 2 + near + same = 5: clamp the default table's modes.
    for (int i = 1024; i < 1536; i++) {
      custom[i] = (byte) Math.min(custom[i] & 0xFF, 4);
    }
    byte[] tableDelta = RawDelta.header(0, 0).window(0, 0, 0, 1536, 0, custom,
        new byte[] {ADD_EXPLICIT, (byte) 0x8C, 0x00}, NONE, -1).toByteArray();
    byte[] tableData = new byte[2 + tableDelta.length];
    tableData[0] = 2;
    tableData[1] = 1;
    System.arraycopy(tableDelta, 0, tableData, 2, tableDelta.length);
    // With the custom table, opcode 0 is ADD (explicit size) and opcode 1 is RUN (explicit size).
    byte[] delta = RawDelta.header(0, Constants.VCD_CODETABLE).varint(tableData.length).bytes(tableData)
        .window(0, 0, 0, 6, 0, b("hiz"), new byte[] {0, 2, 1, 4}, NONE, -1).toByteArray();
    assertArrayEquals(b("hizzzz"), VcdiffDecoder.create().decode(NONE, delta));
  }
}
