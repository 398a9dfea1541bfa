package io.deltaglider.archive;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** Inputs of every kind and size class that decide what zlib does: seeded, so a failure replays. */
final class Inputs {
  enum Kind {
    /** Incompressible: stored blocks, literal-only blocks. */
    RANDOM,
    /** Long runs of a byte: length-258 matches at distance 1. */
    RUNS,
    /** Words, spaces and newlines: many short and medium matches, lazy evaluation at work. */
    TEXT,
    /** Two to four distinct bytes: dense hash chains, chain limits at work. */
    FEW_SYMBOLS,
    /** A random block repeated at distances around the window size and the largest match distance. */
    FAR_REPEATS,
    /** Records of small integers and repeated names, like class files and tables. */
    STRUCTURED,
    /** Segments of all the above, so block statistics change mid-stream. */
    MIXED
  }

  private static final String[] WORDS = {
    "the", "of", "and", "a", "to", "in", "is", "you", "that", "it", "he", "was", "for", "on", "are",
    "as", "with", "his", "they", "I", "at", "be", "this", "have", "from", "or", "one", "had", "by",
    "deflate", "window", "match", "length", "distance", "Huffman", "block", "stored", "static",
    "dynamic", "java/lang/Object", "<init>", "()V", "Code", "LineNumberTable", "StackMapTable"
  };

  private Inputs() {}

  /** Sizes: tiny, under one block, around the symbol buffer and window sizes, several blocks. */
  static Arbitrary<Integer> sizes(int max) {
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(3, Arbitraries.integers().between(0, 4)),
        net.jqwik.api.Tuple.of(6, Arbitraries.integers().between(5, 300)),
        net.jqwik.api.Tuple.of(8, Arbitraries.integers().between(300, 20_000)),
        net.jqwik.api.Tuple.of(4, Arbitraries.of(16383, 32767, 32768, 65535, 65536)
            .flatMap(s -> Arbitraries.integers().between(-3, 3).map(d -> s + d))),
        net.jqwik.api.Tuple.of(4, Arbitraries.integers().between(20_000, max)));
  }

  static Arbitrary<byte[]> any(int maxSize) {
    return Combinators.combine(Arbitraries.of(Kind.class), sizes(maxSize), Arbitraries.longs())
        .as((kind, size, seed) -> generate(kind, size, seed, 1 << 15));
  }

  static byte[] generate(Kind kind, int size, long seed, int windowSize) {
    Random r = new Random(seed);
    ByteArrayOutputStream out = new ByteArrayOutputStream(size + 300);
    if (kind == Kind.MIXED) {
      Kind[] kinds = Kind.values();
      while (out.size() < size) {
        Kind k = kinds[r.nextInt(kinds.length - 1)];
        int n = Math.min(size - out.size(), 1 + r.nextInt(Math.max(1, Math.min(size, 40_000))));
        out.writeBytes(generate(k, n, r.nextLong(), windowSize));
      }
    } else {
      fill(kind, size, r, windowSize, out);
    }
    byte[] b = out.toByteArray();
    return b.length == size ? b : java.util.Arrays.copyOf(b, size);
  }

  private static void fill(Kind kind, int size, Random r, int windowSize, ByteArrayOutputStream out) {
    switch (kind) {
      case RANDOM: {
        byte[] b = new byte[size];
        r.nextBytes(b);
        out.writeBytes(b);
        break;
      }
      case RUNS:
        while (out.size() < size) {
          int b = r.nextInt(4) == 0 ? r.nextInt(256) : r.nextInt(3);
          int n = r.nextInt(4) == 0 ? 1 + r.nextInt(3) : 1 + r.nextInt(r.nextBoolean() ? 40 : 1200);
          for (int i = 0; i < n; i++) {
            out.write(b);
          }
        }
        break;
      case TEXT:
        while (out.size() < size) {
          String w = WORDS[(int) Math.min(WORDS.length - 1, Math.abs(r.nextGaussian()) * 12)];
          out.writeBytes(w.getBytes(StandardCharsets.US_ASCII));
          int p = r.nextInt(20);
          out.write(p == 0 ? '\n' : p == 1 ? ',' : p == 2 ? '.' : ' ');
          if (r.nextInt(200) == 0) {
            out.writeBytes(Integer.toString(r.nextInt(100_000)).getBytes(StandardCharsets.US_ASCII));
          }
        }
        break;
      case FEW_SYMBOLS: {
        int symbols = 2 + r.nextInt(3);
        int base = r.nextInt(250);
        for (int i = 0; i < size; i++) {
          out.write(base + r.nextInt(symbols));
        }
        break;
      }
      case FAR_REPEATS: {
        int maxDist = windowSize - 262;
        int[] distances = {maxDist - 1, maxDist, maxDist + 1, windowSize - 1, windowSize, windowSize + 1,
          Math.max(1, maxDist - 300), 4095, 4096, 4097};
        byte[] block = new byte[Math.max(1, Math.min(size, windowSize + 600))];
        r.nextBytes(block);
        for (int i = 0; i < block.length; i++) {
          if (r.nextInt(8) == 0) {
            block[i] = (byte) 'a'; // some short matches besides the far ones
          }
        }
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
          b[i] = block[i % block.length];
        }
        // Copies at the chosen distances, of random lengths, with an occasional changed byte.
        int at = 0;
        while (at < size) {
          int d = distances[r.nextInt(distances.length)];
          int len = 3 + r.nextInt(r.nextBoolean() ? 8 : 400);
          at += r.nextInt(600);
          for (int i = 0; i < len && at < size; i++, at++) {
            if (at >= d) {
              b[at] = r.nextInt(97) == 0 ? (byte) r.nextInt(256) : b[at - d];
            }
          }
        }
        out.writeBytes(b);
        break;
      }
      case STRUCTURED: {
        String[] names = new String[8 + r.nextInt(40)];
        for (int i = 0; i < names.length; i++) {
          names[i] = WORDS[r.nextInt(WORDS.length)] + (r.nextBoolean() ? "" : Integer.toString(r.nextInt(50)));
        }
        while (out.size() < size) {
          out.write(r.nextInt(16));
          out.write(0);
          out.write(r.nextInt(3) == 0 ? r.nextInt(256) : r.nextInt(8));
          out.write(0xCA);
          if (r.nextInt(3) == 0) {
            byte[] n = names[r.nextInt(names.length)].getBytes(StandardCharsets.US_ASCII);
            out.write(n.length);
            out.writeBytes(n);
          }
          int k = r.nextInt(6);
          for (int i = 0; i < k; i++) {
            out.write(r.nextInt(1 + r.nextInt(256)));
          }
        }
        break;
      }
      default:
        throw new AssertionError(kind);
    }
  }
}
