package io.deltaglider.benchmarks;

import io.deltaglider.DeltaStore;
import io.deltaglider.spi.InMemoryBackend;
import io.deltaglider.vcdiff.SecondaryCompression;
import io.deltaglider.vcdiff.VcdiffDecoder;
import io.deltaglider.vcdiff.VcdiffEncoder;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The store's overhead over the raw codec on the same pair, through the in-memory backend:
 * {@code put} of the target into a deltaspace whose reference is the source (encode + SHA-256 +
 * metadata), from an array and from a file, against a bare {@code VcdiffEncoder.encode}, and a cache-hit {@code get} (decode +
 * verification) against a bare {@code VcdiffDecoder.decode} and against a decode followed by its
 * SHA-256 ({@code rawDecodeThenSha256}, what verifying after decoding would cost). Puts also run from 2 and 4 threads
 * into distinct deltaspaces sharing one reference content ({@code putThreads2/4}).
 *
 * <pre>
 * benchmarks/corpus.sh
 * java -jar benchmarks/target/benchmarks.jar StoreBenchmark -p pair=typescript-5.8.3-5.9.2.tar
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 2, jvmArgsAppend = {"-Xmx4g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class StoreBenchmark {
  @Param({"typescript-5.8.3-5.9.2.tar"})
  public String pair;

  private byte[] source;
  private byte[] target;
  private byte[] delta;
  private java.nio.file.Path targetFile;
  private VcdiffEncoder encoder;
  private DeltaStore store;
  private final AtomicInteger spaces = new AtomicInteger();

  @Setup(Level.Trial)
  public void setup() throws Exception {
    Pair p = CodecBenchmark.find(Compare.defaultCorpus(), pair);
    source = Files.readAllBytes(p.source());
    target = Files.readAllBytes(p.target());
    // The store's default encoder: default level with LZMA secondary compression.
    encoder = VcdiffEncoder.builder().secondary(SecondaryCompression.LZMA).build();
    delta = encoder.encode(source, target);
    store = DeltaStore.builder().backend(new InMemoryBackend()).encoder(encoder).build();
    store.put("bench/base.tar", source);
    store.put("bench/next.tar", target);
    targetFile = Files.createTempFile("store-benchmark-", ".tar");
    targetFile.toFile().deleteOnExit();
    Files.write(targetFile, target);
    if (!Arrays.equals(store.get("bench/next.tar"), target)
        || !Arrays.equals(VcdiffDecoder.create().decode(source, delta), target)) {
      throw new IllegalStateException("round trip failed on " + pair);
    }
  }

  @Benchmark
  public byte[] rawEncode() {
    return encoder.encode(source, target);
  }

  @Benchmark
  public Object storePut() throws Exception {
    return store.put("bench/next.tar", target);
  }

  /** A put of a file, read in place: hashed beside the encoder from the encoder's own read. */
  @Benchmark
  public Object storePutFile() throws Exception {
    return store.put("bench/next.tar", targetFile);
  }

  @Benchmark
  public byte[] rawDecode() throws Exception {
    return VcdiffDecoder.create().decode(source, delta);
  }

  /**
   * What a get would cost with verification after the decode instead of beside it: the
   * baseline the store's overlapped hashing is measured against.
   */
  @Benchmark
  public byte[] rawDecodeThenSha256() throws Exception {
    byte[] out = VcdiffDecoder.create().decode(source, delta);
    return java.security.MessageDigest.getInstance("SHA-256").digest(out);
  }

  @Benchmark
  public byte[] storeGetCacheHit() throws Exception {
    return store.get("bench/next.tar");
  }

  /** Per-thread deltaspace, so threads contend for the codec, not for one deltaspace's lock. */
  @State(Scope.Thread)
  public static class Space {
    String key;

    @Setup(Level.Trial)
    public void setup(StoreBenchmark b) throws Exception {
      String ds = "t" + b.spaces.incrementAndGet();
      b.store.put(ds + "/base.tar", b.source);
      key = ds + "/next.tar";
    }
  }

  @Benchmark
  @Threads(1)
  public Object putThreads1(Space s) throws Exception {
    return store.put(s.key, target);
  }

  @Benchmark
  @Threads(2)
  public Object putThreads2(Space s) throws Exception {
    return store.put(s.key, target);
  }

  @Benchmark
  @Threads(4)
  public Object putThreads4(Space s) throws Exception {
    return store.put(s.key, target);
  }
}
