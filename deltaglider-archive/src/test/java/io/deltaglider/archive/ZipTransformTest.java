package io.deltaglider.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;

class ZipTransformTest {

  @Test
  void deflatedEntriesWithDataDescriptorsAreExpanded() {
    byte[] a = Samples.text(1, 40_000);
    byte[] b = Samples.text(2, 10);
    byte[] zip = Samples.zip(6, "a.txt", a, "dir/", new byte[0], "b.txt", b, "c.bin", Samples.random(3, 5000));
    RoundTrip rt = RoundTrip.of(zip);
    assertEquals(4, rt.result.deflateStreams());
    assertEquals(4, rt.result.streamsExpanded());
    assertTrue(rt.expandedContains(Arrays.copyOfRange(a, 30_000, 30_200)));
  }

  @Test
  void everyLevel() {
    for (int level = 1; level <= 9; level++) {
      byte[] zip = Samples.zip(level, "x", Samples.text(level, 70_000), "y", Samples.text(level + 20, 700));
      assertEquals(2, RoundTrip.of(zip).result.streamsExpanded(), "level " + level);
    }
  }

  @Test
  void storedEntriesCommentsAndExtraFields() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(out)) {
      zip.setComment("archive comment");
      ZipEntry stored = new ZipEntry("stored.txt");
      byte[] s = Samples.text(5, 3000);
      stored.setMethod(ZipEntry.STORED);
      stored.setSize(s.length);
      stored.setCrc(Samples.crc(s));
      stored.setComment("entry comment");
      stored.setExtra(new Samples.Le().u16(0xcafe).u16(4).u32(0x12345678).toByteArray());
      zip.putNextEntry(stored);
      zip.write(s);
      ZipEntry deflated = new ZipEntry("deflated.txt");
      deflated.setExtra(new Samples.Le().u16(0x5455).u16(5).write1(1).u32(1_700_000_000).toByteArray());
      zip.putNextEntry(deflated);
      zip.write(Samples.text(6, 9000));
    }
    RoundTrip rt = RoundTrip.of(out.toByteArray());
    assertEquals(1, rt.result.streamsExpanded());
  }

  @Test
  void junkBeforeAndAfter() {
    byte[] zip = Samples.zip(6, "a", Samples.text(7, 5000), "b", Samples.text(8, 5000));
    byte[] script = "#!/bin/sh\nexec java -jar \"$0\" \"$@\"\n".getBytes();
    Samples.Le all = new Samples.Le().bytes(script).bytes(zip).ascii("trailing junk PK\u0001\u0002");
    RoundTrip rt = RoundTrip.of(all.toByteArray());
    assertEquals(2, rt.result.streamsExpanded());
  }

  /** Hand-made entries: data descriptors without and with signature, 32- and 64-bit. */
  @Test
  void handMadeDataDescriptors() {
    Samples.Le zip = new Samples.Le();
    int entries = 0;
    for (boolean signature : new boolean[] {false, true}) {
      for (boolean wide : new boolean[] {false, true}) {
        byte[] content = Samples.text(entries + 40, 4000);
        byte[] deflated = Samples.deflate(content, 6, 0);
        localHeader(zip, "e" + entries, 0x0808, 8, 0, 0, 0, new byte[0]);
        zip.bytes(deflated);
        if (signature) {
          zip.u32(0x08074b50);
        }
        zip.u32(Samples.crc(content));
        if (wide) {
          zip.u64(deflated.length).u64(content.length);
        } else {
          zip.u32(deflated.length).u32(content.length);
        }
        entries++;
      }
    }
    zip.u32(0x06054b50).u16(0).u16(0).u16(0).u16(0).u32(0).u32(0).u16(0);
    RoundTrip rt = RoundTrip.of(zip.toByteArray());
    assertEquals(entries, rt.result.streamsExpanded());
  }

  /** A zip64 stored entry: sizes 0xFFFFFFFF in the local header, the real ones in the extra field. */
  @Test
  void zip64StoredEntryThenDeflatedOne() {
    Samples.Le zip = new Samples.Le();
    byte[] inner = Samples.zip(6, "inner.txt", Samples.text(50, 6000));
    byte[] extra = new Samples.Le().u16(1).u16(16).u64(inner.length).u64(inner.length).toByteArray();
    localHeader(zip, "nested.jar", 0, 0, Samples.crc(inner), 0xffffffffL, 0xffffffffL, extra);
    zip.bytes(inner);
    byte[] content = Samples.text(51, 3000);
    byte[] deflated = Samples.deflate(content, 6, 0);
    localHeader(zip, "after.txt", 0, 8, Samples.crc(content), deflated.length, content.length, new byte[0]);
    zip.bytes(deflated);
    RoundTrip rt = RoundTrip.of(zip.toByteArray());
    assertEquals(2, rt.result.streamsExpanded(), "the nested jar's entry and the one after it");
  }

  @Test
  void storedJarInsideAJarIsOpened() {
    byte[] inner = Samples.zip(6, "Inner.class", Samples.text(60, 20_000));
    byte[] outer = Samples.zip(-1, "BOOT-INF/lib/inner.jar", inner, "README", Samples.text(61, 100));
    RoundTrip rt = RoundTrip.of(outer);
    assertEquals(1, rt.result.streamsExpanded());
    assertEquals(2, rt.result.containers());
  }

  @Test
  void deflatedJarInsideAJarIsOpenedToo() {
    byte[] inner = Samples.zip(6, "Inner.class", Samples.text(62, 20_000), "Other.class", Samples.text(63, 9000));
    byte[] outer = Samples.zip(6, "WEB-INF/lib/inner.jar", inner);
    RoundTrip rt = RoundTrip.of(outer);
    assertEquals(3, rt.result.streamsExpanded());
  }

  @Test
  void manyEntriesUseZip64EndRecords() {
    Object[] entries = new Object[2 * 70_000];
    for (int i = 0; i < 70_000; i++) {
      entries[2 * i] = "f" + i;
      entries[2 * i + 1] = new byte[] {(byte) i};
    }
    RoundTrip rt = RoundTrip.of(Samples.zip(6, entries));
    assertEquals(70_000, rt.result.streamsExpanded());
    assertTrue(rt.recipe.length < 40, "one run of settings: " + rt.recipe.length);
  }

  /** The central directory names other files, sizes, CRCs and methods than the local headers: ignored. */
  @Test
  void centralDirectoryDisagreeingWithLocalHeaders() {
    byte[] zip = Samples.zip(6, "a.txt", Samples.text(70, 5000), "b.txt", Samples.text(71, 3000));
    int cd = lastIndexOf(zip, new byte[] {'P', 'K', 1, 2}, zip.length);
    cd = lastIndexOf(zip, new byte[] {'P', 'K', 1, 2}, cd - 1);
    zip[cd + 10] = 0; // method: stored
    zip[cd + 16] ^= 0x7f; // CRC
    zip[cd + 20] ^= 0x7f; // compressed size
    zip[cd + 46] = 'z'; // name
    RoundTrip rt = RoundTrip.of(zip);
    assertEquals(2, rt.result.streamsExpanded());
  }

  @Test
  void expandsAFile(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) throws IOException {
    byte[] zip = Samples.zip(6, "a", Samples.text(72, 5000));
    java.nio.file.Path file = java.nio.file.Files.write(tmp.resolve("a.zip"), zip);
    ByteArrayOutputStream expanded = new ByteArrayOutputStream();
    ByteArrayOutputStream recipe = new ByteArrayOutputStream();
    ExpandResult r = ArchiveTransforms.create().expand(file, expanded, recipe);
    assertEquals(1, r.streamsExpanded());
    assertTrue(Arrays.equals(RoundTrip.of(zip).expanded, expanded.toByteArray()));
  }

  static int lastIndexOf(byte[] hay, byte[] needle, int before) {
    for (int i = Math.min(before, hay.length - needle.length); i >= 0; i--) {
      if (Arrays.equals(hay, i, i + needle.length, needle, 0, needle.length)) {
        return i;
      }
    }
    return -1;
  }

  static void localHeader(Samples.Le zip, String name, int flags, int method, long crc, long csize, long size,
      byte[] extra) {
    zip.u32(0x04034b50).u16(45).u16(flags).u16(method).u16(0).u16(0x21).u32(crc).u32(csize).u32(size)
        .u16(name.length()).u16(extra.length).ascii(name).bytes(extra);
  }
}
