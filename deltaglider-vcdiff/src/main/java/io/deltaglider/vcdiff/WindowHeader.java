package io.deltaglider.vcdiff;

/**
 * The fields of a window header that do not depend on how the sections are sent, and the header's
 * writer (RFC 3284 section 4.2, with xdelta3's 4-byte big-endian Adler-32 after the section
 * lengths). The encoder's windows and the identity delta's share it, so both get the same framing
 * and the same minimal delta encoding length that xdelta3 checks.
 *
 * @param hasSource whether the window copies from the source (VCD_SOURCE)
 * @param cpylen the copy window's length (only written with {@code hasSource})
 * @param cpyoff the copy window's offset in the source (only written with {@code hasSource})
 * @param targetLength the length of the target window
 * @param adler32 the Adler-32 of the target window (only written with a checksum)
 */
record WindowHeader(boolean hasSource, long cpylen, long cpyoff, int targetLength, int adler32) {
  /** The header fields of the window {@code w} has just encoded. */
  static WindowHeader of(WindowEncoder w) {
    return new WindowHeader(w.hasSource, w.cpylen, w.cpyoff, w.length, w.adler32);
  }

  /**
   * Writes the header of this window sent with sections of {@code dataLen}, {@code instLen} and
   * {@code addrLen} bytes (as sent, after any secondary compression) and Delta_Indicator
   * {@code deltaInd}.
   */
  void write(ByteSink dst, boolean checksum, int deltaInd, int dataLen, int instLen, int addrLen) {
    dst.write((hasSource ? Constants.VCD_SOURCE : 0) | (checksum ? Constants.VCD_ADLER32 : 0));
    if (hasSource) {
      dst.writeVarint(cpylen);
      dst.writeVarint(cpyoff);
    }
    long deltaLen = VarInt.size(targetLength) + 1 + VarInt.size(dataLen) + VarInt.size(instLen)
        + VarInt.size(addrLen) + (checksum ? 4 : 0) + (long) dataLen + instLen + addrLen;
    dst.writeVarint(deltaLen);
    dst.writeVarint(targetLength);
    dst.write(deltaInd);
    dst.writeVarint(dataLen);
    dst.writeVarint(instLen);
    dst.writeVarint(addrLen);
    if (checksum) {
      dst.write(adler32 >>> 24);
      dst.write(adler32 >>> 16);
      dst.write(adler32 >>> 8);
      dst.write(adler32);
    }
  }
}
