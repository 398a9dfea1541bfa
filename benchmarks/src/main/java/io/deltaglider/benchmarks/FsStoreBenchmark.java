package io.deltaglider.benchmarks;

import io.deltaglider.DeltaStore;
import io.deltaglider.storage.fs.FileSystemBackend;
import io.deltaglider.vcdiff.SecondaryCompression;
import io.deltaglider.vcdiff.SourceData;
import io.deltaglider.vcdiff.VcdiffDecoder;
import io.deltaglider.vcdiff.VcdiffEncoder;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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
 * The store's own overhead on the filesystem backend (issue 17, item 8): a put of a file and of a
 * stream into a deltaspace whose reference is the pair's source, against the bare encode of the
 * same file, and a cache-hit get against the bare decode of the stored delta, all with files on
 * disk as a user has them.
 *
 * <pre>
 * benchmarks/corpus.sh
 * java -jar benchmarks/target/benchmarks.jar FsStoreBenchmark -f 3 -wi 3 -w 2 -i 10 -r 2
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 2, jvmArgsAppend = {"-Xmx4g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class FsStoreBenchmark {
  @Param({"jackson-databind-2.22.3-2.23.0.jar", "apache-maven-3.9.9-3.9.10-bin.tar", "typescript-5.8.3-5.9.2.tar"})
  public String pair;

  /** The backend's fsyncs (on by default): what durability costs a put. */
  @Param({"true"})
  public boolean fsync;

  private Path dir;
  private Path sourceFile;
  private Path targetFile;
  private byte[] source;
  private byte[] target;
  private byte[] delta;
  private VcdiffEncoder encoder;
  private DeltaStore store;

  @Setup(Level.Trial)
  public void setup() throws Exception {
    Pair p = CodecBenchmark.find(Compare.defaultCorpus(), pair);
    dir = Files.createTempDirectory("fs-store-benchmark-");
    sourceFile = Files.copy(p.source(), dir.resolve("source.tar"));
    targetFile = Files.copy(p.target(), dir.resolve("target.tar"));
    source = Files.readAllBytes(sourceFile);
    target = Files.readAllBytes(targetFile);
    encoder = VcdiffEncoder.builder().secondary(SecondaryCompression.LZMA).build();
    store = DeltaStore.builder().backend(FileSystemBackend.builder(dir.resolve("store")).fsync(fsync).build()).encoder(encoder).build();
    store.put("bench/base.tar", sourceFile);
    store.put("bench/next.tar", targetFile);
    delta = Files.readAllBytes(dir.resolve("store/bench/next.tar.delta"));
    if (!Arrays.equals(store.get("bench/next.tar"), target)
        || !Arrays.equals(VcdiffDecoder.create().decode(source, delta), target)) {
      throw new IllegalStateException("round trip failed on " + pair);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    store.close();
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    }
  }

  /** The encode a put does, from the same files: source by random access, target streamed. */
  @Benchmark
  public long rawEncodeFiles() throws Exception {
    try (SourceData source = SourceData.open(sourceFile);
        InputStream in = new BufferedInputStream(Files.newInputStream(targetFile), 1 << 16)) {
      return encoder.encode(source, in, OutputStream.nullOutputStream());
    }
  }

  @Benchmark
  public Object storePutPath() throws Exception {
    return store.put("bench/next.tar", targetFile);
  }

  @Benchmark
  public Object storePutStream() throws Exception {
    try (InputStream in = Files.newInputStream(targetFile)) {
      return store.put("bench/next.tar", in);
    }
  }

  /** The decode a get does: the reference in the heap (as the cache holds it), the delta read from disk. */
  @Benchmark
  public byte[] rawDecodeFiles() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream(target.length);
    try (InputStream in = Files.newInputStream(dir.resolve("store/bench/next.tar.delta"))) {
      VcdiffDecoder.create().decode(SourceData.of(source), in, out);
    }
    return out.toByteArray();
  }

  /**
   * The decode as a get runs it: without the windows' Adler-32 checks, since the get checks the
   * SHA-256 of the whole result (which this leaves out).
   */
  @Benchmark
  public byte[] rawDecodeFilesNoChecksums() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream(target.length);
    try (InputStream in = Files.newInputStream(dir.resolve("store/bench/next.tar.delta"))) {
      VcdiffDecoder.builder().verifyChecksums(false).build().decode(SourceData.of(source), in, out);
    }
    return out.toByteArray();
  }

  @Benchmark
  public byte[] storeGetCacheHit() throws Exception {
    return store.get("bench/next.tar");
  }
}
