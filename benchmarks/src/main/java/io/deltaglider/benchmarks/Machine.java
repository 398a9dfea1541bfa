package io.deltaglider.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** One line on the machine and tool versions, for results. */
final class Machine {
  private Machine() {}

  static String describe() {
    List<String> parts = new ArrayList<>();
    parts.add(cpu());
    parts.add(Runtime.getRuntime().availableProcessors() + " cores");
    parts.add(String.format("%.0f GiB RAM", memGiB()));
    parts.add("JDK " + System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
    String x = toolVersion("xdelta3", "-V");
    if (x != null) {
      parts.add(x);
    }
    String z = toolVersion("zstd", "-V");
    if (z != null) {
      parts.add(z);
    }
    return String.join("; ", parts);
  }

  static String cpu() {
    String model = null;
    String family = null;
    String modelNo = null;
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"), StandardCharsets.UTF_8)) {
        String v = line.contains(":") ? line.substring(line.indexOf(':') + 1).trim() : "";
        if (line.startsWith("model name") && model == null) {
          model = v;
        } else if (line.startsWith("cpu family") && family == null) {
          family = v;
        } else if (line.startsWith("model\t") && modelNo == null) {
          modelNo = v;
        }
      }
    } catch (IOException e) {
      return System.getProperty("os.arch");
    }
    if (model == null) {
      return System.getProperty("os.arch");
    }
    return family == null ? model : model + " (family " + family + " model " + modelNo + ")";
  }

  static double memGiB() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
        if (line.startsWith("MemTotal:")) {
          return Long.parseLong(line.replaceAll("\\D+", "")) / (1024.0 * 1024);
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux
    }
    return Double.NaN;
  }

  static String toolVersion(String exe, String flag) {
    String path = Codecs.onPath(exe);
    if (path == null) {
      return null;
    }
    try {
      Process p = new ProcessBuilder(path, flag).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      p.waitFor(5, TimeUnit.SECONDS);
      String first = out.lines().findFirst().orElse("").trim();
      // "Xdelta version 3.0.11, Copyright ..." / "*** Zstandard CLI (64-bit) v1.5.4, by ..."
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("v(?:ersion )?(\\d+(?:\\.\\d+)+)")
          .matcher(first);
      return m.find() ? exe + " " + m.group(1) : exe;
    } catch (IOException e) {
      return exe;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return exe;
    }
  }
}
