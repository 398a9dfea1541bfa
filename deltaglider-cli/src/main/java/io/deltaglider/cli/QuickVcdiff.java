package io.deltaglider.cli;

import io.deltaglider.vcdiff.VcdiffEncoder;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * Reads plain {@code vcdiff encode} and {@code vcdiff decode} command lines without building
 * picocli's model of the whole command tree, which costs more CPU time (reflection over every
 * command, class loading, cold code) than decoding a 100 MB delta in a fresh JVM takes.
 *
 * <p>It accepts a deliberately small subset: each option as its own argument ({@code -s FILE},
 * {@code --source FILE}, {@code --source=FILE}, {@code -f}, {@code -9}, {@code -S none},
 * {@code -A}, {@code -A=HEADER}, {@code -W 8M}, {@code --level 3}, ...), each at most once, values
 * that picocli would accept as they are, and exactly two positional arguments. Anything else
 * (help, version, clustered flags, {@code --}, {@code @files}, a repeated or unknown option, a bad
 * value, a missing argument) returns {@code null}, and picocli parses the line as before, so every
 * message and exit status stays picocli's. A test checks that the subset parses to the same
 * values picocli gives.
 */
final class QuickVcdiff {
  private QuickVcdiff() {}

  /**
   * The command ready to run for {@code args} (the whole command line, starting with {@code
   * vcdiff}), or {@code null} when picocli has to read it.
   */
  static Callable<Integer> parse(Console console, String[] args) {
    if (args.length < 2 || !"vcdiff".equals(args[0])) {
      return null;
    }
    for (String a : args) {
      if (a.isEmpty() || a.charAt(0) == '@' || "--".equals(a)) {
        return null;
      }
    }
    if ("decode".equals(args[1])) {
      return decode(console, args);
    }
    if ("encode".equals(args[1])) {
      return encode(console, args);
    }
    return null;
  }

  private static VcdiffDecodeCommand decode(Console console, String[] args) {
    VcdiffDecodeCommand c = new VcdiffDecodeCommand(console);
    Seen seen = new Seen();
    String[] positional = new String[2];
    int npos = 0;
    for (int i = 2; i < args.length; i++) {
      String a = args[i];
      String value = null;
      if ("-s".equals(a) || "--source".equals(a)) {
        if (++i == args.length) {
          return null;
        }
        value = args[i];
        a = "-s";
      } else if (a.startsWith("--source=")) {
        value = a.substring("--source=".length());
        a = "-s";
      } else if ("-v".equals(a)) {
        a = "--verbose";
      }
      if (!seen.first(a)) {
        return null;
      }
      switch (a) {
        case "-s":
          c.source = path(value);
          if (c.source == null) {
            return null;
          }
          break;
        case "--no-checksum":
          c.noChecksum = true;
          break;
        case "-f":
          c.force = true;
          break;
        case "--verbose":
          c.verbose = true;
          break;
        case "--debug":
          break; // Main reads it from the arguments
        default:
          if (!isPositional(a) || npos == 2) {
            return null;
          }
          positional[npos++] = a;
      }
    }
    if (npos != 2) {
      return null;
    }
    c.delta = positional[0];
    c.output = positional[1];
    return c;
  }

  private static VcdiffEncodeCommand encode(Console console, String[] args) {
    VcdiffEncodeCommand c = new VcdiffEncodeCommand(console);
    Seen seen = new Seen();
    String[] positional = new String[2];
    int npos = 0;
    for (int i = 2; i < args.length; i++) {
      String a = args[i];
      String value = null;
      if ("-s".equals(a) || "--source".equals(a) || "-S".equals(a) || "-W".equals(a) || "--level".equals(a)) {
        if (++i == args.length) {
          return null;
        }
        value = args[i];
        if ("--source".equals(a)) {
          a = "-s";
        }
      } else if (a.startsWith("--source=")) {
        value = a.substring("--source=".length());
        a = "-s";
      } else if (a.startsWith("--level=")) {
        value = a.substring("--level=".length());
        a = "--level";
      } else if (a.startsWith("-A=")) {
        value = a.substring("-A=".length());
        a = "-A";
      } else if ("-A".equals(a)) {
        value = ""; // a bare -A: no header (Main.normalize makes it -A= for picocli)
      } else if (a.length() == 2 && a.charAt(0) == '-' && a.charAt(1) >= '0' && a.charAt(1) <= '9') {
        value = a.substring(1);
        a = "--level";
      } else if ("-v".equals(a)) {
        a = "--verbose";
      }
      if (!seen.first(a)) {
        return null;
      }
      switch (a) {
        case "-s":
          c.source = path(value);
          if (c.source == null) {
            return null;
          }
          break;
        case "--level":
          if (value.length() != 1 || value.charAt(0) < '0' || value.charAt(0) > '9') {
            return null;
          }
          c.level = value.charAt(0) - '0';
          break;
        case "-S":
          if ("none".equals(value.toLowerCase(Locale.ROOT))) {
            c.secondary = VcdiffEncodeCommand.Secondary.NONE;
          } else if ("lzma".equals(value.toLowerCase(Locale.ROOT))) {
            c.secondary = VcdiffEncodeCommand.Secondary.LZMA;
          } else {
            return null;
          }
          break;
        case "-W":
          long size = value.startsWith("-") ? -1 : Sizes.parse(value);
          if (size < 1 || size > VcdiffEncoder.MAX_WINDOW_SIZE) {
            return null;
          }
          c.windowSize = (int) size;
          break;
        case "-A":
          c.appHeader = value;
          break;
        case "-n":
          c.noChecksum = true;
          break;
        case "-f":
          c.force = true;
          break;
        case "--verbose":
          c.verbose = true;
          break;
        case "--debug":
          break; // Main reads it from the arguments
        default:
          if (!isPositional(a) || npos == 2) {
            return null;
          }
          positional[npos++] = a;
      }
    }
    if (npos != 2) {
      return null;
    }
    c.target = positional[0];
    c.delta = positional[1];
    return c;
  }

  /** A positional argument picocli would not take for an option: "-" or not starting with '-'. */
  private static boolean isPositional(String a) {
    return "-".equals(a) || a.charAt(0) != '-';
  }

  /** An option value as a path, or null when picocli should judge it (option-like or invalid). */
  private static Path path(String value) {
    if (value.isEmpty() || value.charAt(0) == '-') {
      return null;
    }
    try {
      return Path.of(value);
    } catch (InvalidPathException e) {
      return null;
    }
  }

  /** Option names seen so far (a handful: a linear scan is plenty). */
  private static final class Seen {
    private final String[] names = new String[16];
    private int n;

    /** True the first time {@code name} is seen; positional arguments are never recorded. */
    boolean first(String name) {
      if (isPositional(name)) {
        return true;
      }
      for (int i = 0; i < n; i++) {
        if (names[i].equals(name)) {
          return false;
        }
      }
      if (n == names.length) {
        return false;
      }
      names[n++] = name;
      return true;
    }
  }
}
