package io.deltaglider.vcdiff;

import java.io.ByteArrayInputStream;
import java.io.IOException;

/**
 * Decodes one delta file: header, then window after window. Holds the per-delta state (code table,
 * secondary decoders, reusable buffers, address cache). Single use, not thread-safe.
 */
final class DecodeSession {
  private static final int DATA = 0;
  private static final int INST = 1;
  private static final int ADDR = 2;
  private static final String[] SECTION_NAMES = {"data", "instructions", "addresses"};
  private static final int MAX_APP_HEADER = 1 << 20;
  private static final int MAX_CODE_TABLE_DATA = 1 << 16;

  private final VcdiffDecoder.Settings settings;
  private final SourceData source;
  private final byte[] sourceArray;
  private final DeltaInput in;
  private final TargetSink sink;
  private final boolean nested;

  private CodeTable table = CodeTable.defaultTable();
  private SecondaryCompression secondary = SecondaryCompression.NONE;
  private final SecondaryDecoder[] secondaryDecoders = new SecondaryDecoder[3];
  private byte[] appHeader;
  private boolean openVcdiff;

  private final byte[][] raw = {new byte[0], new byte[0], new byte[0]};
  private final byte[][] plain = {new byte[0], new byte[0], new byte[0]};
  private final InterleavedSections interleaved = new InterleavedSections();
  private final WindowExecutor executor = new WindowExecutor();
  private final Section[] sections = {new Section(), new Section(), new Section()};
  private final Section interleavedData = new Section();
  private final Section interleavedInst = new Section();
  private final Section interleavedAddr = new Section();
  /** Whether compressed sections are decompressed as the instructions reach them. */
  private final boolean lazySections;
  private int windows;

  DecodeSession(
      VcdiffDecoder.Settings settings, SourceData source, DeltaInput in, TargetSink sink, boolean nested) {
    this.settings = settings;
    this.source = source;
    this.sourceArray = source instanceof ByteArraySource ? ((ByteArraySource) source).bytes : null;
    this.in = in;
    this.sink = sink;
    this.nested = nested;
    // Someone hashes or forwards the target as it comes out: let it come out from the start.
    lazySections = sink instanceof TargetSink.InMemory && ((TargetSink.InMemory) sink).progress() != null;
    if (lazySections) {
      executor.reportProgressTo((TargetSink.InMemory) sink);
    }
  }

  DecodeResult run() throws IOException {
    try {
      readHeader();
      while (decodeWindow()) {
        windows++;
      }
      sink.finish();
    } finally {
      sink.close();
    }
    return new DecodeResult(appHeader, sink.written, windows, secondary, openVcdiff);
  }

  private void readHeader() throws IOException {
    int m0 = in.readOptional();
    int m1 = m0 < 0 ? -1 : in.readOptional();
    int m2 = m1 < 0 ? -1 : in.readOptional();
    if (m0 != Constants.MAGIC0 || m1 != Constants.MAGIC1 || m2 != Constants.MAGIC2) {
      throw new VcdiffException(
          m2 < 0 && (m0 < 0 || m0 == Constants.MAGIC0)
              ? "delta is too short to hold a VCDIFF header"
              : "not a VCDIFF delta (bad magic bytes)",
          0);
    }
    int version = in.readByte("version byte");
    if (version == Constants.VERSION_OPEN_VCDIFF) {
      openVcdiff = true;
    } else if (version != Constants.VERSION_RFC) {
      throw new VcdiffException("unsupported VCDIFF version byte 0x" + Integer.toHexString(version), 3);
    }
    long indicatorOffset = in.offset();
    int hdr = in.readByte("Hdr_Indicator");
    if ((hdr & ~(Constants.VCD_DECOMPRESS | Constants.VCD_CODETABLE | Constants.VCD_APPHEADER)) != 0) {
      throw new VcdiffException("unknown bits in Hdr_Indicator 0x" + Integer.toHexString(hdr), indicatorOffset);
    }
    if ((hdr & Constants.VCD_DECOMPRESS) != 0) {
      long idOffset = in.offset();
      int id = in.readByte("secondary compressor id");
      SecondaryCompression c = SecondaryCompression.forId(id);
      if (c == null) {
        throw new VcdiffException("unknown secondary compressor id " + id, idOffset);
      }
      secondary = c;
    }
    if ((hdr & Constants.VCD_CODETABLE) != 0) {
      readCodeTable();
    }
    if ((hdr & Constants.VCD_APPHEADER) != 0) {
      int len = in.readIntVarint("application header length", MAX_APP_HEADER);
      appHeader = in.readGrowing(new byte[0], len, "application header");
      if (appHeader.length != len) {
        appHeader = java.util.Arrays.copyOf(appHeader, len);
      }
    }
  }

  /**
   * RFC 3284 section 7: near and same cache sizes, then the 1536-byte table string encoded as a
   * complete VCDIFF delta against the default table's string.
   */
  private void readCodeTable() throws IOException {
    long start = in.offset();
    if (nested) {
      throw new VcdiffException("a custom code table may not itself use a custom code table", start);
    }
    int len = in.readIntVarint("code table data length", MAX_CODE_TABLE_DATA);
    if (len < 2) {
      throw new VcdiffException("code table data of " + len + " bytes is too short", start);
    }
    long tableOffset = in.offset();
    byte[] data = new byte[len];
    in.readFully(data, 0, len, "code table data");
    int near = data[0] & 0xFF;
    int same = data[1] & 0xFF;
    VcdiffDecoder.Settings tableSettings = new VcdiffDecoder.Settings(true, 1536, 1536);
    TargetSink.InMemory out = new TargetSink.InMemory(1536, null);
    try {
      new DecodeSession(
              tableSettings,
              SourceData.of(CodeTable.defaultTable().toBytes()),
              new DeltaInput(new ByteArrayInputStream(data, 2, len - 2)),
              out,
              true)
          .run();
    } catch (VcdiffException e) {
      throw new VcdiffException("custom code table is not decodable: " + e.getMessage(), tableOffset, e);
    }
    table = CodeTable.fromBytes(out.toByteArray(), near, same, tableOffset);
  }

  /** Decodes the next window; false at a clean end of the delta. */
  private boolean decodeWindow() throws IOException {
    long windowOffset = in.offset();
    int win = in.readOptional();
    if (win < 0) {
      return false;
    }
    if ((win & ~(Constants.VCD_SOURCE | Constants.VCD_TARGET | Constants.VCD_ADLER32)) != 0) {
      throw new VcdiffException("unknown bits in Win_Indicator 0x" + Integer.toHexString(win), windowOffset);
    }
    boolean fromSource = (win & Constants.VCD_SOURCE) != 0;
    boolean fromTarget = (win & Constants.VCD_TARGET) != 0;
    if (fromSource && fromTarget) {
      throw new VcdiffException("window sets both VCD_SOURCE and VCD_TARGET", windowOffset);
    }
    long cpyLen = 0;
    long cpyOff = 0;
    if (fromSource || fromTarget) {
      long at = in.offset();
      cpyLen = in.readVarint("copy window length");
      cpyOff = in.readVarint("copy window offset");
      if (cpyLen > Long.MAX_VALUE - cpyOff) {
        throw new VcdiffException("copy window offset + length overflows", at);
      }
      if (fromTarget && cpyOff + cpyLen > sink.written) {
        throw new VcdiffException("VCD_TARGET copy window [" + cpyOff + ", " + (cpyOff + cpyLen)
            + ") reaches past the " + sink.written + " bytes decoded so far", at);
      }
    }
    long deltaLength = in.readVarint("delta encoding length");
    long bodyStart = in.offset();
    long at = in.offset();
    int targetLength = in.readIntVarint("target window length", settings.maxWindowSize);
    if (targetLength > settings.maxTargetSize - sink.written) {
      throw new VcdiffException("target exceeds the limit of " + settings.maxTargetSize + " bytes", at);
    }
    at = in.offset();
    int deltaIndicator = in.readByte("Delta_Indicator");
    if ((deltaIndicator & ~(Constants.VCD_DATACOMP | Constants.VCD_INSTCOMP | Constants.VCD_ADDRCOMP)) != 0) {
      throw new VcdiffException("unknown bits in Delta_Indicator 0x" + Integer.toHexString(deltaIndicator), at);
    }
    if (deltaIndicator != 0 && secondary == SecondaryCompression.NONE) {
      throw new VcdiffException("window has compressed sections but the header names no secondary compressor", at);
    }
    int sectionLimit = sectionLimit(targetLength);
    int[] lengths = new int[3];
    for (int i = 0; i < 3; i++) {
      lengths[i] = in.readIntVarint(SECTION_NAMES[i] + " section length", sectionLimit);
    }
    long checksum = -1;
    if ((win & Constants.VCD_ADLER32) != 0) {
      if (openVcdiff) {
        at = in.offset();
        checksum = in.readVarint("checksum");
        if (checksum > 0xFFFFFFFFL) {
          throw new VcdiffException("checksum " + checksum + " does not fit 32 bits", at);
        }
      } else {
        checksum = 0;
        for (int i = 0; i < 4; i++) {
          checksum = (checksum << 8) | in.readByte("Adler-32 checksum");
        }
      }
    }
    long headerBytes = in.offset() - bodyStart;
    long declared = headerBytes + lengths[0] + lengths[1] + lengths[2];
    if (declared != deltaLength) {
      throw new VcdiffException("delta encoding length " + deltaLength
          + " does not match the window's contents (" + declared + " bytes)", windowOffset);
    }

    long[] sectionOffsets = new long[3];
    for (int i = 0; i < 3; i++) {
      sectionOffsets[i] = in.offset();
      raw[i] = in.readGrowing(raw[i], lengths[i], SECTION_NAMES[i] + " section");
    }
    // Decompressed as the instructions reach them when someone watches the target come out (open-
    // vcdiff's interleaved layout, never compressed, needs its whole instructions section).
    boolean lazy = lazySections && secondary == SecondaryCompression.LZMA && !openVcdiff;
    for (int i = 0; i < 3; i++) {
      if ((deltaIndicator & (1 << i)) == 0) {
        sections[i].whole(raw[i], lengths[i]);
      } else if (lazy) {
        startLazy(i, lengths[i], sectionOffsets[i], sectionLimit);
      } else {
        int size = decompress(i, lengths[i], sectionOffsets[i], sectionLimit);
        sections[i].whole(plain[i], size);
      }
    }
    Section data = sections[DATA];
    Section inst = sections[INST];
    Section addr = sections[ADDR];
    if (openVcdiff && data.end == 0 && addr.end == 0 && inst.end > 0) {
      // open-vcdiff's interleaved layout: sizes, data and addresses all ride in the instructions.
      interleaved.split(table, inst.bytes, inst.end, sectionOffsets[INST]);
      data = interleavedData.whole(interleaved.data(), interleaved.dataLength());
      inst = interleavedInst.whole(interleaved.instructions(), interleaved.instructionsLength());
      addr = interleavedAddr.whole(interleaved.addresses(), interleaved.addressesLength());
    }

    sink.prepare(targetLength, fromTarget);
    int base = sink.base;
    if (sink.buffer.length - base < targetLength) {
      // Allocate what the instructions can produce, not what the header claims (a lazy window: what
      // its first instructions can; the sink grows ahead from there as they produce more).
      inst.need(Section.STEP);
      sink.reserve(WindowExecutor.accountedLength(table, inst.bytes, inst.ready, data.end,
          addr.ready == addr.end ? addr.bytes : null, addr.end, targetLength), windowOffset);
    }
    prepareCopyWindow(fromSource, fromTarget, cpyLen, cpyOff, windowOffset);
    executor.execute(
        table, sink, base, targetLength, cpyLen, data, inst, addr,
        sectionOffsets, (deltaIndicator & (1 << DATA)) != 0, (deltaIndicator & (1 << INST)) != 0,
        (deltaIndicator & (1 << ADDR)) != 0);
    for (int i = 0; i < 3; i++) {
      if (lazy && (deltaIndicator & (1 << i)) != 0) {
        plain[i] = sections[i].finish();
      }
    }

    sink.commit(targetLength, settings.verifyChecksums ? checksum : -1, openVcdiff, windowOffset);
    return true;
  }

  /**
   * open-vcdiff seeds Adler-32 with 0 instead of zlib's 1. From the standard value (seed 1) the
   * zero-seeded one is s1 - 1 and s2 - n, modulo 65521, which keeps the JDK's intrinsic in play.
   */
  static long zeroSeededAdler32(long standard, long length) {
    final int mod = 65521;
    long s1 = ((standard & 0xFFFF) - 1 + mod) % mod;
    long s2 = (((standard >>> 16) - length % mod) % mod + mod) % mod;
    return (s2 << 16) | s1;
  }

  /** Upper bound on any section of a window of this size: generous, but bounded. */
  private int sectionLimit(int targetLength) {
    return (int) Math.min(Integer.MAX_VALUE - 64, 4L * targetLength + 4096);
  }

  private int decompress(int kind, int length, long offset, int limit) throws IOException {
    int p = sizeVarintLength(kind, length, offset);
    int usize = declaredSize(kind, length, p, offset, limit);
    if (plain[kind].length < usize && secondary != SecondaryCompression.LZMA) {
      plain[kind] = TargetSink.EMPTY; // let a collection reclaim the old one if memory is short
      plain[kind] = HeapBudget.allocate(usize, "a decompressed " + SECTION_NAMES[kind] + " section", offset);
    }
    plain[kind] = secondaryDecoder(kind, offset).decode(raw[kind], p, length - p, plain[kind], usize, offset + p);
    return usize;
  }

  /** Points {@code sections[kind]} at its LZMA stream, to be decompressed as it is read. */
  private void startLazy(int kind, int length, long offset, int limit) throws IOException {
    int p = sizeVarintLength(kind, length, offset);
    int usize = declaredSize(kind, length, p, offset, limit);
    LzmaSectionDecoder lzma = (LzmaSectionDecoder) secondaryDecoder(kind, offset);
    sections[kind].lazy(lzma, raw[kind], p, length - p, plain[kind], usize, offset + p);
  }

  private SecondaryDecoder secondaryDecoder(int kind, long offset) throws VcdiffException {
    if (secondaryDecoders[kind] == null) {
      secondaryDecoders[kind] = newSecondaryDecoder(secondary, offset);
    }
    return secondaryDecoders[kind];
  }

  /** The length of the uncompressed-size varint that starts a compressed section. */
  private int sizeVarintLength(int kind, int length, long offset) throws VcdiffException {
    byte[] section = raw[kind];
    for (int p = 0; p < length && p < 5; p++) {
      if ((section[p] & 0x80) == 0) {
        return p + 1;
      }
    }
    throw new VcdiffException("bad uncompressed-size varint of the compressed "
        + SECTION_NAMES[kind] + " section", offset);
  }

  /** The uncompressed size a compressed section declares, checked against what it may be. */
  private int declaredSize(int kind, int length, int varintLength, long offset, int limit)
      throws VcdiffException {
    long size = 0;
    for (int p = 0; p < varintLength; p++) {
      size = (size << 7) | (raw[kind][p] & 0x7F);
    }
    if (size > limit) {
      throw new VcdiffException("compressed " + SECTION_NAMES[kind] + " section claims " + size
          + " bytes, over the limit of " + limit, offset);
    }
    // DJW and FGK spend at least one bit per byte; LZMA can expand far more, so its decoder
    // enlarges the array as output appears instead.
    if (secondary != SecondaryCompression.LZMA && size > 8L * (length - varintLength)) {
      throw new VcdiffException("compressed " + SECTION_NAMES[kind] + " section claims " + size
          + " bytes, more than its " + (length - varintLength) + " bytes can hold", offset);
    }
    return (int) size;
  }

  private static SecondaryDecoder newSecondaryDecoder(SecondaryCompression c, long offset)
      throws VcdiffException {
    switch (c) {
      case LZMA:
        return new LzmaSectionDecoder();
      case DJW:
        return new DjwDecoder();
      case FGK:
        return new FgkDecoder();
      default:
        throw new VcdiffException(c + " secondary compression is not supported yet", offset);
    }
  }

  /** Points the executor at the bytes COPY addresses below {@code cpyLen} refer to. */
  private void prepareCopyWindow(
      boolean fromSource, boolean fromTarget, long cpyLen, long cpyOff, long windowOffset)
      throws VcdiffException {
    if (fromTarget) {
      byte[] history = sink.history(cpyOff, cpyLen);
      if (history != null) {
        executor.copyFromArray(history, sink.historyIndex, cpyLen);
      } else {
        throw new VcdiffException("VCD_TARGET window copies from target bytes older than the previous "
            + "window, which a streaming decode does not keep; decode into memory instead", windowOffset);
      }
    } else if (fromSource) {
      long available = source.size() - cpyOff;
      if (sourceArray != null) {
        executor.copyFromArray(sourceArray, cpyOff, available);
      } else {
        executor.copyFromSource(source, cpyOff, available);
      }
    } else {
      executor.copyFromArray(null, 0, 0);
    }
  }
}
