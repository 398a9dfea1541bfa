package io.deltaglider.storage.s3;

import io.deltaglider.DeltaStore;
import io.deltaglider.ListPage;
import io.deltaglider.spi.BlobInfo;
import io.deltaglider.spi.BlobPage;
import io.deltaglider.spi.BlobQuery;
import io.deltaglider.vcdiff.testing.TestData;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.gaul.s3proxy.blobstore.options.CopyOptions;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Times listing and stats of many objects against S3Proxy on loopback (not a test: a benchmark
 * run by hand, figures in BENCHMARKS.md). Each way of listing runs 5 times; the median wall time
 * and the requests of one run are printed. "head per object" is what listing cost before issue
 * 17: the raw listing, then one HEAD per listed object, one after another.
 *
 * <pre>
 * mvn -B -o -pl deltaglider-storage-s3 -am test-compile
 * mvn -B -o -pl deltaglider-storage-s3 dependency:build-classpath -Dmdep.outputFile=cp.txt
 * java -cp deltaglider-storage-s3/target/test-classes:deltaglider-storage-s3/target/classes:$(cat deltaglider-storage-s3/cp.txt) \
 *   io.deltaglider.storage.s3.S3ListingTimes 100 100
 * </pre>
 *
 * Arguments: deltaspaces (default 100), objects per deltaspace (default 100).
 */
public final class S3ListingTimes {
  private S3ListingTimes() {}

  interface Run {
    long run() throws Exception;
  }

  public static void main(String[] args) throws Exception {
    int deltaspaces = args.length > 0 ? Integer.parseInt(args[0]) : 100;
    int perDeltaspace = args.length > 1 ? Integer.parseInt(args[1]) : 100;
    try (S3Fixture server = new S3Fixture()) {
      String bucket = server.newBucket();
      S3Throughput.Counter counter = new S3Throughput.Counter();
      S3Client client = S3Client.builder().endpointOverride(server.endpoint()).region(Region.US_EAST_1)
          .forcePathStyle(true).httpClientBuilder(Apache5HttpClient.builder())
          .credentialsProvider(StaticCredentialsProvider.create(
              AwsBasicCredentials.create(S3Fixture.ACCESS_KEY, S3Fixture.SECRET_KEY)))
          .overrideConfiguration(o -> o.addExecutionInterceptor(counter)).build();
      S3Backend backend = S3Backend.builder().bucket(bucket).client(client).build();
      try (DeltaStore store = DeltaStore.builder().backend(backend).build()) {
        populate(server, store, bucket, deltaspaces, perDeltaspace);
        int objects = deltaspaces * perDeltaspace;
        System.out.printf("%d objects in %d deltaspaces (%d raw keys)%n", objects, deltaspaces,
            objects + deltaspaces);
        time("list, all pages (listing only)", counter, () -> {
          long n = 0;
          String token = null;
          do {
            ListPage page = store.list("rel/", null, null, token, 1000);
            n += page.objects().size();
            token = page.nextContinuationToken();
          } while (token != null);
          return n;
        });
        time("stats (listing only)", counter, () -> store.stats("rel/").objects());
        time("listDetailed, all pages (16 heads at once)", counter, () -> {
          long n = 0;
          String token = null;
          do {
            ListPage page = store.listDetailed("rel/", null, null, token, 1000);
            n += page.objects().size();
            token = page.nextContinuationToken();
          } while (token != null);
          return n;
        });
        time("statsExact (16 heads at once)", counter, () -> store.statsExact("rel/").objects());
        time("head per object, in turn (before)", counter, () -> {
          long n = 0;
          BlobQuery q = BlobQuery.under("rel/");
          while (true) {
            BlobPage page = backend.list(q);
            for (BlobInfo b : page.objects()) {
              if (!b.key().endsWith("/reference.bin")) {
                backend.head(b.key());
                n++;
              }
            }
            if (!page.isTruncated()) {
              return n;
            }
            q = q.withContinuationToken(page.nextContinuationToken());
          }
        });
      }
    }
  }

  private static void time(String what, S3Throughput.Counter counter, Run run) throws Exception {
    long[] ms = new long[5];
    String requests = "";
    long n = 0;
    for (int i = 0; i < ms.length; i++) {
      counter.snapshotAndReset();
      long start = System.nanoTime();
      n = run.run();
      ms[i] = (System.nanoTime() - start) / 1_000_000;
      requests = counter.snapshotAndReset();
    }
    long[] sorted = ms.clone();
    Arrays.sort(sorted);
    System.out.printf("%-45s %7d objects  median %6d ms  runs %s  requests per run %s%n", what, n, sorted[2],
        Arrays.toString(ms), requests);
  }

  /** One deltaspace written by the store, copied inside the server for the others (fast, as the test does). */
  private static void populate(S3Fixture server, DeltaStore store, String bucket, int deltaspaces, int per)
      throws Exception {
    byte[] base = TestData.random(17, 20_000);
    String first = ds(0);
    for (int v = 0; v < per; v++) {
      store.put(first + "app-1.0." + v + ".zip", TestData.edited(base, v, 4, 60, false));
    }
    if (per >= 1000) {
      throw new IllegalArgumentException("at most 999 objects per deltaspace (one listing page with its reference)");
    }
    List<String> template = new ArrayList<>();
    server.raw().listObjectsV2(r -> r.bucket(bucket).prefix(first)).contents().stream().map(S3Object::key)
        .forEach(template::add);
    for (int d = 1; d < deltaspaces; d++) {
      for (String key : template) {
        Map<String, String> meta = new HashMap<>(server.blobStore().blobMetadata(bucket, key).userMetadata());
        String ref = ds(d) + "reference.bin";
        meta.replaceAll((name, value) -> value.equals(first + "reference.bin") ? ref : value);
        server.blobStore().copyBlob(bucket, key, bucket, ds(d) + key.substring(first.length()),
            CopyOptions.builder().userMetadata(meta).build());
      }
    }
  }

  private static String ds(int d) {
    return String.format("rel/ds%03d/", d);
  }
}
