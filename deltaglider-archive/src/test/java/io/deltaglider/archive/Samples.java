package io.deltaglider.archive;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Deterministic test content and archives built with java.util.zip. */
final class Samples {
  private Samples() {}

  private static final String[] WORDS = {"archive", "delta", "stream", "deflate", "class", "public", "static",
      "final", "return", "import", "java", "byte", "length", "window", "header", "entry", "the", "of", "and",
      "to", "a", "in", "is", "for", "void", "int", "long", "new", "if", "else", "{", "}", "(", ")", ";"};

  /** Source-code-like text of about {@code size} bytes. */
  static byte[] text(long seed, int size) {
    Random r = new Random(seed);
    StringBuilder sb = new StringBuilder(size + 16);
    while (sb.length() < size) {
      sb.append(WORDS[r.nextInt(WORDS.length)]).append(r.nextInt(12) == 0 ? '\n' : ' ');
    }
    sb.setLength(size);
    return sb.toString().getBytes(StandardCharsets.US_ASCII);
  }

  static byte[] random(long seed, int size) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  static byte[] gzip(byte[] content) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** A raw deflate stream made by the platform's zlib. */
  static byte[] deflate(byte[] content, int level, int strategy) {
    Deflater d = new Deflater(level, true);
    d.setStrategy(strategy);
    d.setInput(content);
    d.finish();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[8192];
    while (!d.finished()) {
      out.write(buf, 0, d.deflate(buf));
    }
    d.end();
    return out.toByteArray();
  }

  static long crc(byte[] b) {
    CRC32 c = new CRC32();
    c.update(b);
    return c.getValue();
  }

  /** A zip of {@code entries} name/content pairs, deflated at {@code level} (or stored if level < 0). */
  static byte[] zip(int level, Object... entries) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(out)) {
      if (level >= 0) {
        zip.setLevel(level);
      }
      for (int i = 0; i < entries.length; i += 2) {
        byte[] content = (byte[]) entries[i + 1];
        ZipEntry e = new ZipEntry((String) entries[i]);
        if (level < 0) {
          e.setMethod(ZipEntry.STORED);
          e.setSize(content.length);
          e.setCrc(crc(content));
        }
        zip.putNextEntry(e);
        zip.write(content);
        zip.closeEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** A little-endian writer for hand-made headers. */
  static final class Le extends ByteArrayOutputStream {
    Le write1(int v) {
      write(v);
      return this;
    }

    Le u16(int v) {
      write(v);
      write(v >>> 8);
      return this;
    }

    Le u32(long v) {
      u16((int) v & 0xffff);
      return u16((int) (v >>> 16) & 0xffff);
    }

    Le u64(long v) {
      u32(v);
      return u32(v >>> 32);
    }

    Le bytes(byte[] b) {
      write(b, 0, b.length);
      return this;
    }

    Le ascii(String s) {
      return bytes(s.getBytes(StandardCharsets.ISO_8859_1));
    }
  }
}
