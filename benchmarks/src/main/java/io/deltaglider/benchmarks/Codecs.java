package io.deltaglider.benchmarks;

import com.davidehrmann.vcdiff.VCDiffDecoderBuilder;
import com.davidehrmann.vcdiff.VCDiffEncoderBuilder;
import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdDecompressCtx;
import com.github.luben.zstd.ZstdDictContentType;
import com.nothome.delta.Delta;
import com.nothome.delta.GDiffPatcher;
import io.deltaglider.vcdiff.SecondaryCompression;
import io.deltaglider.vcdiff.VcdiffEncoder;
import io.sigpipe.jbsdiff.Diff;
import io.sigpipe.jbsdiff.Patch;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import net.dongliu.vcdiff.VcdiffDecoder;

import net.dongliu.vcdiff.io.ByteArrayStream;
import net.dongliu.vcdiff.io.FixedByteArrayStream;

/**
 * The tools the comparison runner knows: native xdelta3 and zstd, bsdiff and zstd -19 ({@link
 * NativePeers}), our launcher as whole processes ({@code ./deltaglider vcdiff encode/decode}, when
 * it exists), our codec in-JVM ({@link DeltagliderJava}: levels 1, default and 9, and the default
 * level with {@code -S lzma}), our archive-aware patch ({@link ArchiveAware}), then the Java peers.
 *
 * <p>Size limits below keep the full run within its time budget on a 2-core machine; a tool over
 * its limit is listed as skipped with the reason, never silently dropped.
 */
public final class Codecs {
  static final long MIB = 1L << 20;

  private Codecs() {}

  /** Every tool, in a fixed order: native xdelta3 first, then the Java peers. */
  public static List<Codec> all() {
    List<Codec> list = new ArrayList<>();
    String xdelta3 = onPath("xdelta3");
    for (String level : new String[] {"-1", "-3", "-9", null}) {
      // -D: no external decompression. Without it xdelta3 gunzips .gz/.tgz inputs through gzip
      // and recompresses on decode, and the round trip is not byte-exact.
      List<String> enc = new ArrayList<>(List.of(xdelta3 == null ? "xdelta3" : xdelta3, "-e", "-f",
          "-D"));
      String name = "xdelta3 default";
      if (level != null) {
        enc.addAll(List.of(level, "-S", "none"));
        name = "xdelta3 " + level + " -S none";
      }
      enc.addAll(List.of("-s", "{src}", "{in}", "{out}"));
      List<String> dec = List.of(xdelta3 == null ? "xdelta3" : xdelta3, "-d", "-f", "-D", "-s",
          "{src}", "{in}", "{out}");
      list.add(new ProcessCodec(name, enc, dec,
          p -> xdelta3 == null ? "xdelta3 not on PATH (apt-get install -y xdelta3)" : null));
    }
    String zstd = onPath("zstd");
    list.add(new ProcessCodec("zstd CLI --patch-from -3",
        List.of(zstd == null ? "zstd" : zstd, "-q", "-f", "-3", "--patch-from={src}", "{in}", "-o",
            "{out}"),
        // --long=31 on decode: windows over 128 MiB need it (or --memory)
        List.of(zstd == null ? "zstd" : zstd, "-q", "-d", "-f", "--long=31", "--patch-from={src}",
            "{in}", "-o", "{out}"),
        p -> zstd == null ? "zstd not on PATH (apt-get install -y zstd)" : null));
    list.addAll(NativePeers.all());
    Path launcher = launcher();
    if (launcher != null) {
      // ours as whole processes, JVM start included (issue 2/3 syntax)
      // (-1 and the default level: the two issue 3 holds to xdelta3 -1 and -3 as processes)
      for (String level : new String[] {"-1", null}) {
        List<String> enc = new ArrayList<>(List.of(launcher.toString(), "vcdiff", "encode", "-f"));
        if (level != null) {
          enc.add(level);
        }
        enc.addAll(List.of("-s", "{src}", "{in}", "{out}"));
        list.add(new ProcessCodec("deltaglider vcdiff " + (level == null ? "default" : level),
            enc, List.of(launcher.toString(), "vcdiff", "decode", "-f", "-s", "{src}", "{in}",
                "{out}"),
            p -> null));
      }
    }
    for (int level : new int[] {1, VcdiffEncoder.DEFAULT_LEVEL, 9}) {
      list.add(new DeltagliderJava(level, SecondaryCompression.NONE));
    }
    list.add(new DeltagliderJava(VcdiffEncoder.DEFAULT_LEVEL, SecondaryCompression.LZMA));
    list.add(new ArchiveAware());
    list.add(new OpenVcdiffJava());
    list.add(new JVcdiff());
    list.add(new JBsdiff());
    list.add(new JavaXdelta());
    list.add(new ZstdJniPatchFrom(3));
    return list;
  }

  /** Looks a tool up by its {@link Codec#name()}. */
  public static Codec byName(String name) {
    Map<String, Codec> m = new LinkedHashMap<>();
    for (Codec c : all()) {
      m.put(c.name(), c);
    }
    Codec c = m.get(name);
    if (c == null) {
      throw new IllegalArgumentException("no tool named '" + name + "'; known: " + m.keySet());
    }
    return c;
  }

  /**
   * Our launcher: {@code $DELTAGLIDER_LAUNCHER}, else {@code ./deltaglider} in the working
   * directory; null (tool not listed) until it exists.
   */
  static Path launcher() {
    String env = System.getenv("DELTAGLIDER_LAUNCHER");
    Path p = env != null && !env.isBlank() ? Path.of(env) : Path.of("deltaglider");
    return Files.isExecutable(p) && Files.isRegularFile(p) ? p.toAbsolutePath() : null;
  }

  static String onPath(String exe) {
    String path = System.getenv("PATH");
    if (path == null) {
      return null;
    }
    for (String dir : path.split(File.pathSeparator)) {
      Path p = Path.of(dir, exe);
      if (Files.isExecutable(p)) {
        return p.toString();
      }
    }
    return null;
  }

  /**
   * Why a tool sits out {@code --quick}, which keeps to the tools the goals name (xdelta3, ours)
   * and one fast Java peer of each kind, to fit in two minutes.
   */
  static final String NOT_QUICK = "not in --quick (full run only)";

  static String tooBig(Pair pair, long limit, String why) {
    return pair != null && pair.maxBytes() > limit
        ? String.format(Locale.ROOT, "skipped above %d MiB: %s", limit / MIB, why)
        : null;
  }

  // ---------------------------------------------------------------------------------------------

  /** {@code com.davidehrmann.vcdiff:vcdiff-core} (open-vcdiff port), defaults of its builder. */
  static final class OpenVcdiffJava implements JvmCodec {
    @Override
    public String name() {
      return "open-vcdiff-java 0.1.1";
    }

    @Override
    public String skipReason(Pair pair, boolean quick) {
      return quick ? NOT_QUICK : tooBig(pair, 256 * MIB, "whole-file in-memory encoder");
    }

    @Override
    public byte[] encode(byte[] source, byte[] target) throws Exception {
      ByteArrayOutputStream out = new ByteArrayOutputStream(target.length / 4 + 64);
      VCDiffEncoderBuilder.builder().withDictionary(source).buildSimple().encode(target, out);
      return out.toByteArray();
    }

    @Override
    public byte[] decode(byte[] source, byte[] delta, long targetSize) throws Exception {
      ByteArrayOutputStream out = new ByteArrayOutputStream((int) targetSize);
      VCDiffDecoderBuilder.builder()
          .withMaxTargetFileSize(Integer.MAX_VALUE)
          .withMaxTargetWindowSize(Integer.MAX_VALUE)
          .buildSimple()
          .decode(source, delta, out);
      return out.toByteArray();
    }
  }

  /** {@code net.dongliu:jvcdiff} (open-vcdiff port), defaults of its encoder. */
  static final class JVcdiff implements JvmCodec {
    @Override
    public String name() {
      return "jvcdiff 2.0.2";
    }

    @Override
    public String skipReason(Pair pair, boolean quick) {
      return tooBig(pair, 256 * MIB, "whole-file in-memory encoder");
    }

    @Override
    public byte[] encode(byte[] source, byte[] target) throws Exception {
      ByteArrayOutputStream out = new ByteArrayOutputStream(target.length / 4 + 64);
      new net.dongliu.vcdiff.VcdiffEncoder(new ByteArrayInputStream(source), new ByteArrayInputStream(target), out)
          .encode();
      return out.toByteArray();
    }

    @Override
    public byte[] decode(byte[] source, byte[] delta, long targetSize) throws Exception {
      ByteArrayStream out = new ByteArrayStream((int) targetSize);
      VcdiffDecoder.decode(new FixedByteArrayStream(source), new ByteArrayInputStream(delta), out);
      return out.toBytes();
    }
  }

  /** {@code io.sigpipe:jbsdiff} (bsdiff 4 with bzip2 blocks): suffix sort, slow and memory-hungry. */
  static final class JBsdiff implements JvmCodec {
    @Override
    public String name() {
      return "jbsdiff 1.0";
    }

    @Override
    public String skipReason(Pair pair, boolean quick) {
      return quick ? NOT_QUICK : tooBig(pair, 5 * MIB, "suffix sort and bzip2, too slow for the budget");
    }

    @Override
    public byte[] encode(byte[] source, byte[] target) throws Exception {
      ByteArrayOutputStream out = new ByteArrayOutputStream(target.length / 4 + 64);
      Diff.diff(source, target, out);
      return out.toByteArray();
    }

    @Override
    public byte[] decode(byte[] source, byte[] delta, long targetSize) throws Exception {
      ByteArrayOutputStream out = new ByteArrayOutputStream((int) targetSize);
      Patch.patch(source, delta, out);
      return out.toByteArray();
    }
  }

  /** {@code com.nothome:javaxdelta} (GDIFF output), default chunk size. */
  static final class JavaXdelta implements JvmCodec {
    @Override
    public String name() {
      return "javaxdelta 2.0.1";
    }

    @Override
    public String skipReason(Pair pair, boolean quick) {
      return quick ? NOT_QUICK : tooBig(pair, 256 * MIB, "boxed checksum map per 16-byte chunk of the source");
    }

    @Override
    public byte[] encode(byte[] source, byte[] target) throws Exception {
      return new Delta().compute(source, target);
    }

    @Override
    public byte[] decode(byte[] source, byte[] delta, long targetSize) throws Exception {
      return new GDiffPatcher().patch(source, delta);
    }
  }

  /**
   * zstd's {@code --patch-from} through zstd-jni: the source as a raw-content dictionary and a
   * window large enough to reach all of it. zstd-jni 1.5.7 has no {@code refPrefix} (what the zstd
   * CLI uses, with long-distance matching); a dictionary is indexed only up to {@code 8 <<
   * max(hashLog, chainLog)} bytes from its end, so hashLog and chainLog are raised until the whole
   * source is indexed (at level 3 the defaults would index just its last 1 MiB). For the fast and
   * dfast strategies (levels 1–4) zstd caps a dictionary's tables at 2^24 entries, so sources over
   * 128 MiB are still indexed only in their last 128 MiB: the zstd CLI row is the real zstd figure.
   */
  static final class ZstdJniPatchFrom implements JvmCodec {
    private final int level;

    ZstdJniPatchFrom(int level) {
      this.level = level;
    }

    @Override
    public String name() {
      return "zstd-jni --patch-from -" + level;
    }

    /** ceil(log2(max(source, target))), within zstd's window limits. */
    static int windowLog(long sourceBytes, long targetBytes) {
      long max = Math.max(Math.max(sourceBytes, targetBytes), 2);
      int log = 64 - Long.numberOfLeadingZeros(max - 1);
      return Math.max(Zstd.windowLogMin(), Math.min(Zstd.windowLogMax(), log));
    }

    @Override
    public byte[] encode(byte[] source, byte[] target) throws Exception {
      int wlog = windowLog(source.length, target.length);
      // dictionaries of the fast/dfast strategies (levels 1-4) cap their tables at 2^24 entries
      int tableLog = Math.max(17, Math.min(wlog - 2, level <= 4 ? 24 : 30));
      try (ZstdCompressCtx ctx = new ZstdCompressCtx()) {
        ctx.setLevel(level);
        ctx.setWindowLog(Math.min(Zstd.windowLogMax(), wlog + 1));
        ctx.setHashLog(tableLog);
        ctx.setChainLog(tableLog);
        ctx.loadDict(source, ZstdDictContentType.RAW_CONTENT);
        return ctx.compress(target);
      }
    }

    @Override
    public byte[] decode(byte[] source, byte[] delta, long targetSize) throws Exception {
      long size = Zstd.getFrameContentSize(delta);
      if (size < 0) {
        size = targetSize;
      }
      try (ZstdDecompressCtx ctx = new ZstdDecompressCtx()) {
        ctx.setLongMax(Zstd.windowLogMax());
        ctx.loadDict(source, ZstdDictContentType.RAW_CONTENT);
        return ctx.decompress(delta, (int) size);
      }
    }
  }
}
