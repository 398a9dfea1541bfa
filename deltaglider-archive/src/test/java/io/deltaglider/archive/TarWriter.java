package io.deltaglider.archive;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** A minimal ustar writer for tests: regular files, directories and pax size headers. */
final class TarWriter {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  TarWriter file(String name, byte[] content) {
    header(name, content.length, '0', false);
    data(content);
    return this;
  }

  TarWriter dir(String name) {
    header(name, 0, '5', false);
    return this;
  }

  /** A member whose size is given by a pax header (and is written base-256 in its own header). */
  TarWriter paxSizedFile(String name, byte[] content) {
    String record = "size=" + content.length + "\n";
    int len = record.length() + 3;
    len = record.length() + String.valueOf(len).length() + 1;
    byte[] pax = (len + " " + record).getBytes(StandardCharsets.US_ASCII);
    header("PaxHeaders/" + name, pax.length, 'x', false);
    data(pax);
    header(name, content.length, '0', true);
    data(content);
    return this;
  }

  byte[] finish() {
    out.writeBytes(new byte[1024]);
    int pad = (10240 - out.size() % 10240) % 10240;
    out.writeBytes(new byte[pad]);
    return out.toByteArray();
  }

  private void data(byte[] content) {
    out.writeBytes(content);
    out.writeBytes(new byte[(512 - content.length % 512) % 512]);
  }

  private void header(String name, long size, char type, boolean base256) {
    out.writeBytes(headerBlock(name, size, type, base256));
  }

  /** One header block; the member's data and padding to 512 bytes are the caller's. */
  static byte[] headerBlock(String name, long size, char type, boolean base256) {
    byte[] h = new byte[512];
    put(h, 0, name);
    put(h, 100, "0000644\0");
    put(h, 108, "0001750\0");
    put(h, 116, "0001750\0");
    if (base256) {
      h[124] = (byte) 0x80;
      for (int i = 0; i < 8; i++) {
        h[135 - i] = (byte) (size >>> (8 * i));
      }
    } else {
      put(h, 124, String.format("%011o\0", size));
    }
    put(h, 136, "14000000000\0");
    put(h, 148, "        ");
    h[156] = (byte) type;
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
