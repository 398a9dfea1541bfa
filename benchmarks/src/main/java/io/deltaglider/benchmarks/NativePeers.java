package io.deltaglider.benchmarks;

import java.util.List;

/**
 * The native tools issue 19 compares archive-aware deltas with, beyond the xdelta3 rows of {@link
 * Codecs}: bsdiff 4.3 ({@code apt-get install -y bsdiff}) and {@code zstd --patch-from} at level 19
 * with a 2 GiB long-distance window, zstd's own advice for patches. Both whole processes; full run
 * only ({@code --quick} keeps to the zstd -3 row).
 */
final class NativePeers {
  /** bsdiff's suffix sort needs about 17 bytes of memory per source byte and is slow above this. */
  static final long BSDIFF_MAX_BYTES = 64 * Codecs.MIB;

  private NativePeers() {}

  static List<Codec> all() {
    String bsdiff = Codecs.onPath("bsdiff");
    String bspatch = Codecs.onPath("bspatch");
    String zstd = Codecs.onPath("zstd");
    return List.of(
        new ProcessCodec("bsdiff 4.3",
            List.of(bsdiff == null ? "bsdiff" : bsdiff, "{src}", "{in}", "{out}"),
            // bspatch OLD NEW PATCH
            List.of(bspatch == null ? "bspatch" : bspatch, "{src}", "{out}", "{in}"),
            p -> bsdiff == null || bspatch == null ? "bsdiff not on PATH (apt-get install -y bsdiff)"
                : Codecs.tooBig(p, BSDIFF_MAX_BYTES, "suffix sort, 17x the source in memory"))
            .fullRunOnly(),
        new ProcessCodec("zstd CLI --patch-from -19 --long=31",
            List.of(zstd == null ? "zstd" : zstd, "-q", "-f", "-19", "--long=31",
                "--patch-from={src}", "{in}", "-o", "{out}"),
            List.of(zstd == null ? "zstd" : zstd, "-q", "-d", "-f", "--long=31",
                "--patch-from={src}", "{in}", "-o", "{out}"),
            p -> zstd == null ? "zstd not on PATH (apt-get install -y zstd)" : null)
            .fullRunOnly());
  }
}
