package io.deltaglider.vcdiff;

import java.util.zip.Adler32;

/**
 * Turns one target window into its three raw sections (data, instructions, addresses) and the
 * values its header needs. Windows are encoded independently of each other (the matcher starts
 * afresh at every window), so several instances can work on different windows at once and the
 * output does not depend on how many did. Secondary compression is not done here: its streams
 * run across windows, so the writer applies it in window order. Not thread-safe; reused across
 * windows.
 */
final class WindowEncoder {
  private final TargetMatcher matcher;
  private final boolean checksum;
  private final boolean checkEntropy;
  final ByteSink data = new ByteSink(1 << 12);
  final ByteSink inst = new ByteSink(1 << 12);
  final ByteSink addrs = new ByteSink(1 << 12);
  private final InstructionEncoder instructions = new InstructionEncoder(inst);
  private final AddressEncoder addresses = new AddressEncoder();
  private final Adler32 adler = new Adler32();

  // The encoded window, valid after encode().
  int length;
  boolean hasSource;
  long cpyoff;
  long cpylen;
  int adler32;
  /** The data section looks like compressed bytes (only checked when {@code checkEntropy}). */
  boolean dataIncompressible;

  /**
   * @param checkEntropy whether to test the data section for {@link #dataIncompressible} (only
   *     worth it when a secondary compressor would otherwise run over it)
   */
  WindowEncoder(MatchLevel level, SourceReader reader, SourceIndex index, boolean checksum,
      boolean checkEntropy) {
    this.matcher = new TargetMatcher(level, reader, index);
    this.checksum = checksum;
    this.checkEntropy = checkEntropy;
  }

  /** Encodes {@code t[0, n)}, the window that starts at target offset {@code winStart}. */
  void encode(byte[] t, int n, long winStart) {
    TargetMatcher m = matcher;
    m.match(t, n, winStart);
    data.reset();
    inst.reset();
    addrs.reset();
    addresses.reset();
    length = n;
    hasSource = m.minSource != Long.MAX_VALUE;
    cpyoff = hasSource ? m.minSource : 0;
    cpylen = hasSource ? m.maxSourceEnd - m.minSource : 0;
    int p = 0;
    for (int i = 0; i < m.count; i++) {
      int tp = m.tpos[i];
      int len = m.ilen[i];
      if (tp > p) {
        data.write(t, p, tp - p);
        instructions.add(tp - p);
      }
      switch (m.kind[i]) {
        case TargetMatcher.RUN:
          data.write(t[tp]);
          instructions.run(len);
          break;
        case TargetMatcher.COPY_SOURCE:
          instructions.copy(len, addresses.encode(m.addr[i] - cpyoff, cpylen + tp, addrs));
          break;
        default:
          instructions.copy(len, addresses.encode(cpylen + m.addr[i], cpylen + tp, addrs));
          break;
      }
      p = tp + len;
    }
    if (p < n) {
      data.write(t, p, n - p);
      instructions.add(n - p);
    }
    instructions.flush();
    if (checksum) {
      adler.reset();
      adler.update(t, 0, n);
      adler32 = (int) adler.getValue();
    }
    // Already-compressed ADD bytes are best sent as they are: LZMA would not shrink them and is
    // slow at finding that out.
    dataIncompressible = checkEntropy && Incompressible.looksIncompressible(data.buf, data.len);
  }
}
