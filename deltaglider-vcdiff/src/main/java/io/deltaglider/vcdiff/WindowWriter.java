package io.deltaglider.vcdiff;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Writes one encode's output: the file header, then the windows in target order, with LZMA
 * secondary compression when asked for (FORMAT.md section 7.4). Not thread-safe.
 *
 * <p>Whether LZMA is used at all is decided over several windows at once. Each kind's stream
 * costs about 24 bytes of headers, and a delta of a few edits per window has sections too small to
 * earn that back in any one window, though all its windows together often do (a 23 MB tar in three
 * 8 MiB windows of a few hundred section bytes each). So the windows are held back, raw, until the
 * target ends or {@link #MAX_HELD} is passed; then each kind is compressed on trial over all the
 * held sections and opened if that is shorter, and the file header declares LZMA only if the
 * opened kinds save more than the byte that costs. Up to that point a delta with LZMA is never
 * larger than without it. After it, the streams go on as xdelta3's do.
 */
final class WindowWriter {
  /**
   * How much is held back before deciding: raw section bytes plus {@link #RECORD_BYTES} per
   * window, so that many tiny windows cannot hold much more heap than that either.
   */
  private static final int MAX_HELD = 1 << 20;

  private static final int RECORD_BYTES = 128;

  private final OutputStream out;
  private final boolean checksum;
  private final byte[] appHeader;
  private final ByteSink header = new ByteSink(64);
  private final ByteSink body = new ByteSink(1 << 10); // a window's sections as sent
  private final int[] lens = new int[3];
  /** The streams; null without LZMA or once decided against. */
  private LzmaSections lzma;
  /** The windows waiting for the decision; null once it is made. */
  private List<Held> held;
  private long heldBytes;
  private long written;

  WindowWriter(OutputStream out, boolean checksum, byte[] appHeader, boolean lzma) throws IOException {
    this.out = out;
    this.checksum = checksum;
    this.appHeader = appHeader;
    if (lzma) {
      this.lzma = new LzmaSections();
      held = new ArrayList<>();
    } else {
      writeFileHeader(false);
    }
  }

  /** Writes (or holds back) the window {@code w} has just encoded. */
  void write(WindowEncoder w) throws IOException {
    if (held != null) {
      Held h = new Held(w);
      held.add(h);
      heldBytes += h.raw[0].length + h.raw[1].length + h.raw[2].length + RECORD_BYTES;
      if (heldBytes > MAX_HELD) {
        decide();
      }
      return;
    }
    WindowHeader wh = WindowHeader.of(w);
    header.reset();
    if (lzma == null) {
      wh.write(header, checksum, 0, w.data.len, w.inst.len, w.addrs.len);
      emit(header);
      emit(w.data);
      emit(w.inst);
      emit(w.addrs);
      return;
    }
    ByteSink[] raw = {w.data, w.inst, w.addrs};
    body.reset();
    int deltaInd = 0;
    for (int k = 0; k < 3; k++) {
      int start = body.len;
      if (mayCompress(k, raw[k].len, w.dataIncompressible) && lzma.compress(k, raw[k], body)) {
        deltaInd |= 1 << k; // VCD_DATACOMP, VCD_INSTCOMP, VCD_ADDRCOMP
      } else {
        body.write(raw[k].buf, 0, raw[k].len);
      }
      lens[k] = body.len - start;
    }
    wh.write(header, checksum, deltaInd, lens[0], lens[1], lens[2]);
    emit(header);
    emit(body);
  }

  /** Writes what is still held back; returns the number of bytes written in all. */
  long finish() throws IOException {
    if (held != null) {
      decide();
    }
    return written;
  }

  /**
   * Sections of at least 10 bytes (xdelta3's threshold) may be compressed, except a data section of
   * already-compressed bytes: it goes out as it is, its bit clear, and decoders skip its stream.
   */
  private static boolean mayCompress(int kind, int len, boolean dataIncompressible) {
    return len >= Constants.SEC_MIN_INPUT && !(kind == 0 && dataIncompressible);
  }

  /**
   * Decides on LZMA for the held windows, writes the file header and them, and leaves the opened
   * kinds' trial streams as the live ones: they have seen exactly the sections the decoder will.
   */
  private void decide() throws IOException {
    List<Held> windows = held;
    held = null;
    LzmaSections.Stream[] opened = new LzmaSections.Stream[3];
    for (int k = 0; k < 3; k++) {
      opened[k] = trial(windows, k);
    }
    long saved = 0;
    for (Held h : windows) {
      saved += frame(h, null) - frame(h, opened);
    }
    boolean declare = saved > 1; // the compressor id the file header then carries
    writeFileHeader(declare);
    if (declare) {
      for (int k = 0; k < 3; k++) {
        if (opened[k] != null) {
          lzma.adopt(k, opened[k]);
        }
      }
    } else {
      // LZMA did not pay for the whole delta, or for its first megabyte, after which the rest
      // will hardly differ: plain from here on.
      lzma = null;
    }
    LzmaSections.Stream[] used = declare ? opened : null;
    for (Held h : windows) {
      frame(h, used);
      emit(header);
      for (int k = 0; k < 3; k++) {
        byte[] b = sent(h, used, k);
        out.write(b);
        written += b.length;
      }
    }
  }

  /**
   * Feeds kind {@code k}'s held sections that may be compressed, in order, to a fresh stream, keeping each one's
   * section body; returns the stream if that saves bytes over sending them plain, else null.
   */
  private static LzmaSections.Stream trial(List<Held> windows, int k) throws IOException {
    LzmaSections.Stream s = null;
    ByteSink one = new ByteSink(1 << 10);
    long saved = 0;
    for (Held h : windows) {
      byte[] raw = h.raw[k];
      if (!mayCompress(k, raw.length, h.dataIncompressible)) {
        continue;
      }
      if (s == null) {
        s = new LzmaSections.Stream();
      }
      one.reset();
      s.section(raw, raw.length, one);
      h.packed[k] = Arrays.copyOf(one.buf, one.len);
      // The section's length varint in the window header counts too.
      saved += VarInt.size(raw.length) + raw.length - VarInt.size(one.len) - one.len;
    }
    return saved > 0 ? s : null;
  }

  /**
   * Writes {@code h}'s header into {@code header} for its sections as {@link #sent}; returns the
   * window's size so sent.
   */
  private long frame(Held h, LzmaSections.Stream[] used) {
    int deltaInd = 0;
    for (int k = 0; k < 3; k++) {
      byte[] b = sent(h, used, k);
      lens[k] = b.length;
      deltaInd |= b != h.raw[k] ? 1 << k : 0;
    }
    header.reset();
    h.header.write(header, checksum, deltaInd, lens[0], lens[1], lens[2]);
    return (long) header.len + lens[0] + lens[1] + lens[2];
  }

  /** {@code h}'s section of kind {@code k}: compressed if the kind is in {@code used} (or null: none), else raw. */
  private static byte[] sent(Held h, LzmaSections.Stream[] used, int k) {
    return used != null && used[k] != null && h.packed[k] != null ? h.packed[k] : h.raw[k];
  }

  private void writeFileHeader(boolean withLzma) throws IOException {
    header.reset();
    FileHeader.write(header, withLzma, appHeader);
    emit(header);
  }

  private void emit(ByteSink s) throws IOException {
    out.write(s.buf, 0, s.len);
    written += s.len;
  }

  /** A window held back: its header fields, copies of its raw sections and their trial bodies. */
  private static final class Held {
    final WindowHeader header;
    final boolean dataIncompressible;
    final byte[][] raw;
    /** Per kind, the section body from the trial stream; null where the kind was not fed. */
    final byte[][] packed = new byte[3][];

    Held(WindowEncoder w) {
      header = WindowHeader.of(w);
      dataIncompressible = w.dataIncompressible;
      raw = new byte[][] {
        Arrays.copyOf(w.data.buf, w.data.len), Arrays.copyOf(w.inst.buf, w.inst.len),
        Arrays.copyOf(w.addrs.buf, w.addrs.len)};
    }
  }
}
