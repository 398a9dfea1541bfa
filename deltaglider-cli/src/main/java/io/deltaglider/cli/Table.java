package io.deltaglider.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** An aligned text table: numbers right-aligned, text left-aligned, two spaces between columns. */
final class Table {
  private final String[] headers;
  private final boolean[] right;
  private final List<String[]> rows = new ArrayList<>();

  /** {@code align} has one letter per column: 'R' right, 'L' left. */
  Table(String align, String... headers) {
    this.headers = headers;
    this.right = new boolean[headers.length];
    for (int i = 0; i < headers.length; i++) {
      right[i] = align.charAt(i) == 'R';
    }
  }

  /** Adds a row; cells are escaped ({@link Messages#escape}) before their widths are taken. */
  Table row(String... cells) {
    String[] safe = new String[cells.length];
    for (int i = 0; i < cells.length; i++) {
      safe[i] = Messages.escape(cells[i]);
    }
    rows.add(safe);
    return this;
  }

  boolean isEmpty() {
    return rows.isEmpty();
  }

  void print(PrintStream out) {
    int[] width = new int[headers.length];
    List<String[]> all = new ArrayList<>();
    all.add(headers);
    all.addAll(rows);
    for (String[] r : all) {
      for (int i = 0; i < r.length; i++) {
        width[i] = Math.max(width[i], r[i].length());
      }
    }
    for (String[] r : all) {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < r.length; i++) {
        if (i > 0) {
          sb.append("  ");
        }
        String pad = " ".repeat(width[i] - r[i].length());
        if (right[i]) {
          sb.append(pad).append(r[i]);
        } else if (i == r.length - 1) {
          sb.append(r[i]);
        } else {
          sb.append(r[i]).append(pad);
        }
      }
      out.println(sb.toString().stripTrailing());
    }
  }
}
