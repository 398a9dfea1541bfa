package io.deltaglider.vcdiff;

import java.util.Arrays;

/**
 * A VCDIFF instruction code table: 256 entries, each one or two (type, size, mode) instructions.
 * Immutable once built. Arrays are indexed by opcode; size 0 means "size follows as a varint".
 */
final class CodeTable {
  final byte[] type1 = new byte[256];
  final byte[] size1 = new byte[256];
  final byte[] mode1 = new byte[256];
  final byte[] type2 = new byte[256];
  final byte[] size2 = new byte[256];
  final byte[] mode2 = new byte[256];
  final int nearSize;
  final int sameSize;

  private static final CodeTable DEFAULT = buildDefault();

  private CodeTable(int nearSize, int sameSize) {
    this.nearSize = nearSize;
    this.sameSize = sameSize;
  }

  static CodeTable defaultTable() {
    return DEFAULT;
  }

  /** Number of address modes: SELF, HERE, the near slots, the same slots. */
  int modeCount() {
    return 2 + nearSize + sameSize;
  }

  boolean isDefault() {
    return this == DEFAULT;
  }

  /** RFC 3284 section 5.6. */
  private static CodeTable buildDefault() {
    CodeTable t = new CodeTable(Constants.DEFAULT_NEAR, Constants.DEFAULT_SAME);
    int modes = t.modeCount();
    int i = 0;
    t.set1(i++, Constants.RUN, 0, 0);
    for (int size = 0; size <= 17; size++) {
      t.set1(i++, Constants.ADD, size, 0);
    }
    for (int mode = 0; mode < modes; mode++) {
      t.set1(i++, Constants.COPY, 0, mode);
      for (int size = 4; size <= 18; size++) {
        t.set1(i++, Constants.COPY, size, mode);
      }
    }
    for (int mode = 0; mode < 6; mode++) {
      for (int add = 1; add <= 4; add++) {
        for (int copy = 4; copy <= 6; copy++) {
          t.set1(i, Constants.ADD, add, 0);
          t.set2(i++, Constants.COPY, copy, mode);
        }
      }
    }
    for (int mode = 6; mode < modes; mode++) {
      for (int add = 1; add <= 4; add++) {
        t.set1(i, Constants.ADD, add, 0);
        t.set2(i++, Constants.COPY, 4, mode);
      }
    }
    for (int mode = 0; mode < modes; mode++) {
      t.set1(i, Constants.COPY, 4, mode);
      t.set2(i++, Constants.ADD, 1, 0);
    }
    if (i != 256) {
      throw new AssertionError("default code table has " + i + " entries");
    }
    return t;
  }

  private void set1(int op, int type, int size, int mode) {
    type1[op] = (byte) type;
    size1[op] = (byte) size;
    mode1[op] = (byte) mode;
  }

  private void set2(int op, int type, int size, int mode) {
    type2[op] = (byte) type;
    size2[op] = (byte) size;
    mode2[op] = (byte) mode;
  }

  /**
   * The 1536-byte string of RFC 3284 section 7: six 256-byte arrays in the order inst1, inst2,
   * size1, size2, mode1, mode2. A custom table is sent as a delta against this string of the
   * default table.
   */
  byte[] toBytes() {
    byte[] out = new byte[1536];
    System.arraycopy(type1, 0, out, 0, 256);
    System.arraycopy(type2, 0, out, 256, 256);
    System.arraycopy(size1, 0, out, 512, 256);
    System.arraycopy(size2, 0, out, 768, 256);
    System.arraycopy(mode1, 0, out, 1024, 256);
    System.arraycopy(mode2, 0, out, 1280, 256);
    return out;
  }

  /** Parses and validates a custom table decoded from a VCD_CODETABLE header. */
  static CodeTable fromBytes(byte[] b, int nearSize, int sameSize, long offset)
      throws VcdiffException {
    if (b.length != 1536) {
      throw new VcdiffException("custom code table decodes to " + b.length + " bytes, not 1536", offset);
    }
    if (nearSize + sameSize > 253) {
      throw new VcdiffException(
          "custom code table cache sizes too large: near " + nearSize + ", same " + sameSize, offset);
    }
    CodeTable t = new CodeTable(nearSize, sameSize);
    System.arraycopy(b, 0, t.type1, 0, 256);
    System.arraycopy(b, 256, t.type2, 0, 256);
    System.arraycopy(b, 512, t.size1, 0, 256);
    System.arraycopy(b, 768, t.size2, 0, 256);
    System.arraycopy(b, 1024, t.mode1, 0, 256);
    System.arraycopy(b, 1280, t.mode2, 0, 256);
    int modes = t.modeCount();
    for (int op = 0; op < 256; op++) {
      if ((t.type1[op] & 0xFF) > Constants.COPY || (t.type2[op] & 0xFF) > Constants.COPY) {
        throw new VcdiffException("custom code table entry " + op + " has an unknown instruction type", offset);
      }
      if ((t.mode1[op] & 0xFF) >= modes || (t.mode2[op] & 0xFF) >= modes) {
        throw new VcdiffException("custom code table entry " + op + " has an address mode out of range", offset);
      }
    }
    return t;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof CodeTable)) {
      return false;
    }
    CodeTable t = (CodeTable) o;
    return nearSize == t.nearSize && sameSize == t.sameSize && Arrays.equals(toBytes(), t.toBytes());
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(toBytes()) * 31 + nearSize * 7 + sameSize;
  }
}
