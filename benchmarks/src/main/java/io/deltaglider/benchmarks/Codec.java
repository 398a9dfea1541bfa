package io.deltaglider.benchmarks;

/**
 * A delta tool the comparison runner measures. Two flavours: {@link JvmCodec} (a library called
 * in-JVM, run by the runner in a forked worker JVM so a crash, a hang or an out-of-memory stays
 * contained and its memory is measured alone) and {@link ProcessCodec} (a command line tool run as
 * whole processes, such as {@code xdelta3} or our {@code ./deltaglider vcdiff} launcher).
 */
public interface Codec {
  /** Unique, stable name used in results and for {@code --tools} selection. */
  String name();

  /** "process" or "jvm". */
  String kind();

  /**
   * Why this tool sits out {@code pair} (too slow or too big for it, tool missing), or {@code
   * null} to run it. The reason is printed in the results.
   */
  default String skipReason(Pair pair, boolean quick) {
    return null;
  }

  /**
   * True when the tool writes VCDIFF that xdelta3 3.0.11 must decode: the runner then also runs
   * {@code xdelta3 -d} on its delta (untimed) and reports whether that output is byte-exact.
   */
  default boolean xdelta3Compatible() {
    return false;
  }
}
