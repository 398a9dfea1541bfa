package io.deltaglider.storage.fs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The sidecar file format (FORMAT.md section 5.4) and its record binding, on their own. */
class SidecarFileTest {
  @TempDir Path dir;

  private static final String FP = "0123456789abcdef0123456789abcdef";

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void theNameIsADotTheDataNameAndTheSuffix() {
    Path sc = SidecarFile.of(dir.resolve("app-1.1.zip"));
    assertEquals(".app-1.1.zip\\dg-meta", sc.getFileName().toString());
    assertEquals(dir, sc.getParent());
    assertTrue(SidecarFile.isSidecarName(sc.getFileName().toString()));
    assertEquals("app-1.1.zip", SidecarFile.dataName(sc.getFileName().toString()));
    assertFalse(SidecarFile.isSidecarName("app-1.1.zip"));
  }

  @Test
  void formatWritesTheHeaderThenOneLinePerRecordAndParseReadsItBack() {
    SidecarRecord fresh = new SidecarRecord(12, 3456, 1_700_000_000_123_456_789L, FP);
    SidecarRecord old = new SidecarRecord(11, 7, 5, FP.replace('a', 'b'));
    String json = "{\"delta_cmd\":\"with spaces in it\",\"note\":\"delta\"}";
    byte[] text = SidecarFile.format(List.of(new SidecarFile.Entry(fresh, utf8(json)),
        new SidecarFile.Entry(old, utf8("{}"))));
    assertEquals("dg-sidecar 1\n12 3456 1700000000123456789 " + FP + " " + json + "\n11 7 5 "
        + FP.replace('a', 'b') + " {}\n", new String(text, StandardCharsets.UTF_8));
    List<SidecarFile.Entry> back = SidecarFile.parse(text);
    assertEquals(2, back.size());
    assertTrue(back.get(0).record().sameAs(fresh));
    assertEquals(FP, back.get(0).record().fingerprint);
    assertArrayEquals(utf8(json), back.get(0).json());
    assertTrue(back.get(1).record().sameAs(old));
    assertEquals(List.of(), SidecarFile.parse(utf8("dg-sidecar 1\n")), "readers accept any number of records");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "\n", "not a sidecar\n", "dg-sidecar 2\n", "dg-sidecar 1", "dg-sidecar 1\n1 2 3 " + FP
      + " {}", "dg-sidecar 1\n1 2 3 {}\n", "dg-sidecar 1\n1 2 3 abc {}\n", "dg-sidecar 1\nx 2 3 " + FP + " {}\n",
      "dg-sidecar 1\n1 2 3 " + FP + " {}\nbroken\n"})
  void anythingElseIsDamaged(String text) {
    assertThrows(IllegalArgumentException.class, () -> SidecarFile.parse(utf8(text)));
  }

  @Test
  void theFingerprintHashesTheFirstAndLast4KiBOnce() throws Exception {
    byte[] small = utf8("small");
    Path s = Files.write(dir.resolve("s"), small);
    assertEquals(sha16(small), SidecarRecord.fingerprint(FileOps.REAL, s, small.length));
    byte[] big = new byte[10_000];
    new Random(1).nextBytes(big);
    Path b = Files.write(dir.resolve("b"), big);
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    md.update(big, 0, 4096);
    md.update(big, big.length - 4096, 4096);
    assertEquals(HexFormat.of().formatHex(md.digest(), 0, 16), SidecarRecord.fingerprint(FileOps.REAL, b, big.length));
    byte[] mid = new byte[6000]; // head 0..4096, tail 4096..6000: each byte once
    new Random(2).nextBytes(mid);
    Path m = Files.write(dir.resolve("m"), mid);
    assertEquals(sha16(mid), SidecarRecord.fingerprint(FileOps.REAL, m, mid.length));
  }

  private static String sha16(byte[] b) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b), 0, 16);
  }

  @Test
  void aRecordDescribesItsDataAndCopiesOfItButNotOtherBytes() throws Exception {
    byte[] data = new byte[20_000];
    new Random(3).nextBytes(data);
    Path file = Files.write(dir.resolve("data.zip"), data);
    SidecarRecord rec = SidecarRecord.of(FileOps.REAL, file, true);
    Path sc = SidecarFile.of(file);
    Files.write(sc, SidecarFile.format(List.of(new SidecarFile.Entry(rec, utf8("{\"note\":\"passthrough\"}")))));
    assertArrayEquals(utf8("{\"note\":\"passthrough\"}"), metadataOf(file));

    // A copy on a new inode that keeps the modification time: still described.
    Path copy = dir.resolve("copy");
    Files.copy(file, copy, StandardCopyOption.COPY_ATTRIBUTES);
    Files.move(copy, file, StandardCopyOption.REPLACE_EXISTING);
    assertArrayEquals(utf8("{\"note\":\"passthrough\"}"), metadataOf(file));

    // Other bytes of the same size and time: not described.
    FileTime t = Files.getLastModifiedTime(file);
    data[data.length - 1] ^= 1;
    Files.write(file, data);
    Files.setLastModifiedTime(file, t);
    assertNull(metadataOf(file));

    assertNull(SidecarFile.metadataOf(FileOps.REAL, dir.resolve("none"), file, SidecarRecord.of(FileOps.REAL, file,
        false)), "no sidecar");
    Files.write(sc, new byte[SidecarFile.MAX_BYTES + 1]);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> metadataOf(file));
    assertTrue(e.getMessage().contains("over the limit"), e.getMessage());
  }

  private static byte[] metadataOf(Path file) throws Exception {
    return SidecarFile.metadataOf(FileOps.REAL, SidecarFile.of(file), file, SidecarRecord.of(FileOps.REAL, file, false));
  }
}
