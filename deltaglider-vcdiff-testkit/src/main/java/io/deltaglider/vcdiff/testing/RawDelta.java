package io.deltaglider.vcdiff.testing;

import java.io.ByteArrayOutputStream;

/** Writes VCDIFF bytes by hand, for tests that need deltas no encoder would produce. */
public final class RawDelta {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  /** A delta starting with the magic bytes, {@code version} (0, or 'S' for open-vcdiff) and {@code hdrIndicator}. */
  public static RawDelta header(int version, int hdrIndicator) {
    RawDelta d = new RawDelta();
    d.bytes(0xD6, 0xC3, 0xC4, version, hdrIndicator);
    return d;
  }

  /** Appends each value's low byte. */
  public RawDelta bytes(int... values) {
    for (int v : values) {
      out.write(v);
    }
    return this;
  }

  /** Appends the bytes. */
  public RawDelta bytes(byte[] values) {
    out.write(values, 0, values.length);
    return this;
  }

  /** Appends {@code v} as a VCDIFF varint (RFC 3284 section 2). */
  public RawDelta varint(long v) {
    out.writeBytes(varintBytes(v));
    return this;
  }

  /** {@code v} as the bytes of a minimal VCDIFF varint. */
  public static byte[] varintBytes(long v) {
    int n = 1;
    for (long t = v >>> 7; t != 0; t >>>= 7) {
      n++;
    }
    byte[] b = new byte[n];
    for (int i = n - 1; i >= 0; i--) {
      b[i] = (byte) ((v & 0x7F) | (i == n - 1 ? 0 : 0x80));
      v >>>= 7;
    }
    return b;
  }

  /**
   * Appends a window with a correct delta encoding length. {@code winIndicator} 1 or 2 needs
   * {@code cpyLen}/{@code cpyOff}; a {@code checksum} of -1 writes none (bit 0x04 is the caller's).
   */
  public RawDelta window(int winIndicator, long cpyLen, long cpyOff, int targetLength, int deltaIndicator,
      byte[] data, byte[] inst, byte[] addr, long checksum) {
    out.write(winIndicator);
    if ((winIndicator & 3) != 0) {
      varint(cpyLen);
      varint(cpyOff);
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(varintBytes(targetLength));
    body.write(deltaIndicator);
    body.writeBytes(varintBytes(data.length));
    body.writeBytes(varintBytes(inst.length));
    body.writeBytes(varintBytes(addr.length));
    if (checksum >= 0) {
      body.write((int) (checksum >>> 24));
      body.write((int) (checksum >>> 16));
      body.write((int) (checksum >>> 8));
      body.write((int) checksum);
    }
    body.writeBytes(data);
    body.writeBytes(inst);
    body.writeBytes(addr);
    varint(body.size());
    out.writeBytes(body.toByteArray());
    return this;
  }

  /** Everything written so far. */
  public byte[] toByteArray() {
    return out.toByteArray();
  }
}
