package io.deltaglider.vcdiff.testing;

import java.nio.charset.StandardCharsets;
import java.util.Random;

/** Seeded generators of sources and targets that look like what deltas are made of. */
public final class TestData {
  private static final String[] WORDS = {
    "release", "version", "artifact", "delta", "window", "source", "target", "copy", "add", "run",
    "public", "static", "final", "class", "return", "import", "package", "void", "int", "byte",
  };

  private TestData() {}

  /** {@code length} pseudo-random bytes, the same for the same seed. */
  public static byte[] random(long seed, int length) {
    byte[] b = new byte[length];
    new Random(seed).nextBytes(b);
    return b;
  }

  /** Compressible text-like bytes (words, spaces, newlines). */
  public static byte[] text(long seed, int length) {
    Random r = new Random(seed);
    StringBuilder sb = new StringBuilder(length + 16);
    while (sb.length() < length) {
      sb.append(WORDS[r.nextInt(WORDS.length)]);
      sb.append(r.nextInt(12) == 0 ? '\n' : ' ');
    }
    return sb.substring(0, length).getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * A new version of {@code base}: {@code edits} random replacements, insertions and deletions of
   * up to {@code maxEdit} bytes each, plus a block moved elsewhere when {@code moveBlock}.
   */
  public static byte[] edited(byte[] base, long seed, int edits, int maxEdit, boolean moveBlock) {
    Random r = new Random(seed);
    byte[] cur = base.clone();
    for (int i = 0; i < edits && cur.length > 0; i++) {
      int at = r.nextInt(cur.length);
      int len = 1 + r.nextInt(Math.max(1, maxEdit));
      byte[] fresh = new byte[len];
      r.nextBytes(fresh);
      switch (r.nextInt(3)) {
        case 0: // replace
          System.arraycopy(fresh, 0, cur, at, Math.min(len, cur.length - at));
          break;
        case 1: // insert
          cur = splice(cur, at, 0, fresh);
          break;
        default: // delete
          cur = splice(cur, at, Math.min(len, cur.length - at), new byte[0]);
          break;
      }
    }
    if (moveBlock && cur.length > 16) {
      int len = cur.length / 8;
      int from = r.nextInt(cur.length - len);
      byte[] block = java.util.Arrays.copyOfRange(cur, from, from + len);
      cur = splice(cur, from, len, new byte[0]);
      cur = splice(cur, r.nextInt(cur.length), 0, block);
    }
    return cur;
  }

  private static byte[] splice(byte[] a, int at, int remove, byte[] insert) {
    byte[] out = new byte[a.length - remove + insert.length];
    System.arraycopy(a, 0, out, 0, at);
    System.arraycopy(insert, 0, out, at, insert.length);
    System.arraycopy(a, at + remove, out, at + insert.length, a.length - at - remove);
    return out;
  }
}
