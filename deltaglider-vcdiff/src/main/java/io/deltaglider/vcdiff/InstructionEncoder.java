package io.deltaglider.vcdiff;

/**
 * Writes a window's instruction section with the default code table, merging an ADD followed by a
 * COPY (or a COPY of 4 followed by an ADD of 1) into the table's double opcodes: one instruction
 * is held back until the next one shows whether a pair exists. Opcodes are looked up from the
 * {@link CodeTable} itself rather than recomputed, so the two can never disagree. Data and address
 * bytes go straight to their own sections (their order is the instruction order either way).
 * Not thread-safe.
 */
final class InstructionEncoder {
  private static final int MAX_TABLE_SIZE = 19; // sizes 0..18 appear in the default table
  private static final int MODES = 2 + Constants.DEFAULT_NEAR + Constants.DEFAULT_SAME;

  /** single[type][mode][size] = opcode + 1, 0 when the table has none (size 0 = size follows). */
  private static final int[][][] SINGLE = new int[4][MODES][MAX_TABLE_SIZE];
  /** ADD(addSize) then COPY(copySize, mode): opcode + 1 or 0. */
  private static final int[][][] ADD_COPY = new int[MAX_TABLE_SIZE][MAX_TABLE_SIZE][MODES];
  /** COPY(copySize, mode) then ADD(addSize): opcode + 1 or 0. */
  private static final int[][][] COPY_ADD = new int[MAX_TABLE_SIZE][MODES][MAX_TABLE_SIZE];

  static {
    CodeTable t = CodeTable.defaultTable();
    for (int op = 0; op < 256; op++) {
      int t1 = t.type1[op];
      int s1 = t.size1[op] & 0xFF;
      int m1 = t.mode1[op];
      int t2 = t.type2[op];
      int s2 = t.size2[op] & 0xFF;
      int m2 = t.mode2[op];
      if (t2 == Constants.NOOP) {
        if (SINGLE[t1][m1][s1] == 0) {
          SINGLE[t1][m1][s1] = op + 1;
        }
      } else if (t1 == Constants.ADD && t2 == Constants.COPY) {
        ADD_COPY[s1][s2][m2] = op + 1;
      } else if (t1 == Constants.COPY && t2 == Constants.ADD) {
        COPY_ADD[s1][m1][s2] = op + 1;
      }
    }
  }

  private final ByteSink inst;
  private int pendingType = Constants.NOOP;
  private int pendingSize;
  private int pendingMode;

  InstructionEncoder(ByteSink inst) {
    this.inst = inst;
  }

  void add(int size) {
    if (pendingType == Constants.COPY && size < MAX_TABLE_SIZE && pendingSize < MAX_TABLE_SIZE) {
      int op = COPY_ADD[pendingSize][pendingMode][size];
      if (op != 0) {
        inst.write(op - 1);
        pendingType = Constants.NOOP;
        return;
      }
    }
    flush();
    pendingType = Constants.ADD;
    pendingSize = size;
    pendingMode = 0;
  }

  void copy(int size, int mode) {
    if (pendingType == Constants.ADD && size < MAX_TABLE_SIZE && pendingSize < MAX_TABLE_SIZE) {
      int op = ADD_COPY[pendingSize][size][mode];
      if (op != 0) {
        inst.write(op - 1);
        pendingType = Constants.NOOP;
        return;
      }
    }
    flush();
    pendingType = Constants.COPY;
    pendingSize = size;
    pendingMode = mode;
  }

  void run(int size) {
    flush();
    single(Constants.RUN, size, 0);
  }

  /** Writes the held-back instruction, if any; call at the end of every window. */
  void flush() {
    if (pendingType != Constants.NOOP) {
      int type = pendingType;
      pendingType = Constants.NOOP;
      single(type, pendingSize, pendingMode);
    }
  }

  private void single(int type, int size, int mode) {
    int op = size < MAX_TABLE_SIZE ? SINGLE[type][mode][size] : 0;
    if (op != 0) {
      inst.write(op - 1);
    } else {
      inst.write(SINGLE[type][mode][0] - 1);
      inst.writeVarint(size);
    }
  }
}
