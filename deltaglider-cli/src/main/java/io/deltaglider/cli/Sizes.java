package io.deltaglider.cli;

import java.util.Locale;

/** Byte counts and ratios for people. */
final class Sizes {
  private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};

  private Sizes() {}

  /** {@code 123}, {@code 64K}, {@code 8M}, {@code 2G}, {@code 1T} (binary units); -1 if it is not a size. */
  static long parse(String text) {
    String t = text.strip().toUpperCase(Locale.ROOT);
    int u = t.isEmpty() ? -1 : "KMGT".indexOf(t.charAt(t.length() - 1));
    long unit = u < 0 ? 1 : 1L << (10 * (u + 1));
    if (u >= 0) {
      t = t.substring(0, t.length() - 1);
    }
    try {
      long n = Long.parseLong(t);
      return n < 0 || n > Long.MAX_VALUE / unit ? -1 : n * unit;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** {@code 512 B}, {@code 1.5 KiB}, {@code 12.3 MiB}; "?" when unknown (negative). */
  static String human(long bytes) {
    if (bytes < 0) {
      return "?";
    }
    if (bytes < 1024) {
      return bytes + " B";
    }
    double v = bytes;
    int u = 0;
    while (v >= 1024 && u < UNITS.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format(Locale.ROOT, v < 10 ? "%.2f %s" : v < 100 ? "%.1f %s" : "%.0f %s", v, UNITS[u]);
  }

  static String bytes(long bytes, boolean human) {
    return human ? human(bytes) : bytes < 0 ? "?" : Long.toString(bytes);
  }

  /** Fraction saved as a percentage, e.g. {@code 98.7%}; "-" when nothing to compare. */
  static String percent(double fraction) {
    if (Math.abs(fraction) < 0.0005) {
      fraction = 0; // no "-0.0%"
    }
    return String.format(Locale.ROOT, "%.1f%%", fraction * 100);
  }

  /** 1 - stored/original, 0 when the original is empty or unknown. */
  static double savings(long original, long stored) {
    return original <= 0 ? 0 : 1.0 - (double) stored / original;
  }
}
