package io.deltaglider.benchmarks;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Seeded synthetic benchmark pairs, written to files as streams (nothing file-sized is held in
 * memory, so the 1 GiB pair needs a few MiB of heap). The same seed and spec give the same bytes on
 * every machine and every run.
 *
 * <p>Source content is a mix of sections, 4–128 KiB each: text from a seeded vocabulary, record-like
 * lines with counters, random bytes and short byte runs, so it compresses somewhat but not
 * trivially. Targets are built from a list of segments: copies of source ranges and inserted new
 * bytes.
 *
 * <ul>
 *   <li>{@code scattered}: small replacements, insertions and deletions (1–32 bytes) every ~16 KiB
 *       on average (at 20 MiB).
 *   <li>{@code moved}: the source cut into blocks (size/320 to size/20), 20% of them moved to
 *       another place, 3% replaced with new bytes.
 *   <li>{@code mixed}: moved blocks (10%) plus scattered edits (~every size/800 bytes).
 *   <li>{@code moved-1GiB}: a 1 GiB source whose last 100 MiB moved to the start of the target, so
 *       the copy spans more than 64 MiB (xdelta3's default source window).
 * </ul>
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar io.deltaglider.benchmarks.SyntheticPairs
 * [--dir DIR] [--seed N] [--with-1gib]}. Idempotent: a pair whose {@code .done} marker matches its
 * spec and seed is not written again. Writes {@code synthetic.tsv} (name, source, target) in DIR.
 */
public final class SyntheticPairs {
  public static final long DEFAULT_SEED = 0x5EED_2026L;
  static final int FORMAT_VERSION = 1;
  static final long KIB = 1L << 10;
  static final long MIB = 1L << 20;

  /** How the target differs from the source. */
  public enum Kind {
    SCATTERED,
    MOVED,
    MIXED,
    MOVED_TAIL_TO_FRONT
  }

  /** One synthetic pair: its name, shape and source size. */
  public record Spec(String name, Kind kind, long sourceBytes) {}

  public static final Spec SCATTERED_20MIB =
      new Spec("synthetic-scattered-20MiB", Kind.SCATTERED, 20 * MIB);
  public static final Spec MOVED_20MIB = new Spec("synthetic-moved-20MiB", Kind.MOVED, 20 * MIB);
  public static final Spec MIXED_200MIB = new Spec("synthetic-mixed-200MiB", Kind.MIXED, 200 * MIB);
  public static final Spec MOVED_1GIB =
      new Spec("synthetic-moved-1GiB", Kind.MOVED_TAIL_TO_FRONT, 1024 * MIB);

  /** Bytes of the tail block moved to the front in {@link Kind#MOVED_TAIL_TO_FRONT}. */
  static final long MOVED_TAIL_BYTES = 100 * MIB;

  private SyntheticPairs() {}

  /** The standard set: two ~20 MiB pairs and the 200 MiB pair, plus the 1 GiB pair on request. */
  public static List<Spec> standard(boolean with1GiB) {
    List<Spec> specs = new ArrayList<>(List.of(SCATTERED_20MIB, MOVED_20MIB, MIXED_200MIB));
    if (with1GiB) {
      specs.add(MOVED_1GIB);
    }
    return specs;
  }

  public static void main(String[] args) throws IOException {
    Path dir = Compare.defaultCorpus().resolve("synthetic");
    long seed = DEFAULT_SEED;
    boolean with1GiB = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--dir" -> dir = Path.of(args[++i]);
        case "--seed" -> seed = Long.decode(args[++i]);
        case "--with-1gib" -> with1GiB = true;
        case "-h", "--help" -> {
          System.out.println("usage: SyntheticPairs [--dir DIR] [--seed N] [--with-1gib]");
          return;
        }
        default -> throw new IllegalArgumentException("unknown argument: " + args[i]);
      }
    }
    List<Pair> pairs = ensureAll(dir, standard(with1GiB), seed);
    for (Pair p : pairs) {
      System.out.printf(Locale.ROOT, "%-28s %,15d -> %,15d bytes%n", p.name(), p.sourceBytes(),
          p.targetBytes());
    }
  }

  /** Ensures every spec's files exist in {@code dir} and (re)writes {@code dir/synthetic.tsv}. */
  public static List<Pair> ensureAll(Path dir, List<Spec> specs, long seed) throws IOException {
    List<Pair> pairs = new ArrayList<>();
    for (Spec s : specs) {
      pairs.add(ensure(dir, s, seed));
    }
    // keep entries for pairs generated earlier (e.g. the 1 GiB one) that this call did not ask for
    Path tsv = dir.resolve("synthetic.tsv");
    List<Pair> listed = new ArrayList<>(pairs);
    if (Files.exists(tsv)) {
      for (Pair old : Pair.readTsv(tsv)) {
        if (listed.stream().noneMatch(p -> p.name().equals(old.name())) && old.exists()) {
          listed.add(old);
        }
      }
    }
    Pair.writeTsv(tsv, listed);
    return pairs;
  }

  /** Writes the pair for {@code spec} into {@code dir} unless an identical one is already there. */
  public static Pair ensure(Path dir, Spec spec, long seed) throws IOException {
    Files.createDirectories(dir);
    Path source = dir.resolve(spec.name() + ".source");
    Path target = dir.resolve(spec.name() + ".target");
    Path done = dir.resolve(spec.name() + ".done");
    String marker = String.format(Locale.ROOT, "v=%d kind=%s sourceBytes=%d seed=%d", FORMAT_VERSION,
        spec.kind(), spec.sourceBytes(), seed);
    if (Files.exists(done) && Files.exists(source) && Files.exists(target)) {
      String[] lines = Files.readString(done, StandardCharsets.UTF_8).split("\n");
      if (lines.length >= 2 && lines[0].equals(marker)
          && lines[1].equals("targetBytes=" + Files.size(target))
          && Files.size(source) == spec.sourceBytes()) {
        return new Pair(spec.name(), source, target);
      }
    }
    Files.deleteIfExists(done);
    long pairSeed = seed ^ mix(spec.name().hashCode());
    writeSource(source, spec.sourceBytes(), pairSeed);
    List<Segment> segments = segments(spec, new SplittableRandom(pairSeed ^ 0x7A67E7L));
    long targetBytes = writeTarget(source, target, segments, pairSeed ^ 0x1A5E27L);
    Files.writeString(done, marker + "\ntargetBytes=" + targetBytes + "\n", StandardCharsets.UTF_8);
    return new Pair(spec.name(), source, target);
  }

  // ---------------------------------------------------------------------------------------------
  // Target shapes

  /** A piece of the target: a copy of a source range, or {@code length} new bytes. */
  sealed interface Segment permits Copy, Insert {}

  record Copy(long offset, long length) implements Segment {}

  record Insert(long length) implements Segment {}

  static List<Segment> segments(Spec spec, SplittableRandom rng) {
    long size = spec.sourceBytes();
    return switch (spec.kind()) {
      case SCATTERED -> scatter(List.of(new Copy(0, size)), Math.max(KIB, size / 1280), rng);
      case MOVED -> moveBlocks(size, Math.max(KIB, size / 320), Math.max(2 * KIB, size / 20),
          0.20, 0.03, rng);
      case MIXED -> scatter(moveBlocks(size, Math.max(KIB, size / 800), Math.max(2 * KIB, size / 50),
          0.10, 0.02, rng), Math.max(KIB, size / 800), rng);
      case MOVED_TAIL_TO_FRONT -> {
        long tail = Math.min(MOVED_TAIL_BYTES, size / 2);
        yield List.of(new Copy(size - tail, tail), new Copy(0, size - tail));
      }
    };
  }

  /** Splits each copy into runs of ~meanGap bytes separated by a small replace, insert or delete. */
  static List<Segment> scatter(List<Segment> in, long meanGap, SplittableRandom rng) {
    List<Segment> out = new ArrayList<>();
    for (Segment s : in) {
      if (!(s instanceof Copy c)) {
        out.add(s);
        continue;
      }
      long pos = c.offset();
      long end = c.offset() + c.length();
      while (pos < end) {
        long n = Math.min(1 + rng.nextLong(2 * meanGap), end - pos);
        out.add(new Copy(pos, n));
        pos += n;
        if (pos >= end) {
          break;
        }
        int k = 1 + rng.nextInt(32);
        switch (rng.nextInt(3)) {
          case 0 -> { // replace
            out.add(new Insert(k));
            pos += Math.min(k, end - pos);
          }
          case 1 -> out.add(new Insert(k)); // insert
          default -> pos += Math.min(k, end - pos); // delete
        }
      }
    }
    return out;
  }

  /** Cuts [0, size) into blocks, moves a fraction of them elsewhere and replaces a few. */
  static List<Segment> moveBlocks(long size, long minBlock, long maxBlock, double moved,
      double replaced, SplittableRandom rng) {
    List<Segment> blocks = new ArrayList<>();
    for (long pos = 0; pos < size; ) {
      long n = Math.min(minBlock + rng.nextLong(maxBlock - minBlock + 1), size - pos);
      blocks.add(new Copy(pos, n));
      pos += n;
    }
    int count = blocks.size();
    for (int i = 0; i < Math.max(1, Math.round(count * moved)); i++) {
      Segment b = blocks.remove(rng.nextInt(blocks.size()));
      blocks.add(rng.nextInt(blocks.size() + 1), b);
    }
    for (int i = 0; i < Math.round(count * replaced); i++) {
      int j = rng.nextInt(blocks.size());
      blocks.set(j, new Insert(((Copy) blocks.get(j)).length()));
    }
    return blocks;
  }

  // ---------------------------------------------------------------------------------------------
  // Writing

  static void writeSource(Path file, long size, long seed) throws IOException {
    Content content = new Content(seed);
    Path part = file.resolveSibling(file.getFileName() + ".part");
    byte[] buf = new byte[(int) MIB];
    try (FileChannel ch = FileChannel.open(part, StandardOpenOption.CREATE,
        StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
      for (long done = 0; done < size; ) {
        int n = (int) Math.min(buf.length, size - done);
        content.fill(buf, 0, n);
        writeFully(ch, ByteBuffer.wrap(buf, 0, n));
        done += n;
      }
    }
    Files.move(part, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  static long writeTarget(Path source, Path file, List<Segment> segments, long seed)
      throws IOException {
    Content inserts = new Content(seed);
    Path part = file.resolveSibling(file.getFileName() + ".part");
    byte[] buf = new byte[(int) MIB];
    long total = 0;
    try (FileChannel src = FileChannel.open(source, StandardOpenOption.READ);
        FileChannel out = FileChannel.open(part, StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
      for (Segment s : segments) {
        if (s instanceof Copy c) {
          long pos = c.offset();
          long left = c.length();
          while (left > 0) {
            long n = src.transferTo(pos, left, out);
            if (n <= 0) {
              throw new IOException("short read from " + source + " at " + pos);
            }
            pos += n;
            left -= n;
          }
          total += c.length();
        } else {
          long left = ((Insert) s).length();
          while (left > 0) {
            int n = (int) Math.min(buf.length, left);
            inserts.fill(buf, 0, n);
            writeFully(out, ByteBuffer.wrap(buf, 0, n));
            left -= n;
            total += n;
          }
        }
      }
    }
    Files.move(part, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return total;
  }

  private static void writeFully(FileChannel ch, ByteBuffer bb) throws IOException {
    while (bb.hasRemaining()) {
      ch.write(bb);
    }
  }

  static long mix(long z) {
    z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
    z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
    return z ^ (z >>> 33);
  }

  /**
   * Deterministic file-like content: sections of text, records, random bytes and runs. Call
   * {@link #fill} repeatedly; the stream of bytes depends only on the seed.
   */
  static final class Content {
    private static final int MAX_SECTION = 128 * 1024;
    private final SplittableRandom rng;
    private final byte[][] vocab;
    private final byte[] section = new byte[MAX_SECTION + 256];
    private int secPos;
    private int secLen;
    private long record;

    Content(long seed) {
      rng = new SplittableRandom(seed);
      vocab = new byte[4096][];
      for (int i = 0; i < vocab.length; i++) {
        byte[] w = new byte[2 + rng.nextInt(11)];
        for (int j = 0; j < w.length; j++) {
          w[j] = (byte) ('a' + rng.nextInt(26));
        }
        vocab[i] = w;
      }
    }

    void fill(byte[] buf, int off, int len) {
      while (len > 0) {
        if (secPos == secLen) {
          nextSection();
        }
        int n = Math.min(len, secLen - secPos);
        System.arraycopy(section, secPos, buf, off, n);
        secPos += n;
        off += n;
        len -= n;
      }
    }

    private void nextSection() {
      int len = 4096 + rng.nextInt(MAX_SECTION - 4096 + 1);
      int type = rng.nextInt(100);
      int p = 0;
      if (type < 40) { // text
        while (p < len) {
          byte[] w = vocab[skewed()];
          System.arraycopy(w, 0, section, p, w.length);
          p += w.length;
          section[p++] = (byte) (rng.nextInt(12) == 0 ? '\n' : ' ');
        }
      } else if (type < 65) { // records
        while (p < len) {
          p = put(p, "id=");
          p = putDecimal(p, record++);
          p = put(p, " name=");
          byte[] w = vocab[skewed()];
          System.arraycopy(w, 0, section, p, w.length);
          p += w.length;
          p = put(p, " v=");
          p = putHex(p, rng.nextInt());
          section[p++] = '\n';
        }
      } else if (type < 92) { // random bytes
        for (; p + 8 <= len; p += 8) {
          long v = rng.nextLong();
          for (int k = 0; k < 8; k++) {
            section[p + k] = (byte) (v >>> (8 * k));
          }
        }
        while (p < len) {
          section[p++] = (byte) rng.nextInt(256);
        }
      } else { // runs
        while (p < len) {
          byte b = (byte) rng.nextInt(256);
          int n = Math.min(16 + rng.nextInt(497), section.length - p);
          java.util.Arrays.fill(section, p, p + n, b);
          p += n;
        }
      }
      secPos = 0;
      secLen = Math.min(p, len);
    }

    /** Zipf-ish word choice: small indexes much more often. */
    private int skewed() {
      int r = rng.nextInt(vocab.length);
      return (int) ((long) r * rng.nextInt(vocab.length) / vocab.length);
    }

    private int put(int p, String s) {
      for (int i = 0; i < s.length(); i++) {
        section[p++] = (byte) s.charAt(i);
      }
      return p;
    }

    private int putDecimal(int p, long v) {
      String s = Long.toString(v);
      for (int i = s.length(); i < 10; i++) {
        section[p++] = '0';
      }
      return put(p, s);
    }

    private int putHex(int p, int v) {
      for (int k = 28; k >= 0; k -= 4) {
        section[p++] = (byte) "0123456789abcdef".charAt((v >>> k) & 15);
      }
      return p;
    }
  }
}
