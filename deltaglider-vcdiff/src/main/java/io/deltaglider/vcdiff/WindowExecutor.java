package io.deltaglider.vcdiff;

import java.io.IOException;
import java.util.Arrays;

/**
 * Runs one window's instructions into the target buffer. Every size, address and section read is
 * checked, so a hostile delta ends in a {@link VcdiffException}, never in an index exception or in
 * output that differs from what the delta describes. Reused across windows; not thread-safe.
 */
final class WindowExecutor {
  // Copy window: addresses [0, cpyLen) map to copyArray[copyBase + addr] or source(copyBase + addr).
  private byte[] copyArray;
  private SourceData copySource;
  private long copyBase;
  /** Bytes that exist from address 0 on (negative if the copy window starts past the source). */
  private long copyAvailable;

  // Section cursors: each section's bytes are there up to its "ready" index (the whole section,
  // unless it is being decompressed as the cursor reaches it).
  private Section instSection;
  private byte[] inst;
  private int ip;
  private int instReady;
  private Section addrSection;
  private byte[] addr;
  private int ap;
  private int addrReady;
  private Section dataSection;
  private byte[] data;
  private int dataReady;
  private long[] sectionOffsets;
  private boolean instCompressed;
  private boolean addrCompressed;

  private AddressCache cache;

  /** The most instruction bytes one opcode reads: itself and two size varints of 10 bytes. */
  private static final int MAX_INSTRUCTION = 21;
  /** The most address bytes one COPY reads: a 10-byte varint. */
  private static final int MAX_ADDRESS = 10;

  /** Hands finished target bytes on every {@link #progressStep} bytes; null: nobody listens. */
  private TargetSink.InMemory progress;
  private int progressStep;

  void reportProgressTo(TargetSink.InMemory sink) {
    this.progress = sink;
    this.progressStep = sink.progressStep();
  }

  private int stepFrom(int pos) {
    return (int) Math.min(Integer.MAX_VALUE, (long) pos + progressStep);
  }

  void copyFromArray(byte[] array, long base, long available) {
    copyArray = array;
    copySource = null;
    copyBase = base;
    copyAvailable = available;
  }

  void copyFromSource(SourceData source, long base, long available) {
    copyArray = null;
    copySource = source;
    copyBase = base;
    copyAvailable = available;
  }

  /**
   * How many target bytes the instructions account for, up to {@code limit}: the sizes of the
   * instructions in order, up to the first one that is malformed, overflows {@code limit}, or lacks
   * its bytes (an ADD's data, a RUN's byte, a COPY's address). Unlike the declared window length,
   * that is backed by bytes the window has, so that much may be allocated. It is never less than
   * what {@link #execute} writes before it finishes or fails (which also checks COPY addresses and
   * leftover section bytes). With {@code addr} null (not decompressed yet) each address counts as
   * one byte of {@code addrLength}.
   */
  static int accountedLength(
      CodeTable table, byte[] inst, int instLength, int dataLength, byte[] addr, int addrLength, int limit) {
    int ip = 0;
    int dp = 0;
    int ap = 0;
    long total = 0;
    while (ip < instLength) {
      int op = inst[ip++] & 0xFF;
      for (int half = 0; half < 2; half++) {
        int type = half == 0 ? table.type1[op] : table.type2[op];
        if (type == Constants.NOOP) {
          continue;
        }
        long size = (half == 0 ? table.size1[op] : table.size2[op]) & 0xFF;
        if (size == 0) {
          int b;
          do {
            if (ip >= instLength || size > limit - total) {
              return (int) total;
            }
            b = inst[ip++];
            size = (size << 7) | (b & 0x7F);
          } while (b < 0);
        }
        if (size > limit - total) {
          return (int) total;
        }
        if (type == Constants.ADD) {
          if (size > dataLength - dp) {
            return (int) total;
          }
          dp += (int) size;
        } else if (type == Constants.RUN) {
          if (dp >= dataLength) {
            return (int) total;
          }
          dp++;
        } else {
          int mode = (half == 0 ? table.mode1[op] : table.mode2[op]) & 0xFF;
          if (mode >= 2 + table.nearSize) {
            ap++;
          } else {
            while (addr != null && ap < addrLength && addr[ap] < 0) {
              ap++;
            }
            ap++;
          }
          if (ap > addrLength) {
            return (int) total;
          }
        }
        total += size;
      }
    }
    return (int) total;
  }

  /**
   * Runs the window's instructions into {@code sink.buffer[base, base + targetLength)}, growing the
   * buffer through {@link TargetSink#grow} should they produce more than was reserved. Sections that
   * are not whole yet are decompressed as far as the instructions reach.
   */
  void execute(
      CodeTable table, TargetSink sink, int base, int targetLength, long cpyLen,
      Section dataSection, Section instSection, Section addrSection,
      long[] sectionOffsets, boolean dataCompressed, boolean instCompressed, boolean addrCompressed)
      throws IOException {
    if (cache == null || cache.nearSize != table.nearSize || cache.sameSize != table.sameSize) {
      cache = new AddressCache(table.nearSize, table.sameSize);
    } else {
      cache.reset();
    }
    this.instSection = instSection;
    this.inst = instSection.bytes;
    this.instReady = instSection.ready;
    this.ip = 0;
    this.addrSection = addrSection;
    this.addr = addrSection.bytes;
    this.addrReady = addrSection.ready;
    this.ap = 0;
    this.dataSection = dataSection;
    this.data = dataSection.bytes;
    this.dataReady = dataSection.ready;
    this.sectionOffsets = sectionOffsets;
    this.instCompressed = instCompressed;
    this.addrCompressed = addrCompressed;
    final int instEnd = instSection.end;
    final int dataLength = dataSection.end;

    final byte[] type1 = table.type1;
    final byte[] size1 = table.size1;
    final byte[] mode1 = table.mode1;
    final byte[] type2 = table.type2;
    final byte[] size2 = table.size2;
    final byte[] mode2 = table.mode2;
    int dp = 0;
    int tpos = base;
    final int tend = base + targetLength;
    byte[] target = sink.buffer;
    // Writable up to room; beyond it, up to tend, the buffer must grow first (rarely: the caller
    // reserves what the instructions account for). One check per instruction covers both.
    int room = Math.min(tend, target.length);
    int nextReport = progress == null ? Integer.MAX_VALUE : stepFrom(base);
    for (;;) {
      if (ip > instReady - MAX_INSTRUCTION && instReady < instEnd) {
        instSection.need(ip + MAX_INSTRUCTION);
        inst = instSection.bytes;
        instReady = instSection.ready;
      }
      if (ip >= instReady) {
        break;
      }
      if (tpos >= nextReport) {
        // Everything before tpos is final: later instructions only write at tpos and beyond.
        progress.deliver(target, tpos);
        nextReport = stepFrom(tpos);
      }
      int opAt = ip;
      int op = inst[ip++] & 0xFF;
      for (int half = 0; half < 2; half++) {
        int type = half == 0 ? type1[op] : type2[op];
        if (type == Constants.NOOP) {
          continue;
        }
        int size = (half == 0 ? size1[op] : size2[op]) & 0xFF;
        if (size == 0) {
          size = readSize(tend - tpos);
        }
        if (size > room - tpos) {
          if (size > tend - tpos) {
            throw error("instruction of size " + size + " overflows the target window ("
                + (tend - tpos) + " bytes left)", sectionOffsets[1], opAt, instCompressed, "instructions");
          }
          target = sink.grow(tpos, tpos + size, tend, sectionOffsets[1]);
          room = Math.min(tend, target.length);
        }
        switch (type) {
          case Constants.ADD:
            if (size > dataReady - dp) {
              needData(dp + size);
              if (size > dataLength - dp) {
                throw error("data section underflow: ADD of " + size + " bytes with "
                    + (dataLength - dp) + " left", sectionOffsets[0], dp, dataCompressed, "data");
              }
            }
            System.arraycopy(data, dp, target, tpos, size);
            dp += size;
            break;
          case Constants.RUN:
            if (dp >= dataReady) {
              needData(dp + 1);
              if (dp >= dataLength) {
                throw error("data section underflow: RUN with no byte left", sectionOffsets[0], dp,
                    dataCompressed, "data");
              }
            }
            Arrays.fill(target, tpos, tpos + size, data[dp++]);
            break;
          default:
            copy(target, base, tpos, size, cpyLen, (half == 0 ? mode1[op] : mode2[op]) & 0xFF, table.nearSize);
            break;
        }
        tpos += size;
      }
    }
    if (tpos != tend) {
      throw new VcdiffException("window length mismatch: instructions produce " + (tpos - base)
          + " bytes, the header says " + targetLength, sectionOffsets[1]);
    }
    if (dp != dataLength) {
      throw error((dataLength - dp) + " unused bytes left in the data section", sectionOffsets[0], dp,
          dataCompressed, "data");
    }
    if (ap != addrSection.end) {
      throw error((addrSection.end - ap) + " unused bytes left in the addresses section", sectionOffsets[2], ap,
          addrCompressed, "addresses");
    }
  }

  /** Decompresses the data section up to {@code upTo} (as far as it goes). */
  private void needData(int upTo) throws VcdiffException {
    dataSection.need(Math.min(upTo, dataSection.end));
    data = dataSection.bytes;
    dataReady = dataSection.ready;
  }

  private void copy(byte[] target, int base, int tpos, int size, long cpyLen, int mode, int nearSize)
      throws IOException {
    long here = cpyLen + (tpos - base);
    if (ap > addrReady - MAX_ADDRESS && addrReady < addrSection.end) {
      addrSection.need(ap + MAX_ADDRESS);
      addr = addrSection.bytes;
      addrReady = addrSection.ready;
    }
    int at = ap;
    long a;
    if (mode == Constants.MODE_SELF) {
      a = readAddressVarint();
    } else if (mode == Constants.MODE_HERE) {
      a = here - readAddressVarint();
    } else if (mode - 2 < nearSize) {
      a = cache.near[mode - 2] + readAddressVarint();
    } else {
      if (ap >= addrReady) {
        throw error("addresses section underflow", sectionOffsets[2], ap, addrCompressed, "addresses");
      }
      a = cache.same[(mode - 2 - nearSize) * 256 + (addr[ap++] & 0xFF)];
    }
    if (a < 0 || a >= here) {
      throw error("COPY address " + a + " is outside [0, " + here + ")", sectionOffsets[2], at,
          addrCompressed, "addresses");
    }
    cache.update(a);
    if (a < cpyLen) {
      if (size > cpyLen - a) {
        throw error("COPY of " + size + " bytes at " + a + " crosses the end of the copy window ("
            + cpyLen + " bytes)", sectionOffsets[2], at, addrCompressed, "addresses");
      }
      if (size > copyAvailable - a) {
        throw error("source copy past the end of the source (COPY of " + size + " bytes at source offset "
            + (copyBase + a) + ")", sectionOffsets[2], at, addrCompressed, "addresses");
      }
      if (copyArray != null) {
        System.arraycopy(copyArray, (int) (copyBase + a), target, tpos, size);
      } else {
        copySource.read(copyBase + a, target, tpos, size);
      }
      return;
    }
    int from = base + (int) (a - cpyLen);
    if (from + size <= tpos) {
      System.arraycopy(target, from, target, tpos, size);
    } else if (tpos - from == 1) {
      Arrays.fill(target, tpos, tpos + size, target[from]);
    } else {
      // Overlapping copy: the bytes repeat with period tpos - from; copy ever-longer periodic runs.
      int dst = tpos;
      int left = size;
      while (left > 0) {
        int n = Math.min(left, dst - from);
        System.arraycopy(target, from, target, dst, n);
        dst += n;
        left -= n;
      }
    }
  }

  private int readSize(int max) throws VcdiffException {
    int at = ip;
    long v = 0;
    for (int i = 0; ; i++) {
      if (ip >= instReady) {
        throw error("instructions section underflow reading a size", sectionOffsets[1], at,
            instCompressed, "instructions");
      }
      int b = inst[ip++];
      v = (v << 7) | (b & 0x7F);
      if (v > max || i == 9) {
        throw error("instruction size " + v + " overflows the target window (" + max + " bytes left)",
            sectionOffsets[1], at, instCompressed, "instructions");
      }
      if (b >= 0) {
        return (int) v;
      }
    }
  }

  private long readAddressVarint() throws VcdiffException {
    int at = ap;
    long v = 0;
    for (int i = 0; ; i++) {
      if (ap >= addrReady) {
        throw error("addresses section underflow", sectionOffsets[2], at, addrCompressed, "addresses");
      }
      int b = addr[ap++];
      if (v > (Long.MAX_VALUE >>> 7) || i == 9) {
        throw error("address varint overflows", sectionOffsets[2], at, addrCompressed, "addresses");
      }
      v = (v << 7) | (b & 0x7F);
      if (b >= 0) {
        return v;
      }
    }
  }

  private static VcdiffException error(
      String message, long sectionOffset, int position, boolean compressed, String section) {
    if (compressed) {
      return new VcdiffException(
          message + " (byte " + position + " of the decompressed " + section + " section)", sectionOffset);
    }
    return new VcdiffException(message, sectionOffset + position);
  }
}
