package io.deltaglider.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * In-JVM encode and decode of the corpus pairs by the {@link JvmCodec} tools: ours ({@link
 * DeltagliderJava} at levels 1, default and 9, byte arrays in and out) and the Java peers. The
 * setup decodes once and checks the output against the target, so a benchmark never times a wrong
 * answer. MB/s = target bytes / time per op.
 *
 * <pre>
 * benchmarks/corpus.sh
 * java -jar benchmarks/target/benchmarks.jar CodecBenchmark -p pair=typescript-5.8.2-5.8.3.tar \
 *   -p 'tool=deltaglider-java default (-6) -S none' -f 1 -wi 2 -i 3
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 2, jvmArgsAppend = {"-Xmx4g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class CodecBenchmark {
  @Param({"typescript-5.8.2-5.8.3.tar", "typescript-5.8.3-5.9.2.tar",
      "apache-maven-3.9.9-3.9.10-bin.tar", "synthetic-scattered-20MiB", "synthetic-moved-20MiB"})
  public String pair;

  @Param({"deltaglider-java -1 -S none", "deltaglider-java default (-6) -S none",
      "deltaglider-java -9 -S none", "open-vcdiff-java 0.1.1", "jvcdiff 2.0.2",
      "zstd-jni --patch-from -3"})
  public String tool;

  private JvmCodec codec;
  private byte[] source;
  private byte[] target;
  private byte[] delta;

  @Setup(Level.Trial)
  public void setup() throws Exception {
    Pair p = find(Compare.defaultCorpus(), pair);
    codec = (JvmCodec) Codecs.byName(tool);
    source = Files.readAllBytes(p.source());
    target = Files.readAllBytes(p.target());
    delta = codec.encode(source, target);
    if (!Arrays.equals(codec.decode(source, delta, target.length), target)) {
      throw new IllegalStateException(tool + " does not round-trip " + pair);
    }
  }

  @Benchmark
  public byte[] encode() throws Exception {
    return codec.encode(source, target);
  }

  @Benchmark
  public byte[] decode() throws Exception {
    return codec.decode(source, delta, target.length);
  }

  /** A pair from the corpus' pairs.tsv or synthetic/synthetic.tsv, generating synthetic ones. */
  static Pair find(Path corpus, String name) throws IOException {
    List<Pair> all = new ArrayList<>();
    Path real = corpus.resolve("pairs.tsv");
    if (Files.exists(real)) {
      all.addAll(Pair.readTsv(real));
    }
    for (SyntheticPairs.Spec s : SyntheticPairs.standard(true)) {
      if (s.name().equals(name)) {
        return SyntheticPairs.ensure(corpus.resolve("synthetic"), s, SyntheticPairs.DEFAULT_SEED);
      }
    }
    for (Pair p : all) {
      if (p.name().equals(name) && p.exists()) {
        return p;
      }
    }
    throw new IllegalArgumentException("no pair '" + name + "' in " + corpus
        + " (run benchmarks/corpus.sh)");
  }
}
