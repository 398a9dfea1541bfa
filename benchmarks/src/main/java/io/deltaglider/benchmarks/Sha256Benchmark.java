package io.deltaglider.benchmarks;

import java.security.MessageDigest;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * SHA-256 of every stored object is computed on put and on every get: the JDK's
 * {@code MessageDigest} (HotSpot intrinsic) against Bouncy Castle's {@code SHA256Digest} (pure
 * Java), to pick the faster for {@code deltaglider-core}. The setup checks both give the same digest.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar Sha256Benchmark</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 2)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class Sha256Benchmark {
  @Param({"1048576", "16777216"})
  public int size;

  private byte[] data;

  @Setup
  public void setup() throws Exception {
    data = new byte[size];
    new Random(1).nextBytes(data);
    if (!java.util.Arrays.equals(jdk(), bouncyCastle())) {
      throw new IllegalStateException("JDK and Bouncy Castle disagree on SHA-256");
    }
  }

  @Benchmark
  public byte[] jdk() throws Exception {
    return MessageDigest.getInstance("SHA-256").digest(data);
  }

  @Benchmark
  public byte[] bouncyCastle() {
    SHA256Digest d = new SHA256Digest();
    d.update(data, 0, data.length);
    byte[] out = new byte[32];
    d.doFinal(out, 0);
    return out;
  }
}
