package io.deltaglider.benchmarks;

import io.deltaglider.DeltaStore;
import io.deltaglider.PutResult;
import io.deltaglider.spi.InMemoryBackend;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Archive-aware puts and gets (issue 19's speed goals: 30 MB/s of original bytes each way) through
 * the in-memory backend: {@code put} of the pair's target into a deltaspace whose reference is the
 * source (plain delta, expand, rebuild check, archive-aware delta against the cached expanded
 * reference), and a {@code get} with the reference and its expanded form in the cache (decode,
 * rebuild, SHA-256). MB/s = target size / time. The pairs are real releases: the Maven
 * {@code .tar.gz} pair of the corpus ({@code benchmarks/corpus.sh}), guava and jackson-databind
 * from {@code pairs.tsv} or else the local Maven repository, and on request the large pairs of
 * {@link ArchivePairs} ({@code -p pair=jars-100MiB.tar.gz}, generated first into
 * {@code CORPUS/archive}).
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar ArchiveStoreBenchmark -f 1 -wi 3 -i 5
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ArchiveStoreBenchmark {
  @Param({"guava-33.7.1-jre-33.7.2-jre.jar", "jackson-databind-2.22.3-2.23.0.jar",
      "apache-maven-3.9.9-3.9.10-bin.tar.gz"})
  public String pair;

  private byte[] target;
  private String key;
  private DeltaStore store;

  @Setup(Level.Trial)
  public void setup() throws Exception {
    Pair p = find(pair);
    byte[] source = Files.readAllBytes(p.source());
    target = Files.readAllBytes(p.target());
    String ext = pair.endsWith(".tar.gz") ? ".tar.gz" : ".jar";
    key = "bench/next" + ext;
    store = DeltaStore.builder().backend(new InMemoryBackend()).archiveAware(true).build();
    store.put("bench/base" + ext, source);
    PutResult r = store.put(key, target);
    if (!r.archiveDelta() || !Arrays.equals(store.get(key), target)) {
      throw new IllegalStateException("no archive-aware round trip on " + pair + ": " + r);
    }
    System.out.printf("%n%s: %,d bytes, stored %,d%n", pair, target.length, r.storedSize());
  }

  /**
   * The pair from the corpus's {@code pairs.tsv}; else the two jar pairs from the local Maven
   * repository, and {@code jars-SIZE.tar.gz} from {@link ArchivePairs}' directory
   * {@code CORPUS/archive}.
   */
  static Pair find(String name) throws java.io.IOException {
    java.nio.file.Path corpus = Compare.defaultCorpus();
    java.nio.file.Path m2 = java.nio.file.Path.of(System.getProperty("user.home"), ".m2", "repository");
    if (name.startsWith("jars-") && name.endsWith(".tar.gz")) {
      String size = name.substring(0, name.length() - ".tar.gz".length());
      return new Pair(name, corpus.resolve("archive/" + size + "-v1.tar.gz"), corpus.resolve("archive/" + size
          + "-v2.tar.gz"));
    }
    try {
      return CodecBenchmark.find(corpus, name);
    } catch (IllegalArgumentException notThere) {
      String dir = name.startsWith("guava-") ? "com/google/guava/guava/" : "com/fasterxml/jackson/core/jackson-databind/";
      String[] v = name.startsWith("guava-") ? new String[] {"33.7.1-jre", "33.7.2-jre"} : new String[] {"2.22.3", "2.23.0"};
      String artifact = name.startsWith("guava-") ? "guava" : "jackson-databind";
      Pair p = new Pair(name, m2.resolve(dir + v[0] + "/" + artifact + "-" + v[0] + ".jar"),
          m2.resolve(dir + v[1] + "/" + artifact + "-" + v[1] + ".jar"));
      if (!p.exists()) {
        throw notThere;
      }
      return p;
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    store.close();
  }

  @Benchmark
  public Object put() throws Exception {
    return store.put(key, target);
  }

  @Benchmark
  public byte[] getCacheHit() throws Exception {
    return store.get(key);
  }
}
