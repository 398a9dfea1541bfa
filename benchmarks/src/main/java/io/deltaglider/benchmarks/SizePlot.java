package io.deltaglider.benchmarks;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
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
 * One PNG for {@link ArchiveReport}: delta bytes per tool, one group of bars per pair (each
 * archive pair followed by its uncompressed counterpart), on a log scale, Java2D only.
 */
final class SizePlot {
  private static final int W = 1400;
  private static final int LEFT = 300;
  private static final int PLOT_W = 960;
  private static final int BAR = 13;
  private static final Color[] PALETTE = {
    new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728),
    new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f),
    new Color(0xbcbd22), new Color(0x17becf), new Color(0x393b79), new Color(0xad494a)
  };

  private SizePlot() {}

  static void write(List<ArchiveReport.Result> results, Path png) throws IOException {
    System.setProperty("java.awt.headless", "true");
    Map<String, Map<String, ArchiveReport.Result>> byPair = new LinkedHashMap<>();
    List<String> tools = new ArrayList<>();
    double min = Double.MAX_VALUE;
    double max = 1;
    for (ArchiveReport.Result r : results) {
      byPair.computeIfAbsent(r.pair(), k -> new LinkedHashMap<>()).put(r.tool(), r);
      if (!tools.contains(r.tool())) {
        tools.add(r.tool());
      }
      if (r.status().equals("ok") && r.delta() > 0) {
        min = Math.min(min, r.delta());
        max = Math.max(max, r.delta());
      }
    }
    double lo = Math.pow(10, Math.floor(Math.log10(Math.min(min, max))));
    double hi = Math.pow(10, Math.ceil(Math.log10(max)));
    List<String> pairs = ArchiveReport.order(byPair.keySet());
    int legendH = 24 + 18 * ((tools.size() + 2) / 3);
    int groupH = 22 + BAR * tools.size() + 8;
    int top = 40 + legendH;
    int h = top + groupH * pairs.size() + 40;
    BufferedImage im = new BufferedImage(W, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = im.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, W, h);
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
    g.drawString("Delta bytes per tool and pair (log scale; shorter is better)", 20, 26);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    for (int i = 0; i < tools.size(); i++) {
      int x = 20 + (i % 3) * 450;
      int y = 44 + (i / 3) * 18;
      g.setColor(PALETTE[i % PALETTE.length]);
      g.fillRect(x, y, 12, 12);
      g.setColor(Color.BLACK);
      g.drawString(tools.get(i), x + 18, y + 11);
    }
    // decade grid lines with their labels, top and bottom
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    FontMetrics fm = g.getFontMetrics();
    for (double v = lo; v <= hi * 1.0001; v *= 10) {
      int x = LEFT + (int) Math.round(frac(v, lo, hi) * PLOT_W);
      g.setColor(new Color(0xdddddd));
      g.drawLine(x, top - 4, x, h - 30);
      g.setColor(Color.DARK_GRAY);
      String s = human(v);
      g.drawString(s, x - fm.stringWidth(s) / 2, top - 8);
      g.drawString(s, x - fm.stringWidth(s) / 2, h - 16);
    }
    int y = top;
    for (String pair : pairs) {
      g.setColor(Color.BLACK);
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
      g.drawString(pair, 20, y + 14);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
      int by = y + 20;
      for (int i = 0; i < tools.size(); i++) {
        ArchiveReport.Result r = byPair.get(pair).get(tools.get(i));
        g.setColor(Color.DARK_GRAY);
        g.drawString(tools.get(i), LEFT - 8 - fm.stringWidth(tools.get(i)), by + BAR - 3);
        if (r == null || !r.status().equals("ok") || r.delta() <= 0) {
          g.setColor(Color.GRAY);
          g.drawString(r == null ? "not run" : r.status(), LEFT + 4, by + BAR - 3);
        } else {
          int len = Math.max(1, (int) Math.round(frac(r.delta(), lo, hi) * PLOT_W));
          g.setColor(PALETTE[i % PALETTE.length]);
          g.fillRect(LEFT, by + 1, len, BAR - 2);
          g.setColor(Color.BLACK);
          g.drawString(String.format(Locale.ROOT, "%,d", r.delta()), LEFT + len + 4, by + BAR - 3);
        }
        by += BAR;
      }
      y += groupH;
    }
    g.dispose();
    ImageIO.write(im, "png", png.toFile());
  }

  private static double frac(double v, double lo, double hi) {
    return (Math.log10(v) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo));
  }

  private static String human(double v) {
    if (v >= 1e6) {
      return String.format(Locale.ROOT, "%.0f MB", v / 1e6);
    }
    if (v >= 1e3) {
      return String.format(Locale.ROOT, "%.0f kB", v / 1e3);
    }
    return String.format(Locale.ROOT, "%.0f B", v);
  }
}
