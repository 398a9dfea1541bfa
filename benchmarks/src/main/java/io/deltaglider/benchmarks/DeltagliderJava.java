package io.deltaglider.benchmarks;

import io.deltaglider.vcdiff.SecondaryCompression;
import io.deltaglider.vcdiff.SourceData;
import io.deltaglider.vcdiff.VcdiffDecoder;
import io.deltaglider.vcdiff.VcdiffEncoder;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Our codec, {@code io.deltaglider.vcdiff}. In the comparison runner it streams files: the source
 * memory-mapped ({@link SourceData#open(Path)}), the target and the delta through buffered streams,
 * in a worker JVM with {@code -Xmx512m} on every pair (so the 1 GiB pair shows the heap bound of
 * issue 3). The byte-array methods are what {@link CodecBenchmark} times in-JVM.
 */
final class DeltagliderJava implements JvmCodec {
  /** The worker heap on every pair: the limit issues 3 and 8 hold the 1 GiB pair to. */
  static final String HEAP = "512m";
  private static final int BUFFER = 1 << 16;

  private final int level;
  private final SecondaryCompression secondary;
  private final String name;

  DeltagliderJava(int level, SecondaryCompression secondary) {
    this.level = level;
    this.secondary = secondary;
    String lv = level == VcdiffEncoder.DEFAULT_LEVEL ? "default (-" + level + ")" : "-" + level;
    this.name = "deltaglider-java " + lv + " -S " + secondary.name().toLowerCase(Locale.ROOT);
  }

  @Override
  public String name() {
    return name;
  }

  /** Our deltas are VCDIFF in xdelta3's dialect: the runner also decodes them with xdelta3 -d. */
  @Override
  public boolean xdelta3Compatible() {
    return true;
  }

  /** --quick keeps the levels the goals name: 1 and the default. */
  @Override
  public String skipReason(Pair pair, boolean quick) {
    return quick && level > VcdiffEncoder.DEFAULT_LEVEL ? Codecs.NOT_QUICK : null;
  }

  VcdiffEncoder encoder() {
    return VcdiffEncoder.builder().level(level).secondary(secondary).build();
  }

  @Override
  public byte[] encode(byte[] source, byte[] target) {
    return encoder().encode(source, target);
  }

  @Override
  public byte[] decode(byte[] source, byte[] delta, long targetSize) throws Exception {
    return VcdiffDecoder.create().decode(source, delta);
  }

  @Override
  public boolean streamsFiles() {
    return true;
  }

  @Override
  public void encodeFiles(Path source, Path target, Path delta) throws Exception {
    try (SourceData src = SourceData.open(source);
        InputStream in = new BufferedInputStream(Files.newInputStream(target), BUFFER);
        OutputStream out = new BufferedOutputStream(Files.newOutputStream(delta), BUFFER)) {
      encoder().encode(src, in, out);
    }
  }

  @Override
  public void decodeFiles(Path source, Path delta, Path out, long targetSize) throws Exception {
    try (SourceData src = SourceData.open(source);
        InputStream in = new BufferedInputStream(Files.newInputStream(delta), BUFFER);
        OutputStream o = new BufferedOutputStream(Files.newOutputStream(out), BUFFER)) {
      VcdiffDecoder.create().decode(src, in, o);
    }
  }

  @Override
  public String workerHeap(Pair pair) {
    return HEAP;
  }
}
