package io.deltaglider.storage.s3;

import io.deltaglider.DeltaStore;
import io.deltaglider.spi.Payload;
import java.io.InputStream;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Put/get throughput against S3Proxy on loopback: plain PutObject/GetObject of the same bytes,
 * {@link S3Backend} alone, and {@link DeltaStore} on it (deltas), with the S3 requests each made.
 * Not a JMH benchmark: one pass after one warm-up pass, single-threaded, loopback only.
 *
 * <pre>
 * mvn -B -o -pl deltaglider-storage-s3 test-compile dependency:build-classpath -Dmdep.outputFile=cp.txt
 * java -cp deltaglider-storage-s3/target/test-classes:deltaglider-storage-s3/target/classes:$(cat deltaglider-storage-s3/cp.txt) \
 *     io.deltaglider.storage.s3.S3Throughput [versions] [MiB]
 * </pre>
 */
public final class S3Throughput {
  private S3Throughput() {}

  /** Counts SDK requests by operation name. */
  static final class Counter implements ExecutionInterceptor {
    final Map<String, LongAdder> calls = new ConcurrentHashMap<>();

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attrs) {
      calls.computeIfAbsent(attrs.getAttribute(SdkExecutionAttribute.OPERATION_NAME), k -> new LongAdder()).increment();
    }

    long total() {
      return calls.values().stream().mapToLong(LongAdder::sum).sum();
    }

    String snapshotAndReset() {
      Map<String, Long> m = new TreeMap<>();
      calls.forEach((k, v) -> m.put(k, v.sumThenReset()));
      m.values().removeIf(v -> v == 0);
      return m.toString();
    }
  }

  public static void main(String[] args) throws Exception {
    int versions = args.length > 0 ? Integer.parseInt(args[0]) : 8;
    int mib = args.length > 1 ? Integer.parseInt(args[1]) : 16;
    byte[][] data = new byte[versions][];
    byte[] base = new byte[mib << 20];
    new Random(1).nextBytes(base);
    for (int v = 0; v < versions; v++) {
      data[v] = base.clone();
      Random r = new Random(100 + v);
      for (int i = 0; i < 200; i++) {
        byte[] patch = new byte[64 + r.nextInt(4096)];
        r.nextBytes(patch);
        System.arraycopy(patch, 0, data[v], r.nextInt(data[v].length - patch.length), patch.length);
      }
    }
    long total = (long) versions * (mib << 20);
    try (S3Fixture server = new S3Fixture()) {
      Counter counter = new Counter();
      S3Client client = S3Client.builder()
          .endpointOverride(server.endpoint())
          .region(Region.US_EAST_1)
          .forcePathStyle(true)
          .credentialsProvider(StaticCredentialsProvider.create(
              AwsBasicCredentials.create(S3Fixture.ACCESS_KEY, S3Fixture.SECRET_KEY)))
          .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
          .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
          .httpClientBuilder(Apache5HttpClient.builder())
          .overrideConfiguration(o -> o.addExecutionInterceptor(counter))
          .build();
      for (int pass = 0; pass < 2; pass++) {
        boolean report = pass == 1;
        String bucket = server.newBucket();
        S3Backend backend = S3Backend.builder().bucket(bucket).client(client).build();
        counter.snapshotAndReset();

        long t = System.nanoTime();
        for (int v = 0; v < versions; v++) {
          int i = v;
          client.putObject(b -> b.bucket(bucket).key("raw/app-" + i + ".zip"), RequestBody.fromBytes(data[i]));
        }
        line(report, "raw PutObject", total, t, counter);

        t = System.nanoTime();
        for (int v = 0; v < versions; v++) {
          backend.put("backend/app-" + v + ".zip", Payload.of(data[v]), Map.of("dg-note", "passthrough"));
        }
        line(report, "S3Backend.put", total, t, counter);

        DeltaStore store = DeltaStore.builder().backend(backend).build();
        t = System.nanoTime();
        for (int v = 0; v < versions; v++) {
          store.put("store/app/app-" + v + ".zip", data[v]);
        }
        line(report, "DeltaStore.put", total, t, counter);

        t = System.nanoTime();
        for (int v = 0; v < versions; v++) {
          int i = v;
          byte[] got = client.getObjectAsBytes(b -> b.bucket(bucket).key("raw/app-" + i + ".zip")).asByteArray();
          check(got.length == data[i].length);
        }
        line(report, "raw GetObject", total, t, counter);

        t = System.nanoTime();
        for (int v = 0; v < versions; v++) {
          try (InputStream in = backend.get("backend/app-" + v + ".zip")) {
            check(in.readAllBytes().length == data[v].length);
          }
        }
        line(report, "S3Backend.get", total, t, counter);

        t = System.nanoTime();
        for (int v = 0; v < versions; v++) {
          check(store.get("store/app/app-" + v + ".zip").length == data[v].length);
        }
        line(report, "DeltaStore.get (cache warm)", total, t, counter);

        DeltaStore cold = DeltaStore.builder().backend(backend).build();
        t = System.nanoTime();
        for (int v = 0; v < versions; v++) {
          check(cold.get("store/app/app-" + v + ".zip").length == data[v].length);
        }
        line(report, "DeltaStore.get (new store)", total, t, counter);

        long stored = 0;
        for (var o : client.listObjectsV2(b -> b.bucket(bucket).prefix("store/")).contents()) {
          stored += o.size();
        }
        if (report) {
          System.out.printf("%d versions of %d MiB: DeltaStore keeps %.1f MiB of %.1f MiB (%.2f%%)%n", versions, mib,
              stored / 1048576.0, total / 1048576.0, 100.0 * stored / total);
        }
      }
      client.close();
    }
  }

  private static void check(boolean ok) {
    if (!ok) {
      throw new AssertionError("wrong length read back");
    }
  }

  private static void line(boolean report, String what, long bytes, long start, Counter counter) {
    double s = (System.nanoTime() - start) / 1e9;
    String calls = counter.snapshotAndReset();
    if (report) {
      System.out.printf("%-28s %8.1f MiB/s  %6.2f s  requests %s%n", what, bytes / 1048576.0 / s, s, calls);
    }
  }
}
