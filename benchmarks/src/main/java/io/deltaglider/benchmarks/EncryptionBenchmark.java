package io.deltaglider.benchmarks;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.streamingaead.PredefinedStreamingAeadParameters;
import com.google.crypto.tink.streamingaead.StreamingAeadConfig2026;
import io.deltaglider.DeltaPolicy;
import io.deltaglider.DeltaStore;
import io.deltaglider.StoredForm;
import io.deltaglider.encryption.EncryptingBackend;
import io.deltaglider.spi.StorageBackend;
import io.deltaglider.storage.fs.FileSystemBackend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;
import java.util.Set;
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
 * What client-side encryption (deltaglider-encryption, Tink AES-GCM-HKDF streaming, 1 MiB
 * segments) costs the store on the filesystem backend, with and without it, for a 64 MiB object
 * (issue 20): a cache-hit get of a delta (the reference in the store's cache, so only the delta is
 * decrypted), a get of an object stored whole (all of it decrypted), and the puts of both.
 * Synthetic, seeded content: no corpus needed.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar EncryptionBenchmark -f 1 -wi 2 -i 5
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
public class EncryptionBenchmark {
  private static final int SIZE = 64 << 20;

  @Param({"false", "true"})
  public boolean encrypted;

  /** The backend's fsyncs, off by default: the CPU cost of encryption, not the disk's. */
  @Param({"false"})
  public boolean fsync;

  private Path dir;
  private Path nextFile;
  private Path blobFile;
  private byte[] next;
  private byte[] blob;
  private DeltaStore store;

  @Setup(Level.Trial)
  public void setup() throws Exception {
    dir = Files.createTempDirectory("encryption-benchmark-");
    Random r = new Random(20);
    byte[] base = new byte[SIZE];
    r.nextBytes(base);
    next = base.clone();
    for (int i = 0; i < 200; i++) { // scattered edits: a small delta
      int at = r.nextInt(SIZE - 4096);
      byte[] edit = new byte[1 + r.nextInt(4096)];
      r.nextBytes(edit);
      System.arraycopy(edit, 0, next, at, edit.length);
    }
    blob = new byte[SIZE];
    r.nextBytes(blob);
    Path baseFile = Files.write(dir.resolve("base.zip"), base);
    nextFile = Files.write(dir.resolve("next.zip"), next);
    blobFile = Files.write(dir.resolve("blob.bin"), blob);
    StorageBackend backend = FileSystemBackend.builder(dir.resolve("store")).fsync(fsync).build();
    if (encrypted) {
      backend = EncryptingBackend.wrap(backend, KeysetHandle.generateNew(PredefinedStreamingAeadParameters.AES256_GCM_HKDF_1MB,
          StreamingAeadConfig2026.get()));
    }
    store = DeltaStore.builder().backend(backend)
        .policy(DeltaPolicy.builder().extensions(Set.of("zip")).build()).build();
    store.put("bench/base.zip", baseFile);
    if (store.put("bench/next.zip", nextFile).form() != StoredForm.DELTA
        || store.put("bench/blob.bin", blobFile).form() != StoredForm.PASSTHROUGH
        || !Arrays.equals(store.get("bench/next.zip"), next) || !Arrays.equals(store.get("bench/blob.bin"), blob)) {
      throw new IllegalStateException("round trip failed");
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    store.close();
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    }
  }

  /** The reference comes from the store's cache; the (small) delta is read, decrypted, decoded. */
  @Benchmark
  public byte[] getDeltaCacheHit() throws Exception {
    return store.get("bench/next.zip");
  }

  /** 64 MiB read, decrypted and hashed. */
  @Benchmark
  public byte[] getWhole() throws Exception {
    return store.get("bench/blob.bin");
  }

  /** Encoded against the cached reference; the delta encrypted. */
  @Benchmark
  public Object putDelta() throws Exception {
    return store.put("bench/next.zip", nextFile);
  }

  /** 64 MiB hashed, encrypted and written. */
  @Benchmark
  public Object putWhole() throws Exception {
    return store.put("bench/blob.bin", blobFile);
  }
}
