package io.deltaglider.proxy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.deltaglider.StoredForm;
import io.deltaglider.vcdiff.testing.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * Several clients writing versions into one new deltaspace at the same moment, some in one PUT and
 * some in parts: exactly one reference results, and every object reads back byte-exact as a delta.
 */
class ConcurrentClientsTest {
  private static final int CLIENTS = 6;
  private static final int PART = 5 << 20;

  @TempDir
  Path dir;

  @Test
  void concurrentWritersOfOneDeltaspaceShareOneReference() throws Exception {
    byte[] base = TestData.random(71, PART + 300_000);
    List<byte[]> versions = new ArrayList<>();
    for (int i = 0; i < CLIENTS; i++) {
      versions.add(TestData.edited(base, 72 + i, 20, 400, false));
    }
    try (GatewayFixture fx = new GatewayFixture(dir)) {
      try (S3Client admin = fx.client()) {
        admin.createBucket(b -> b.bucket("race"));
      }
      CyclicBarrier start = new CyclicBarrier(CLIENTS);
      ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
      try {
        List<Future<?>> done = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
          int n = i;
          done.add(pool.submit(() -> {
            try (S3Client s3 = fx.client()) {
              String key = "app/app-1." + n + ".zip";
              byte[] v = versions.get(n);
              start.await(60, TimeUnit.SECONDS);
              if (n % 2 == 0) {
                s3.putObject(b -> b.bucket("race").key(key), RequestBody.fromBytes(v));
              } else {
                String id = s3.createMultipartUpload(b -> b.bucket("race").key(key)).uploadId();
                String e1 = s3.uploadPart(b -> b.bucket("race").key(key).uploadId(id).partNumber(1),
                    RequestBody.fromBytes(Arrays.copyOfRange(v, 0, PART))).eTag();
                String e2 = s3.uploadPart(b -> b.bucket("race").key(key).uploadId(id).partNumber(2),
                    RequestBody.fromBytes(Arrays.copyOfRange(v, PART, v.length))).eTag();
                s3.completeMultipartUpload(b -> b.bucket("race").key(key).uploadId(id).multipartUpload(m -> m.parts(
                    CompletedPart.builder().partNumber(1).eTag(e1).build(),
                    CompletedPart.builder().partNumber(2).eTag(e2).build())));
              }
            }
            return null;
          }));
        }
        for (Future<?> f : done) {
          f.get(300, TimeUnit.SECONDS);
        }
      } finally {
        pool.shutdownNow();
      }

      List<String> names;
      try (Stream<Path> files = Files.walk(fx.root.resolve("race"))) {
        names = files.map(p -> fx.root.relativize(p).toString()).sorted().toList();
      }
      assertEquals(1, names.stream().filter(n -> n.endsWith("reference.bin")).count(), names::toString);
      try (S3Client s3 = fx.client()) {
        for (int i = 0; i < CLIENTS; i++) {
          String key = "app/app-1." + i + ".zip";
          assertArrayEquals(versions.get(i), s3.getObjectAsBytes(b -> b.bucket("race").key(key)).asByteArray(), key);
          assertEquals(StoredForm.DELTA, fx.store.head("race/" + key).form(), key);
        }
        assertEquals(CLIENTS, s3.listObjectsV2(b -> b.bucket("race").prefix("app/")).keyCount());
      }
      var report = fx.store.verify("race/");
      assertEquals(true, report.ok(), report::toString);
      assertEquals(CLIENTS, report.verified().size(), report::toString);
    }
  }
}
