package io.deltaglider;

import io.deltaglider.vcdiff.testing.TestData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Archives built in tests with java.util.zip and a minimal tar writer: releases of made-up code. */
final class TestArchives {
  private TestArchives() {}

  /** Made-up class files (source-like text of 2 to 12 KB), in jar order. */
  static Map<String, byte[]> classes(int count, long seed) {
    Map<String, byte[]> m = new LinkedHashMap<>();
    for (int i = 0; i < count; i++) {
      m.put("com/example/p" + (i % 7) + "/C" + i + ".class", TestData.text(seed + i, 2000 + (int) ((i * 7919L) % 10_000)));
    }
    return m;
  }

  /** The entries with the middle one changed: 8 bytes rewritten and 32 inserted, as a small code change. */
  static Map<String, byte[]> withOneChanged(Map<String, byte[]> entries) {
    Map<String, byte[]> m = new LinkedHashMap<>(entries);
    List<String> names = new ArrayList<>(m.keySet());
    String victim = names.get(names.size() / 2);
    byte[] c = m.get(victim);
    ByteArrayOutputStream changed = new ByteArrayOutputStream();
    changed.write(c, 0, c.length / 2);
    changed.writeBytes("CHANGED!".getBytes(StandardCharsets.US_ASCII));
    changed.writeBytes(TestData.text(99, 32));
    changed.write(c, c.length / 2 + 8, c.length - c.length / 2 - 8);
    m.put(victim, changed.toByteArray());
    return m;
  }

  /** A jar as java.util.zip writes it (deflated at the default level), with a fixed time. */
  static byte[] jar(Map<String, byte[]> entries) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(out)) {
      for (Map.Entry<String, byte[]> en : entries.entrySet()) {
        ZipEntry e = new ZipEntry(en.getKey());
        e.setTime(1_700_000_000_000L);
        zip.putNextEntry(e);
        zip.write(en.getValue());
        zip.closeEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** A zip of stored (uncompressed) entries. */
  static byte[] storedZip(Map<String, byte[]> entries) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(out)) {
      for (Map.Entry<String, byte[]> en : entries.entrySet()) {
        ZipEntry e = new ZipEntry(en.getKey());
        e.setTime(1_700_000_000_000L);
        e.setMethod(ZipEntry.STORED);
        e.setSize(en.getValue().length);
        CRC32 crc = new CRC32();
        crc.update(en.getValue());
        e.setCrc(crc.getValue());
        zip.putNextEntry(e);
        zip.write(en.getValue());
        zip.closeEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  static byte[] gzip(byte[] content) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out, 1 << 16)) {
      gz.write(content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** A ustar archive of regular files. */
  static byte[] tar(Map<String, byte[]> files) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Map.Entry<String, byte[]> f : files.entrySet()) {
      out.writeBytes(tarHeader(f.getKey(), f.getValue().length));
      out.writeBytes(f.getValue());
      out.writeBytes(new byte[(512 - f.getValue().length % 512) % 512]);
    }
    out.writeBytes(new byte[1024]);
    out.writeBytes(new byte[(10240 - out.size() % 10240) % 10240]);
    return out.toByteArray();
  }

  private static byte[] tarHeader(String name, long size) {
    byte[] h = new byte[512];
    put(h, 0, name);
    put(h, 100, "0000644\0");
    put(h, 108, "0001750\0");
    put(h, 116, "0001750\0");
    put(h, 124, String.format("%011o\0", size));
    put(h, 136, "14000000000\0");
    put(h, 148, "        ");
    h[156] = '0';
    put(h, 257, "ustar\0");
    put(h, 263, "00");
    int sum = 0;
    for (byte b : h) {
      sum += b & 0xff;
    }
    put(h, 148, String.format("%06o\0 ", sum));
    return h;
  }

  private static void put(byte[] h, int at, String s) {
    byte[] b = s.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(b, 0, h, at, b.length);
  }
}
