package io.deltaglider.benchmarks;

import io.deltaglider.vcdiff.SecondaryCompression;
import io.deltaglider.vcdiff.VcdiffDecoder;
import io.deltaglider.vcdiff.VcdiffEncoder;
import java.nio.file.Files;
import java.util.Arrays;
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
 * The store's encoder (default level, LZMA) with and without {@code skipUnrelated}, on the pairs
 * whose targets are mostly changed compressed bytes (and two that match well, to show they do not
 * change). The setup prints each delta's size ({@code # delta size}, also without secondary
 * compression) and checks it decodes.
 *
 * <pre>
 * benchmarks/corpus.sh
 * java -jar benchmarks/target/benchmarks.jar SkipUnrelatedBenchmark -f 2 -wi 3 -i 5
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 2, jvmArgsAppend = {"-Xmx4g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class SkipUnrelatedBenchmark {
  @Param({"typescript-5.8.2-5.8.3.tgz", "typescript-5.8.3-5.9.2.tgz", "apache-maven-3.9.9-3.9.10-bin.tar.gz",
      "apache-maven-3.9.9-3.9.10-bin.tar", "typescript-5.8.3-5.9.2.tar", "jackson-databind-2.22.3-2.23.0.jar",
      "byte-buddy-1.18.13-1.18.14.jar"})
  public String pair;

  @Param({"false", "true"})
  public boolean skipUnrelated;

  private VcdiffEncoder encoder;
  private byte[] source;
  private byte[] target;

  @Setup(Level.Trial)
  public void setup() throws Exception {
    Pair p = CodecBenchmark.find(Compare.defaultCorpus(), pair);
    source = Files.readAllBytes(p.source());
    target = Files.readAllBytes(p.target());
    encoder = VcdiffEncoder.builder().secondary(SecondaryCompression.LZMA).skipUnrelated(skipUnrelated).build();
    byte[] delta = encoder.encode(source, target);
    if (!Arrays.equals(VcdiffDecoder.create().decode(source, delta), target)) {
      throw new IllegalStateException("round trip failed on " + pair);
    }
    byte[] none = encoder.toBuilder().secondary(SecondaryCompression.NONE).build().encode(source, target);
    System.out.println("# delta size " + pair + " skipUnrelated=" + skipUnrelated + ": " + delta.length + " of "
        + target.length + " (-S none: " + none.length + ")");
  }

  @Benchmark
  public byte[] encode() {
    return encoder.encode(source, target);
  }
}
