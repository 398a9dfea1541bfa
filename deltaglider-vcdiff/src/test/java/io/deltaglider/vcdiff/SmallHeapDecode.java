package io.deltaglider.vcdiff;

import io.deltaglider.vcdiff.testing.TestData;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Child-JVM entry point of {@link SmallHeapDecodeTest}, run with a small heap: decodes deltas in
 * memory and streamed (with and without write-behind) and prints one line per outcome. A line
 * starting with {@code FAIL} is a broken promise (an exception other than {@link VcdiffException},
 * an {@link OutOfMemoryError} above all, or wrong bytes); the exit status is 1 if there was one.
 *
 * <p>Modes: {@code hostile}; {@code runs COUNT LENGTH} (a valid delta of RUN windows); {@code fuzz
 * ITERATIONS SEED} (mutated deltas, some with re-declared window and section lengths).
 */
public final class SmallHeapDecode {
  private static final VcdiffDecoder PLAIN = VcdiffDecoder.create();
  private static final VcdiffDecoder BEHIND = VcdiffDecoder.builder().writeBehind(true).build();
  private static final byte[] NONE = new byte[0];

  private static boolean failed;

  private SmallHeapDecode() {}

  public static void main(String[] args) throws Exception {
    Runtime rt = Runtime.getRuntime();
    System.out.println("heap " + rt.maxMemory());
    switch (args[0]) {
      case "hostile":
        hostile();
        break;
      case "runs":
        runs(Integer.parseInt(args[1]), Integer.parseInt(args[2]));
        break;
      case "fuzz":
        fuzz(Integer.parseInt(args[1]), Long.parseLong(args[2]));
        break;
      default:
        throw new IllegalArgumentException(args[0]);
    }
    System.out.println(failed ? "FAILED" : "DONE");
    System.exit(failed ? 1 : 0);
  }

  private static void fail(String what) {
    failed = true;
    System.out.println("FAIL " + what);
  }

  private interface Decode {
    void run() throws IOException;
  }

  /** Runs {@code d}; returns null on success, the message of a VcdiffException, or fails. */
  private static String attempt(String what, Decode d) {
    try {
      d.run();
      return null;
    } catch (VcdiffException e) {
      return e.getMessage();
    } catch (Throwable t) {
      fail(what + ": " + t);
      return "";
    }
  }

  private static void hostile() {
    byte[][] deltas = {
      LyingDeltas.window64MiBOfNothing(),
      LyingDeltas.windowThatAddsThenStops(64 << 20, 1000),
      LyingDeltas.lzmaSectionClaiming(250 << 20, 1000),
    };
    String[] names = {"window64MiBOfNothing", "windowThatAddsThenStops", "lzmaSectionClaiming"};
    for (int i = 0; i < deltas.length; i++) {
      byte[] delta = deltas[i];
      String name = names[i];
      report(name + " in memory", attempt(name, () -> PLAIN.decode(NONE, delta)));
      report(name + " streamed", attempt(name, () -> stream(PLAIN, delta, OutputStream.nullOutputStream())));
      report(name + " write-behind", attempt(name, () -> stream(BEHIND, delta, OutputStream.nullOutputStream())));
    }
  }

  private static void report(String what, String refusal) {
    if (refusal == null) {
      fail(what + ": decoded, but it is not a valid delta");
    } else if (!refusal.isEmpty()) {
      System.out.println("refused " + what + ": " + refusal);
    }
  }

  private static void stream(VcdiffDecoder decoder, byte[] delta, OutputStream out) throws IOException {
    decoder.decode(SourceData.empty(), new ByteArrayInputStream(delta), out);
  }

  private static void runs(int count, int length) {
    byte[] delta = LyingDeltas.runWindows(count, length);
    for (VcdiffDecoder decoder : new VcdiffDecoder[] {PLAIN, BEHIND}) {
      String how = decoder == PLAIN ? "streamed" : "write-behind";
      RunChecker out = new RunChecker(length);
      String refusal = attempt(how, () -> stream(decoder, delta, out));
      if (refusal == null) {
        System.out.println(how + ": decoded " + out.count + " bytes" + (out.wrong ? ", WRONG BYTES" : ""));
        if (out.wrong) {
          fail(how + ": wrong bytes");
        }
      } else if (!refusal.isEmpty()) {
        System.out.println(how + ": refused: " + refusal);
      }
    }
    String refusal = attempt("in memory", () -> PLAIN.decode(NONE, delta));
    System.out.println("in memory: " + (refusal == null ? "decoded" : "refused: " + refusal));
  }

  /** Checks that window {@code i} of the output is {@code length} copies of runByte(i). */
  private static final class RunChecker extends OutputStream {
    private final int length;
    long count;
    boolean wrong;

    RunChecker(int length) {
      this.length = length;
    }

    @Override
    public void write(int b) {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) {
      for (int i = 0; i < len; i++) {
        if (b[off + i] != LyingDeltas.runByte((int) (count / length))) {
          wrong = true;
        }
        count++;
      }
    }
  }

  /** A delta to mutate, with what it decodes to (null: do not compare) and from. */
  private static final class Seed {
    final String name;
    final byte[] source;
    final byte[] target;
    final byte[] delta;

    Seed(String name, byte[] source, byte[] target, byte[] delta) {
      this.name = name;
      this.source = source;
      this.target = target;
      this.delta = delta;
    }
  }

  private static List<Seed> seeds() throws IOException {
    List<Seed> seeds = new ArrayList<>();
    for (VcdiffDecoderFuzzTest.Seed s : VcdiffDecoderFuzzTest.SEEDS) {
      seeds.add(new Seed(s.name, s.source, s.checksummed ? s.target : null, s.delta));
    }
    byte[] text = PLAIN.decode(NONE, resource("text-none"));
    for (String name : DjwFgkSamples.COMPRESSED) {
      seeds.add(new Seed(name, NONE, text, resource(name)));
    }
    byte[] source = TestData.text(61, 200_000);
    byte[] target = TestData.edited(source, 62, 40, 300, true);
    for (SecondaryCompression c : new SecondaryCompression[] {SecondaryCompression.NONE, SecondaryCompression.LZMA}) {
      byte[] delta = VcdiffEncoder.builder().windowSize(1 << 15).secondary(c).build().encode(source, target);
      seeds.add(new Seed("ours " + c, source, target, delta));
    }
    byte[] runs = LyingDeltas.runWindows(2, 1 << 20);
    seeds.add(new Seed("runs", NONE, PLAIN.decode(NONE, runs), runs));
    return seeds;
  }

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = SmallHeapDecode.class.getResourceAsStream("/secondary/" + name + ".vcdiff")) {
      return in.readAllBytes();
    }
  }

  private static void fuzz(int iterations, long seed) throws IOException {
    List<Seed> seeds = seeds();
    Random r = new Random(seed);
    int[] outcomes = new int[3]; // decoded, refused, redeclared
    for (int i = 0; i < iterations && !failed; i++) {
      Seed s = seeds.get(r.nextInt(seeds.size()));
      int kind = r.nextInt(8);
      byte[] delta;
      if (kind >= 6) {
        try {
          delta = LyingDeltas.redeclare(s.delta, r);
          outcomes[2]++;
        } catch (IllegalArgumentException notRfc) {
          delta = VcdiffDecoderFuzzTest.mutate(s.delta, 5, 1, r);
        }
      } else {
        delta = VcdiffDecoderFuzzTest.mutate(s.delta, kind, 1 + r.nextInt(4), r);
      }
      byte[] d = delta;
      String what = "iteration " + i + " (" + s.name + ", kind " + kind + ", " + d.length + " bytes)";
      long start = System.nanoTime();
      byte[][] result = new byte[1][];
      String refusal = attempt(what + " in memory", () -> result[0] = PLAIN.decode(s.source, d));
      if (refusal == null && s.target != null && result[0].length == s.target.length
          && !Arrays.equals(result[0], s.target)) {
        fail(what + ": checksummed delta decoded to wrong bytes");
      }
      outcomes[refusal == null ? 0 : 1]++;
      VcdiffDecoder streaming = r.nextBoolean() ? PLAIN : BEHIND;
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      String streamed = attempt(what + " streamed",
          () -> streaming.decode(SourceData.of(s.source), new ByteArrayInputStream(d), out));
      if (streamed == null && s.target != null && out.size() == s.target.length
          && !Arrays.equals(out.toByteArray(), s.target)) {
        fail(what + ": checksummed delta streamed wrong bytes");
      }
      long ms = (System.nanoTime() - start) / 1_000_000;
      if (ms > 5_000) {
        fail(what + ": took " + ms + " ms");
      }
    }
    System.out.println("fuzz: " + iterations + " deltas, " + outcomes[0] + " decoded, " + outcomes[1]
        + " refused, " + outcomes[2] + " with re-declared lengths, " + seeds.size() + " seeds");
  }
}
