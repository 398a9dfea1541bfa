package io.deltaglider.cli;

import java.io.ByteArrayOutputStream;

/**
 * Minimal VCDIFF files written by hand (RFC 3284, default code table), so that CLI tests that do
 * not need xdelta3 run everywhere.
 */
final class HandMadeDeltas {
  private static final byte[] MAGIC = {(byte) 0xD6, (byte) 0xC3, (byte) 0xC4, 0x00};
  private static final int VCD_SOURCE = 0x01;
  private static final int ADD_EXPLICIT_SIZE = 1; // code table entry: ADD, size in the stream
  private static final int COPY_MODE0_EXPLICIT_SIZE = 19; // COPY, mode VCD_SELF, size in stream

  private HandMadeDeltas() {}

  /** A delta that needs no source: one window with one ADD of {@code target}. */
  static byte[] addOnly(byte[] target) {
    ByteArrayOutputStream inst = new ByteArrayOutputStream();
    inst.write(ADD_EXPLICIT_SIZE);
    varint(inst, target.length);
    return file(window(0, 0, 0, target.length, target, inst.toByteArray(), new byte[0]));
  }

  /**
   * One window whose target is {@code source[offset, offset + length)} followed by {@code added}:
   * a COPY from the source, then an ADD.
   */
  static byte[] copyThenAdd(int offset, int length, byte[] added) {
    ByteArrayOutputStream inst = new ByteArrayOutputStream();
    inst.write(COPY_MODE0_EXPLICIT_SIZE);
    varint(inst, length);
    if (added.length > 0) {
      inst.write(ADD_EXPLICIT_SIZE);
      varint(inst, added.length);
    }
    ByteArrayOutputStream addr = new ByteArrayOutputStream();
    varint(addr, 0); // VCD_SELF address 0 = start of the source segment
    return file(
        window(VCD_SOURCE, length, offset, length + added.length, added, inst.toByteArray(),
            addr.toByteArray()));
  }

  private static byte[] file(byte[] window) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(MAGIC);
    out.write(0); // Hdr_Indicator: no secondary compressor, no code table, no app header
    out.writeBytes(window);
    return out.toByteArray();
  }

  private static byte[] window(
      int indicator, int segLength, int segPosition, int targetLength, byte[] data, byte[] inst,
      byte[] addr) {
    ByteArrayOutputStream enc = new ByteArrayOutputStream();
    varint(enc, targetLength);
    enc.write(0); // Delta_Indicator: sections not compressed
    varint(enc, data.length);
    varint(enc, inst.length);
    varint(enc, addr.length);
    enc.writeBytes(data);
    enc.writeBytes(inst);
    enc.writeBytes(addr);
    byte[] encoding = enc.toByteArray();

    ByteArrayOutputStream w = new ByteArrayOutputStream();
    w.write(indicator);
    if ((indicator & VCD_SOURCE) != 0) {
      varint(w, segLength);
      varint(w, segPosition);
    }
    varint(w, encoding.length);
    w.writeBytes(encoding);
    return w.toByteArray();
  }

  /** RFC 3284 variable-length integer: base 128, most significant digit first. */
  private static void varint(ByteArrayOutputStream out, long value) {
    int digits = 1;
    for (long v = value >>> 7; v != 0; v >>>= 7) {
      digits++;
    }
    for (int i = digits - 1; i >= 0; i--) {
      int b = (int) (value >>> (7 * i)) & 0x7F;
      out.write(i == 0 ? b : b | 0x80);
    }
  }
}
