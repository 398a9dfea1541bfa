package io.deltaglider.benchmarks;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * PNG plots of a comparison run, drawn with Java2D (headless, no plotting dependency): one image
 * per pair with delta size against encode speed (log–log, lower right is better) and decode
 * throughput per tool.
 */
final class Plots {
  private static final int W = 1400;
  private static final int H = 600;
  private static final Color[] PALETTE = {
    new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728),
    new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f),
    new Color(0xbcbd22), new Color(0x17becf), new Color(0x393b79), new Color(0xad494a)
  };

  private Plots() {}

  /** Writes {@code plot-PAIR.png} per pair into {@code dir}; returns the files written. */
  static List<Path> write(List<Compare.Row> rows, Path dir) throws IOException {
    System.setProperty("java.awt.headless", "true");
    Map<String, List<Compare.Row>> byPair = new LinkedHashMap<>();
    List<String> tools = new ArrayList<>();
    for (Compare.Row r : rows) {
      byPair.computeIfAbsent(r.pairName(), k -> new ArrayList<>()).add(r);
      if (!tools.contains(r.tool())) {
        tools.add(r.tool());
      }
    }
    List<Path> written = new ArrayList<>();
    for (Map.Entry<String, List<Compare.Row>> e : byPair.entrySet()) {
      Path png = dir.resolve("plot-" + e.getKey().replaceAll("[^A-Za-z0-9.-]+", "_") + ".png");
      ImageIO.write(plot(e.getKey(), e.getValue(), tools), "png", png.toFile());
      written.add(png);
    }
    return written;
  }

  static BufferedImage plot(String pair, List<Compare.Row> rows, List<String> tools) {
    BufferedImage im = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = im.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING,
        RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, W, H);
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
    Compare.Row first = rows.get(0);
    g.drawString(String.format(Locale.ROOT, "%s (%s → %s)", pair,
        CompareOutput.human(first.sourceBytes), CompareOutput.human(first.targetBytes)), 20, 26);

    // left: delta % (y, log) against encode MB/s (x, log)
    int x0 = 90;
    int y0 = 60;
    int pw = 560;
    int ph = 460;
    List<double[]> pts = new ArrayList<>();
    List<Compare.Row> ptRows = new ArrayList<>();
    for (Compare.Row r : rows) {
      double mbps = CompareOutput.mbps(r.targetBytes, r.encSeconds());
      if (r.deltaBytes() > 0 && !Double.isNaN(mbps) && mbps > 0) {
        pts.add(new double[] {mbps, 100.0 * r.deltaBytes() / Math.max(1, r.targetBytes)});
        ptRows.add(r);
      }
    }
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    g.drawString("delta size (% of target) vs encode speed (MB/s): lower right is better", x0,
        y0 - 10);
    if (!pts.isEmpty()) {
      double[] xr = logRange(pts, 0);
      double[] yr = logRange(pts, 1);
      axes(g, x0, y0, pw, ph, xr, yr, "encode MB/s", "delta %");
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
      FontMetrics lfm = g.getFontMetrics();
      List<Rectangle> labels = new ArrayList<>();
      for (int i = 0; i < pts.size(); i++) {
        int px = x0 + (int) Math.round(frac(pts.get(i)[0], xr) * pw);
        int py = y0 + ph - (int) Math.round(frac(pts.get(i)[1], yr) * ph);
        g.setColor(color(tools, ptRows.get(i).tool()));
        g.fillOval(px - 6, py - 6, 12, 12);
        // a label where it overlaps no other (tried above, below, further out); else the colour
        // in the legend on the right has to do
        String name = ptRows.get(i).tool();
        for (int dy : new int[] {-6, 16, -20, 30, -34, 44}) {
          Rectangle box = new Rectangle(px + 8, py + dy - lfm.getAscent(),
              lfm.stringWidth(name), lfm.getHeight());
          if (labels.stream().noneMatch(box::intersects)) {
            labels.add(box);
            g.drawString(name, px + 8, py + dy);
            break;
          }
        }
      }
    }

    // right: decode MB/s bars, one per tool (the legend too)
    int bx0 = 960;
    int bw = 400;
    int by0 = 60;
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    g.drawString("decode MB/s (target bytes per second)", bx0 - 250, by0 - 10);
    double max = 1;
    for (Compare.Row r : rows) {
      double d = CompareOutput.mbps(r.targetBytes, r.decSeconds());
      if (!Double.isNaN(d)) {
        max = Math.max(max, d);
      }
    }
    int bar = Math.min(34, (H - by0 - 40) / Math.max(1, rows.size()));
    FontMetrics fm = g.getFontMetrics();
    for (int i = 0; i < rows.size(); i++) {
      Compare.Row r = rows.get(i);
      int y = by0 + i * bar;
      g.setColor(color(tools, r.tool()));
      g.fillRect(bx0 - 250, y + 4, 10, 10);
      g.setColor(Color.BLACK);
      g.drawString(r.tool(), bx0 - 235, y + 14);
      double d = CompareOutput.mbps(r.targetBytes, r.decSeconds());
      if (Double.isNaN(d)) {
        g.setColor(Color.GRAY);
        g.drawString(r.status(), bx0 + 4, y + 14);
        continue;
      }
      int len = (int) Math.round(d / max * bw);
      g.setColor(color(tools, r.tool()));
      g.fillRect(bx0, y + 2, Math.max(1, len), bar - 6);
      g.setColor(Color.BLACK);
      String label = String.format(Locale.ROOT, "%.0f", d);
      int lx = bx0 + len + 4;
      if (lx + fm.stringWidth(label) > W - 4) {
        lx = bx0 + len - fm.stringWidth(label) - 4;
        g.setColor(Color.WHITE);
      }
      g.drawString(label, lx, y + 14);
    }
    g.dispose();
    return im;
  }

  private static Color color(List<String> tools, String tool) {
    return PALETTE[Math.max(0, tools.indexOf(tool)) % PALETTE.length];
  }

  /** Decade-aligned [lo, hi] around the values of column {@code c}. */
  static double[] logRange(List<double[]> pts, int c) {
    double min = Double.MAX_VALUE;
    double max = 0;
    for (double[] p : pts) {
      min = Math.min(min, p[c]);
      max = Math.max(max, p[c]);
    }
    double lo = Math.pow(10, Math.floor(Math.log10(min)));
    double hi = Math.pow(10, Math.ceil(Math.log10(max)));
    if (hi <= lo) {
      hi = lo * 10;
    }
    return new double[] {lo, hi};
  }

  static double frac(double v, double[] r) {
    return (Math.log10(v) - Math.log10(r[0])) / (Math.log10(r[1]) - Math.log10(r[0]));
  }

  private static void axes(Graphics2D g, int x0, int y0, int w, int h, double[] xr, double[] yr,
      String xLabel, String yLabel) {
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    FontMetrics fm = g.getFontMetrics();
    for (double d = xr[0]; d <= xr[1] * 1.0001; d *= 10) {
      for (int m : new int[] {1, 2, 5}) {
        double v = d * m;
        if (v > xr[1] * 1.0001) {
          break;
        }
        int px = x0 + (int) Math.round(frac(v, xr) * w);
        g.setColor(m == 1 ? new Color(0xcccccc) : new Color(0xeeeeee));
        g.drawLine(px, y0, px, y0 + h);
        g.setColor(Color.DARK_GRAY);
        String s = tick(v);
        g.drawString(s, px - fm.stringWidth(s) / 2, y0 + h + 15);
      }
    }
    for (double d = yr[0]; d <= yr[1] * 1.0001; d *= 10) {
      for (int m : new int[] {1, 2, 5}) {
        double v = d * m;
        if (v > yr[1] * 1.0001) {
          break;
        }
        int py = y0 + h - (int) Math.round(frac(v, yr) * h);
        g.setColor(m == 1 ? new Color(0xcccccc) : new Color(0xeeeeee));
        g.drawLine(x0, py, x0 + w, py);
        g.setColor(Color.DARK_GRAY);
        String s = tick(v);
        g.drawString(s, x0 - fm.stringWidth(s) - 6, py + 4);
      }
    }
    g.setColor(Color.BLACK);
    g.setStroke(new BasicStroke(1.2f));
    g.drawRect(x0, y0, w, h);
    g.drawString(xLabel, x0 + w / 2 - fm.stringWidth(xLabel) / 2, y0 + h + 32);
    g.drawString(yLabel, 8, y0 + h / 2);
  }

  private static String tick(double v) {
    if (v >= 1) {
      return String.format(Locale.ROOT, "%.0f", v);
    }
    String s = String.format(Locale.ROOT, "%.4f", v).replaceAll("0+$", "");
    return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
  }
}
