package io.deltaglider.vcdiff;

/**
 * Splits open-vcdiff's interleaved window (format 'S': data and addresses empty, everything in
 * the instructions section, in the order the decoder consumes it) back into the three RFC
 * sections, so one instruction loop serves both layouts. Per instruction half the order is:
 * explicit size (if the code table gives none), then the ADD/RUN bytes or the COPY address.
 */
final class InterleavedSections {
  private byte[] data = new byte[0];
  private byte[] inst = new byte[0];
  private byte[] addr = new byte[0];
  private int dataLength;
  private int instLength;
  private int addrLength;

  void split(CodeTable table, byte[] in, int length, long offset) throws VcdiffException {
    if (data.length < length) {
      // Each part can be as long as the whole (the bytes exist: the section was read).
      data = inst = addr = TargetSink.EMPTY;
      HeapBudget.require(3L * length, "splitting interleaved instructions", offset);
      data = new byte[length];
      inst = new byte[length];
      addr = new byte[length];
    }
    dataLength = 0;
    instLength = 0;
    addrLength = 0;
    int p = 0;
    while (p < length) {
      int op = in[p] & 0xFF;
      inst[instLength++] = in[p++];
      for (int half = 0; half < 2; half++) {
        int type = half == 0 ? table.type1[op] : table.type2[op];
        if (type == Constants.NOOP) {
          continue;
        }
        int size = (half == 0 ? table.size1[op] : table.size2[op]) & 0xFF;
        if (size == 0) {
          int start = p;
          long v = 0;
          do {
            if (p >= length || p - start == 5) {
              throw new VcdiffException("interleaved instructions: bad size varint", offset + start);
            }
            v = (v << 7) | (in[p] & 0x7F);
          } while (in[p++] < 0);
          if (v > length) {
            // Every byte of an ADD rides in this section too; a bigger size cannot be satisfied here.
            if (type == Constants.ADD) {
              throw new VcdiffException("interleaved instructions: ADD of " + v + " bytes overruns", offset + start);
            }
          }
          System.arraycopy(in, start, inst, instLength, p - start);
          instLength += p - start;
          size = (int) Math.min(v, Integer.MAX_VALUE);
        }
        if (type == Constants.ADD) {
          if (size > length - p) {
            throw new VcdiffException("interleaved instructions: ADD of " + size + " bytes overruns", offset + p);
          }
          System.arraycopy(in, p, data, dataLength, size);
          dataLength += size;
          p += size;
        } else if (type == Constants.RUN) {
          if (p >= length) {
            throw new VcdiffException("interleaved instructions: RUN byte missing", offset + p);
          }
          data[dataLength++] = in[p++];
        } else {
          int mode = (half == 0 ? table.mode1[op] : table.mode2[op]) & 0xFF;
          if (mode >= 2 + table.nearSize) {
            if (p >= length) {
              throw new VcdiffException("interleaved instructions: address byte missing", offset + p);
            }
            addr[addrLength++] = in[p++];
          } else {
            int start = p;
            do {
              if (p >= length || p - start == 10) {
                throw new VcdiffException("interleaved instructions: bad address varint", offset + start);
              }
            } while (in[p++] < 0);
            System.arraycopy(in, start, addr, addrLength, p - start);
            addrLength += p - start;
          }
        }
      }
    }
  }

  byte[] data() {
    return data;
  }

  byte[] instructions() {
    return inst;
  }

  byte[] addresses() {
    return addr;
  }

  int dataLength() {
    return dataLength;
  }

  int instructionsLength() {
    return instLength;
  }

  int addressesLength() {
    return addrLength;
  }
}
