package io.deltaglider.vcdiff;

/** Format constants of RFC 3284 and of the xdelta3 and open-vcdiff dialects, in one place. */
final class Constants {
  private Constants() {}

  static final int MAGIC0 = 0xD6;
  static final int MAGIC1 = 0xC3;
  static final int MAGIC2 = 0xC4;
  /** RFC 3284 version byte (xdelta3). */
  static final int VERSION_RFC = 0x00;
  /** open-vcdiff's extended format: interleaved sections and a varint checksum. */
  static final int VERSION_OPEN_VCDIFF = 'S';

  // Hdr_Indicator
  static final int VCD_DECOMPRESS = 0x01;
  static final int VCD_CODETABLE = 0x02;
  /** xdelta3 extension: application header follows. */
  static final int VCD_APPHEADER = 0x04;

  // Win_Indicator
  static final int VCD_SOURCE = 0x01;
  static final int VCD_TARGET = 0x02;
  /** xdelta3: 4-byte big-endian Adler-32; open-vcdiff ('S'): varint Adler-32. */
  static final int VCD_ADLER32 = 0x04;

  // Delta_Indicator
  static final int VCD_DATACOMP = 0x01;
  static final int VCD_INSTCOMP = 0x02;
  static final int VCD_ADDRCOMP = 0x04;

  // Secondary compressor ids (xdelta3's own numbering).
  static final int SEC_DJW = 1;
  static final int SEC_LZMA = 2;
  static final int SEC_FGK = 16;

  /** Sections shorter than this are never secondary-compressed by xdelta3. */
  static final int SEC_MIN_INPUT = 10;

  // Instruction types as stored in a code table.
  static final int NOOP = 0;
  static final int ADD = 1;
  static final int RUN = 2;
  static final int COPY = 3;

  // Address modes.
  static final int MODE_SELF = 0;
  static final int MODE_HERE = 1;

  /** Default near and same cache sizes of RFC 3284's default code table. */
  static final int DEFAULT_NEAR = 4;
  static final int DEFAULT_SAME = 3;

  /** Smallest copy the default code table encodes without an explicit size. */
  static final int MIN_MATCH = 4;
}
