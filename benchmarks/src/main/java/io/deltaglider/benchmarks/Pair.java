package io.deltaglider.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** A benchmark pair: encode {@code target} against {@code source}. */
public record Pair(String name, Path source, Path target) {
  public Pair {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(target, "target");
  }

  public long sourceBytes() {
    return size(source);
  }

  public long targetBytes() {
    return size(target);
  }

  /** The larger of the two file sizes. */
  public long maxBytes() {
    return Math.max(sourceBytes(), targetBytes());
  }

  public boolean exists() {
    return Files.isRegularFile(source) && Files.isRegularFile(target);
  }

  private static long size(Path p) {
    try {
      return Files.size(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads a {@code name<TAB>source<TAB>target} file; a first line starting with "name" is a header. */
  public static List<Pair> readTsv(Path tsv) throws IOException {
    List<Pair> pairs = new ArrayList<>();
    for (String line : Files.readAllLines(tsv, StandardCharsets.UTF_8)) {
      if (line.isBlank() || line.startsWith("#") || line.startsWith("name\t")) {
        continue;
      }
      String[] f = line.split("\t");
      if (f.length < 3) {
        throw new IOException(tsv + ": expected name, source, target in: " + line);
      }
      pairs.add(new Pair(f[0], Path.of(f[1]), Path.of(f[2])));
    }
    return pairs;
  }

  /** Writes pairs as {@code name<TAB>source<TAB>target} with a header line. */
  public static void writeTsv(Path tsv, List<Pair> pairs) throws IOException {
    StringBuilder sb = new StringBuilder("name\tsource\ttarget\n");
    for (Pair p : pairs) {
      sb.append(p.name()).append('\t').append(p.source()).append('\t').append(p.target()).append('\n');
    }
    Path tmp = tsv.resolveSibling(tsv.getFileName() + ".part");
    Files.writeString(tmp, sb, StandardCharsets.UTF_8);
    Files.move(tmp, tsv, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }
}
