package io.deltaglider.vcdiff;

import java.util.Arrays;
import java.util.Random;

/** Seeded synthetic source/target pairs shaped like real artifact versions. */
final class Pairs {
  private Pairs() {}

  /** Random bytes with some text-like redundancy mixed in. */
  static byte[] mixed(Random r, int n) {
    byte[] b = new byte[n];
    int p = 0;
    String[] words = {"release ", "version ", "class ", "public ", "void ", "import ", "\n", "{}", "0123"};
    while (p < n) {
      int k = r.nextInt(4);
      if (k == 0) {
        int len = Math.min(n - p, 1 + r.nextInt(200));
        for (int i = 0; i < len; i++) {
          b[p++] = (byte) r.nextInt(256);
        }
      } else if (k == 1 && p > 64) {
        int len = Math.min(n - p, 4 + r.nextInt(60));
        int from = r.nextInt(p - len < 1 ? 1 : p - len);
        for (int i = 0; i < len; i++) {
          b[p++] = b[from + i];
        }
      } else if (k == 2) {
        int len = Math.min(n - p, 1 + r.nextInt(50));
        byte v = (byte) r.nextInt(3);
        for (int i = 0; i < len; i++) {
          b[p++] = v;
        }
      } else {
        byte[] w = words[r.nextInt(words.length)].getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        for (int i = 0; i < w.length && p < n; i++) {
          b[p++] = w[i];
        }
      }
    }
    return b;
  }

  /** The source with scattered edits: substitutions, insertions, deletions. */
  static byte[] edit(Random r, byte[] src, int edits) {
    byte[] t = src.clone();
    for (int e = 0; e < edits; e++) {
      int op = r.nextInt(3);
      int at = t.length == 0 ? 0 : r.nextInt(t.length);
      int len = 1 + r.nextInt(64);
      if (op == 0) {
        for (int i = at; i < Math.min(t.length, at + len); i++) {
          t[i] = (byte) r.nextInt(256);
        }
      } else if (op == 1) {
        byte[] ins = new byte[len];
        r.nextBytes(ins);
        byte[] n = new byte[t.length + len];
        System.arraycopy(t, 0, n, 0, at);
        System.arraycopy(ins, 0, n, at, len);
        System.arraycopy(t, at, n, at + len, t.length - at);
        t = n;
      } else {
        int l = Math.min(len, t.length - at);
        byte[] n = new byte[t.length - l];
        System.arraycopy(t, 0, n, 0, at);
        System.arraycopy(t, at + l, n, at, t.length - at - l);
        t = n;
      }
    }
    return t;
  }

  /** The source with its last {@code block} bytes moved to the front. */
  static byte[] moveTailToFront(byte[] src, int block) {
    byte[] t = new byte[src.length];
    System.arraycopy(src, src.length - block, t, 0, block);
    System.arraycopy(src, 0, t, block, src.length - block);
    return t;
  }

  static byte[] run(int n, byte v) {
    byte[] b = new byte[n];
    Arrays.fill(b, v);
    return b;
  }
}
