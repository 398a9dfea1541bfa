package io.deltaglider.proxy;

import io.deltaglider.DeltaStore;
import io.deltaglider.storage.fs.FileSystemBackend;
import io.deltaglider.testkit.S3TestServer;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The gateway over a local directory store vs S3Proxy over its filesystem blob store, side by side
 * (not a test: a benchmark run by hand, figures in BENCHMARKS.md): the same AWS SDK v2 client with
 * default settings, the same files (the release pairs of the corpus, {@code benchmarks/corpus.sh};
 * synthetic pairs without it), PUT then GET with 1 and 16 concurrent clients. Each server runs in
 * this JVM; the gateway's store has {@link ServingStoreSettings} as {@code serve} does. Then the
 * gateway alone in a child JVM with {@code -Xmx512m} takes 16 concurrent 100 MB uploads (versions
 * of one deltaspace, so each is a delta encode) and reports the most heap it used.
 *
 * <pre>
 * mvn -B -q -o -pl deltaglider-proxy -am -DskipTests -Djacoco.skip test-compile dependency:build-classpath \
 *   -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.cp
 * java -Xmx2g -Djdk.nio.maxCachedBufferSize=262144 -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
 *   -cp deltaglider-proxy/target/test-classes:deltaglider-proxy/target/classes:$(cat deltaglider-proxy/target/bench.cp) \
 *   io.deltaglider.proxy.GatewayBenchmark [COPIES_FOR_16_CLIENTS | heap]
 * </pre>
 *
 * The corpus is the {@code deltaglider.corpus} system property, else {@code $DELTAGLIDER_CORPUS},
 * else {@code ~/.cache/deltaglider-corpus} (its {@code pairs.tsv}). With 16 clients the pairs are
 * put in several copies (default 3, each its own deltaspaces) so that 16 requests run at once;
 * {@code heap} runs only the heap measurement.
 */
public final class GatewayBenchmark {
  private static final String BUCKET = "bench";

  private GatewayBenchmark() {}

  /** A release pair: the source is put first (the reference), then the target (a delta). */
  record Pair(String name, Path source, Path target) {}

  public static void main(String[] args) throws Exception {
    Path tmp = Files.createTempDirectory("gateway-bench");
    if (args.length > 0 && args[0].equals("heap")) {
      try {
        HeapUnderLoad.run(tmp.resolve("heap"));
      } finally {
        FileTrees.deleteRecursively(tmp);
      }
      return;
    }
    int copies = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    List<Pair> pairs = pairs(tmp);
    System.out.println("pairs: " + pairs.size() + ", " + (totalBytes(pairs) >> 20) + " MiB a copy; "
        + Runtime.getRuntime().availableProcessors() + " processors; load " + load());
    System.out.println(LoadRun.header() + "   stored MiB / original MiB");
    try {
      for (int clients : new int[] {1, 16}) {
        int n = clients == 1 ? 1 : copies;
        runGateway(tmp.resolve("gw-" + clients), pairs, clients, n);
        runS3Proxy(tmp.resolve("s3proxy-" + clients), pairs, clients, n);
      }
      System.out.println("load " + load());
      HeapUnderLoad.run(tmp.resolve("heap"));
      System.out.println("load " + load());
    } finally {
      FileTrees.deleteRecursively(tmp);
    }
  }

  private static void runGateway(Path dir, List<Pair> pairs, int clients, int copies) throws Exception {
    Path root = Files.createDirectories(dir.resolve("store"));
    try (DeltaStore store = ServingStoreSettings.apply(DeltaStore.builder().backend(FileSystemBackend.open(root))
            .tempDirectory(Files.createDirectories(dir.resolve("tmp")))).build();
        S3Gateway gw = S3Gateway.builder().store(store).port(0).workDirectory(dir.resolve("work"))
            .credentials(GatewayCredentials.of("AKIDBENCH", "bench-secret")).build()) {
      URI endpoint = URI.create("http://127.0.0.1:" + gw.start().getPort());
      Files.createDirectories(root.resolve(BUCKET));
      measure("gateway", endpoint, "AKIDBENCH", "bench-secret", pairs, clients, copies, root.resolve(BUCKET));
    }
  }

  private static void runS3Proxy(Path dir, List<Pair> pairs, int clients, int copies) throws Exception {
    Path root = Files.createDirectories(dir.resolve("blobs"));
    try (S3TestServer s3proxy = new S3TestServer(new FilesystemNio2BlobStore(root.toString()))) {
      s3proxy.blobStore().createContainer(BUCKET, org.gaul.s3proxy.blobstore.options.CreateContainerOptions.NONE);
      measure("s3proxy", s3proxy.endpoint(), S3TestServer.ACCESS_KEY, S3TestServer.SECRET_KEY, pairs, clients,
          copies, root.resolve(BUCKET));
    }
  }

  /**
   * PUT all sources, PUT all targets, GET all targets, GET all sources; one row each. Through the
   * gateway the targets are stored as deltas (where the policy keeps them), so "GET targets" is a
   * delta's reconstruction against S3Proxy's plain read of the same bytes.
   */
  private static void measure(String server, URI endpoint, String key, String secret, List<Pair> pairs, int clients,
      int copies, Path stored) throws Exception {
    List<Pair> all = new ArrayList<>();
    for (int c = 0; c < copies; c++) {
      all.addAll(pairs);
    }
    try (S3Client s3 = client(endpoint, key, secret, clients)) {
      String label = server + " c=" + clients + " ";
      LoadRun putSources = LoadRun.run(all.size(), clients, i -> put(s3, i, all.get(i).source()));
      LoadRun putTargets = LoadRun.run(all.size(), clients, i -> put(s3, i, all.get(i).target()));
      LoadRun getTargets = LoadRun.run(all.size(), clients, i -> get(s3, i, all.get(i).target()));
      LoadRun getSources = LoadRun.run(all.size(), clients, i -> get(s3, i, all.get(i).source()));
      String sizes = String.format("   %.1f / %.1f", size(stored) / 1048576.0, copies * totalBytes(pairs) / 1048576.0);
      System.out.println(putSources.row(label + "PUT sources"));
      System.out.println(putTargets.row(label + "PUT targets"));
      System.out.println(getTargets.row(label + "GET targets"));
      System.out.println(getSources.row(label + "GET sources") + sizes);
    }
  }

  private static long put(S3Client s3, int copy, Path file) {
    s3.putObject(b -> b.bucket(BUCKET).key(objectKey(copy, file)), RequestBody.fromFile(file));
    return file.toFile().length();
  }

  private static long get(S3Client s3, int copy, Path file) throws Exception {
    long n = 0;
    try (InputStream in = s3.getObject(b -> b.bucket(BUCKET).key(objectKey(copy, file)))) {
      byte[] buf = new byte[256 * 1024];
      for (int r; (r = in.read(buf)) > 0; ) {
        n += r;
      }
    }
    if (n != file.toFile().length()) {
      throw new IllegalStateException("short GET of " + file + ": " + n);
    }
    return n;
  }

  /** Each pair (and each copy of it) in a deltaspace of its own: {@code c0/PAIR/FILE}. */
  private static String objectKey(int index, Path file) {
    return "c" + index + "/" + file.getParent().getFileName() + "-" + file.getFileName();
  }

  static S3Client client(URI endpoint, String key, String secret, int connections) {
    return S3Client.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(key, secret)))
        .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
        .httpClientBuilder(Apache5HttpClient.builder().maxConnections(Math.max(16, connections))
            .socketTimeout(Duration.ofMinutes(10)))
        .overrideConfiguration(o -> o.retryStrategy(b -> b.maxAttempts(1)))
        .build();
  }

  private static List<Pair> pairs(Path tmp) throws Exception {
    String dir = System.getProperty("deltaglider.corpus", System.getenv("DELTAGLIDER_CORPUS"));
    Path corpus = dir != null ? Path.of(dir) : Path.of(System.getProperty("user.home"), ".cache", "deltaglider-corpus");
    Path tsv = corpus.resolve("pairs.tsv");
    List<Pair> out = new ArrayList<>();
    if (Files.exists(tsv)) {
      List<String> lines = Files.readAllLines(tsv);
      for (String line : lines.subList(1, lines.size())) {
        String[] f = line.split("\t");
        if (f.length == 3 && Files.exists(Path.of(f[1])) && Files.exists(Path.of(f[2]))) {
          out.add(new Pair(f[0], Path.of(f[1]), Path.of(f[2])));
        }
      }
    }
    if (out.isEmpty()) {
      System.out.println("no corpus at " + corpus + ": synthetic pairs");
      for (int i = 0; i < 4; i++) {
        Path d = Files.createDirectories(tmp.resolve("synthetic-" + i));
        GeneratedContent v1 = new GeneratedContent(i, 20L << 20);
        GeneratedContent v2 = new GeneratedContent(i, 20L << 20, 1000, 10L << 20);
        try (InputStream a = v1.open(); InputStream b = v2.open()) {
          Files.copy(a, d.resolve("v1.tar"));
          Files.copy(b, d.resolve("v2.tar"));
        }
        out.add(new Pair("synthetic-" + i, d.resolve("v1.tar"), d.resolve("v2.tar")));
      }
    }
    return out;
  }

  private static long totalBytes(List<Pair> pairs) {
    return pairs.stream().mapToLong(p -> p.source().toFile().length() + p.target().toFile().length()).sum();
  }

  /** Bytes of the regular files under {@code dir}: what the server keeps (metadata files included). */
  static long size(Path dir) throws Exception {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
  }

  static String load() throws Exception {
    return Files.readString(Path.of("/proc/loadavg")).strip();
  }

  /** 16 concurrent 100 MB uploads into one deltaspace through a gateway with {@code -Xmx512m}. */
  static final class HeapUnderLoad {
    private static final long SIZE = 100_000_000L;

    static void run(Path dir) throws Exception {
      Files.createDirectories(dir);
      try (ChildGateway gw = new ChildGateway(dir, "512m");
          S3Client s3 = client(gw.endpoint, GatewayProcess.ACCESS_KEY, GatewayProcess.SECRET_KEY, 16)) {
        s3.createBucket(b -> b.bucket("heap"));
        s3.putObject(b -> b.bucket("heap").key("app/base.tar"), RequestBody.fromContentProvider(
            () -> new GeneratedContent(42, SIZE).open(), SIZE, "application/octet-stream"));
        gw.heap();
        AtomicInteger failed = new AtomicInteger();
        LoadRun puts = LoadRun.run(16, 16, i -> {
          GeneratedContent v = new GeneratedContent(42, SIZE, 1000L * (i + 1), SIZE / 2 + i);
          try {
            s3.putObject(b -> b.bucket("heap").key("app/v" + i + ".tar"), RequestBody.fromContentProvider(
                v::open, SIZE, "application/octet-stream"));
            return SIZE;
          } catch (S3Exception e) {
            failed.incrementAndGet();
            return 0;
          }
        });
        long[] heap = gw.heap();
        long stored = size(gw.store.resolve("heap"));
        System.out.println(puts.row("gateway -Xmx512m c=16 PUT 100 MB") + String.format(
            "   failed %d; heap peak %d MiB of %d MiB, direct %d MiB; stored %.1f MiB of %.1f MiB; "
                + "OutOfMemoryError: %s",
            failed.get(), heap[0] >> 20, heap[1] >> 20, heap[2] >> 20, stored / 1048576.0, 17 * SIZE / 1048576.0,
            gw.output().contains("OutOfMemoryError")));
        gw.output().lines().filter(l -> l.contains("ERROR") || l.contains("Error:") || l.contains("Exception:"))
            .limit(20).forEach(l -> System.out.println("  gateway: " + l));
        if (System.getProperty("bench.fullLog") != null) {
          System.out.println(gw.output());
        }
      }
    }
  }
}
