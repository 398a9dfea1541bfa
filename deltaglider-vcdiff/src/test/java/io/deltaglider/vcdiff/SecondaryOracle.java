package io.deltaglider.vcdiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.deltaglider.vcdiff.testing.RawWindows;
import io.deltaglider.vcdiff.testing.RawWindows.Section;
import io.deltaglider.vcdiff.testing.Xdelta3;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Test oracle for secondary decoders: xdelta3 applies secondary compression after instruction
 * encoding, so {@code -S none} and {@code -S djw|fgk} runs with the same flags store the same
 * uncompressed sections. Decoding each compressed section must give the {@code -S none} bytes.
 */
final class SecondaryOracle {
  private SecondaryOracle() {}

  /** What one comparison covered. */
  static final class Result {
    int compressedSections;
    int compressedBytes;
    int rawSectionsChecked;
    /** FGK only: compressed sections after an encoder-side model advance the decoder never saw. */
    int desyncedSections;
    /** FGK only: raw sections fed to the model with {@code learnDiscarded}. */
    int learnedSections;
    final List<String> notes = new ArrayList<>();

    void add(Result o) {
      compressedSections += o.compressedSections;
      compressedBytes += o.compressedBytes;
      rawSectionsChecked += o.rawSectionsChecked;
      desyncedSections += o.desyncedSections;
      learnedSections += o.learnedSections;
      notes.addAll(o.notes);
    }

    @Override
    public String toString() {
      return compressedSections + " compressed sections (" + compressedBytes + " bytes), "
          + rawSectionsChecked + " raw sections, " + desyncedSections + " desynced, "
          + learnedSections + " learned";
    }
  }

  /**
   * Encodes {@code target} twice and checks every section.
   *
   * @param learnDiscarded FGK: feed sections xdelta3 compressed but then stored raw into the
   *     model, as xdelta3's encoder does (its decoder does not, so such files do not decode there)
   */
  static Result compare(Path dir, byte[] source, byte[] target, String secondary,
      Supplier<SecondaryDecoder> factory, boolean learnDiscarded, String... flags)
      throws IOException {
    Xdelta3.require();
    String[] plain = concat(flags, "-S", "none");
    String[] comp = concat(flags, "-S", secondary);
    RawWindows a = RawWindows.parse(Xdelta3.encode(dir, source, target, plain));
    RawWindows b = RawWindows.parse(Xdelta3.encode(dir, source, target, comp));
    String what = secondary + " " + String.join(" ", flags) + " (" + target.length + " bytes, "
        + (source == null ? "no source" : "source " + source.length) + ")";
    assertEquals(0, a.secondaryId, what);
    assertEquals(a.windows.size(), b.windows.size(), "window count, " + what);
    SecondaryDecoder[] decoders = {factory.get(), factory.get(), factory.get()};
    boolean[] desynced = new boolean[3];
    Result res = new Result();
    for (int w = 0; w < a.windows.size(); w++) {
      for (int k = 0; k < 3; k++) {
        Section expected = a.windows.get(w).sections[k];
        Section got = b.windows.get(w).sections[k];
        String where = what + ", window " + w + " " + RawWindows.KIND_NAMES[k];
        if (!got.compressed) {
          assertArrayEquals(expected.stored, got.stored, "raw section differs: " + where);
          res.rawSectionsChecked++;
          if (got.stored.length >= Constants.SEC_MIN_INPUT && decoders[k] instanceof FgkDecoder) {
            if (learnDiscarded) {
              ((FgkDecoder) decoders[k]).learnDiscarded(got.stored, 0, got.stored.length);
              res.learnedSections++;
            } else {
              desynced[k] = true;
            }
          }
          continue;
        }
        assertEquals(expected.stored.length, got.uncompressedSize, "size varint: " + where);
        byte[] out = new byte[got.uncompressedSize];
        if (desynced[k]) {
          res.desyncedSections++;
          continue;
        }
        decoders[k].decode(got.payload, 0, got.payload.length, out, out.length, got.payloadOffset);
        if (!Arrays.equals(expected.stored, out)) {
          int i = Arrays.mismatch(expected.stored, out);
          throw new AssertionError("decoded section differs at byte " + i + ": " + where);
        }
        res.compressedSections++;
        res.compressedBytes += out.length;
      }
    }
    return res;
  }

  private static String[] concat(String[] a, String... b) {
    String[] r = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, r, a.length, b.length);
    return r;
  }

  // ---- corpus ----

  static byte[] randomBytes(long seed, int n) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  /** Word soup with a skewed vocabulary, like logs or source text. */
  static byte[] text(long seed, int n) {
    Random r = new Random(seed);
    String[] words = new String[400];
    for (int i = 0; i < words.length; i++) {
      StringBuilder w = new StringBuilder();
      int len = 2 + r.nextInt(9);
      for (int j = 0; j < len; j++) {
        w.append((char) ('a' + r.nextInt(r.nextInt(26) + 1)));
      }
      words[i] = w.toString();
    }
    StringBuilder sb = new StringBuilder(n + 32);
    while (sb.length() < n) {
      int idx = (int) Math.min(words.length - 1, Math.abs(r.nextGaussian()) * 60);
      sb.append(words[idx]);
      sb.append(r.nextInt(12) == 0 ? "\n" : " ");
      if (r.nextInt(50) == 0) {
        sb.append(r.nextInt(100000));
      }
    }
    return Arrays.copyOf(sb.toString().getBytes(StandardCharsets.US_ASCII), n);
  }

  /** Structured binary: records with counters, small integers and repeated fields. */
  static byte[] records(long seed, int n) {
    Random r = new Random(seed);
    byte[] b = new byte[n];
    int i = 0;
    int counter = r.nextInt(1000);
    while (i + 16 <= n) {
      counter += 1 + r.nextInt(3);
      b[i] = (byte) (counter >>> 8);
      b[i + 1] = (byte) counter;
      b[i + 2] = (byte) r.nextInt(4);
      b[i + 3] = (byte) (r.nextInt(8) == 0 ? r.nextInt(256) : 0);
      for (int j = 4; j < 16; j++) {
        b[i + j] = (byte) (r.nextInt(3) == 0 ? r.nextInt(40) : j);
      }
      i += 16;
    }
    return b;
  }

  /**
   * Geometric byte frequencies (value k with probability about 2^-(k+1)), sprinkled with every
   * other value: Huffman codes up to the 20-bit limit and deep adaptive trees.
   */
  static byte[] geometric(long seed, int n) {
    Random r = new Random(seed);
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      if (r.nextInt(2000) == 0) {
        b[i] = (byte) r.nextInt(256);
      } else {
        int k = Long.numberOfTrailingZeros(r.nextLong() | Long.MIN_VALUE);
        b[i] = (byte) (k * 7);
      }
    }
    return b;
  }

  /** A copy of {@code base} with scattered replacements, insertions and deletions. */
  static byte[] edit(long seed, byte[] base, int edits) {
    Random r = new Random(seed);
    byte[] cur = base.clone();
    for (int e = 0; e < edits; e++) {
      int p = r.nextInt(Math.max(1, cur.length));
      int del = Math.min(cur.length - p, r.nextInt(64));
      int ins = r.nextInt(80);
      byte[] add = new byte[ins];
      if (r.nextBoolean()) {
        r.nextBytes(add);
      } else {
        for (int j = 0; j < ins; j++) {
          add[j] = (byte) ('a' + r.nextInt(8));
        }
      }
      byte[] next = new byte[cur.length - del + ins];
      System.arraycopy(cur, 0, next, 0, p);
      System.arraycopy(add, 0, next, p, ins);
      System.arraycopy(cur, p + del, next, p + ins, cur.length - p - del);
      cur = next;
    }
    return cur;
  }
}
