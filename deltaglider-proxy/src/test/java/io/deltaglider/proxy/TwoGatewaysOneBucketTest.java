package io.deltaglider.proxy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.deltaglider.StoredForm;
import io.deltaglider.storage.s3.S3Backend;
import io.deltaglider.testkit.S3TestServer;
import io.deltaglider.vcdiff.testing.TestData;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.NoSuchUploadException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Two gateways, each with a store and S3 backend of its own (as two processes would have), over one
 * bucket (S3Proxy in this JVM): clients write versions into one new deltaspace through both at
 * once and read each one back through the other. One reference results and every object reads
 * back byte-exact as a delta. A multipart upload lives on the gateway that created it.
 */
class TwoGatewaysOneBucketTest {
  private static final int WRITERS = 6;
  private static final int PART = 5 << 20;

  @TempDir
  Path dir;

  @Test
  void writersOnBothGatewaysShareOneReferenceAndReadEachOthersObjects() throws Exception {
    byte[] base = TestData.random(91, PART + 200_000);
    List<byte[]> versions = new ArrayList<>();
    for (int i = 0; i < WRITERS; i++) {
      versions.add(TestData.edited(base, 92 + i, 20, 400, false));
    }
    try (S3TestServer backing = new S3TestServer()) {
      String bucket = backing.newBucket();
      try (GatewayFixture a = GatewayFixture.over(dir.resolve("a"), backend(backing, bucket));
          GatewayFixture b = GatewayFixture.over(dir.resolve("b"), backend(backing, bucket))) {
        List<GatewayFixture> gateways = List.of(a, b);
        CyclicBarrier start = new CyclicBarrier(WRITERS);
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
        try {
          List<Future<?>> done = new ArrayList<>();
          for (int i = 0; i < WRITERS; i++) {
            int n = i;
            done.add(pool.submit(() -> {
              try (S3Client s3 = gateways.get(n % 2).client()) {
                start.await(60, TimeUnit.SECONDS);
                write(s3, "app/app-1." + n + ".zip", versions.get(n), n % 3 == 2);
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

        try (S3Client raw = rawClient(backing)) {
          List<String> keys = raw.listObjectsV2Paginator(r -> r.bucket(bucket).prefix("releases/")).contents()
              .stream().map(S3Object::key).sorted().toList();
          assertEquals(1, keys.stream().filter(k -> k.endsWith("/reference.bin")).count(), keys::toString);
        }
        for (int i = 0; i < WRITERS; i++) {
          String key = "app/app-1." + i + ".zip";
          GatewayFixture other = gateways.get((i + 1) % 2);
          try (S3Client s3 = other.client()) {
            assertArrayEquals(versions.get(i), s3.getObjectAsBytes(r -> r.bucket("releases").key(key)).asByteArray(),
                key);
          }
          assertEquals(StoredForm.DELTA, other.store.head("releases/" + key).form(), key);
        }
        var report = a.store.verify("releases/");
        assertEquals(true, report.ok(), report::toString);
        assertEquals(WRITERS, report.verified().size(), report::toString);
      }
    }
  }

  @Test
  void aMultipartUploadIsKnownOnlyToTheGatewayThatCreatedIt() throws Exception {
    try (S3TestServer backing = new S3TestServer()) {
      String bucket = backing.newBucket();
      try (GatewayFixture a = GatewayFixture.over(dir.resolve("a"), backend(backing, bucket));
          GatewayFixture b = GatewayFixture.over(dir.resolve("b"), backend(backing, bucket));
          S3Client onA = a.client(); S3Client onB = b.client()) {
        String id = onA.createMultipartUpload(r -> r.bucket("releases").key("mp/app.zip")).uploadId();
        assertThrows(NoSuchUploadException.class, () -> onB.uploadPart(r -> r.bucket("releases").key("mp/app.zip")
            .uploadId(id).partNumber(1), RequestBody.fromString("part")));
        String etag = onA.uploadPart(r -> r.bucket("releases").key("mp/app.zip").uploadId(id).partNumber(1),
            RequestBody.fromString("part")).eTag();
        assertThrows(NoSuchUploadException.class, () -> onB.completeMultipartUpload(r -> r.bucket("releases")
            .key("mp/app.zip").uploadId(id).multipartUpload(m -> m.parts(CompletedPart.builder().partNumber(1)
                .eTag(etag).build()))));
        onA.completeMultipartUpload(r -> r.bucket("releases").key("mp/app.zip").uploadId(id)
            .multipartUpload(m -> m.parts(CompletedPart.builder().partNumber(1).eTag(etag).build())));
        assertEquals("part", onB.getObjectAsBytes(r -> r.bucket("releases").key("mp/app.zip")).asUtf8String());
      }
    }
  }

  /** One PUT, or a multipart upload of two parts through the same gateway. */
  private static void write(S3Client s3, String key, byte[] v, boolean multipart) {
    if (!multipart) {
      s3.putObject(r -> r.bucket("releases").key(key), RequestBody.fromBytes(v));
      return;
    }
    String id = s3.createMultipartUpload(r -> r.bucket("releases").key(key)).uploadId();
    String e1 = s3.uploadPart(r -> r.bucket("releases").key(key).uploadId(id).partNumber(1),
        RequestBody.fromBytes(Arrays.copyOfRange(v, 0, PART))).eTag();
    String e2 = s3.uploadPart(r -> r.bucket("releases").key(key).uploadId(id).partNumber(2),
        RequestBody.fromBytes(Arrays.copyOfRange(v, PART, v.length))).eTag();
    s3.completeMultipartUpload(r -> r.bucket("releases").key(key).uploadId(id).multipartUpload(m -> m.parts(
        CompletedPart.builder().partNumber(1).eTag(e1).build(),
        CompletedPart.builder().partNumber(2).eTag(e2).build())));
  }

  private static S3Backend backend(S3TestServer backing, String bucket) {
    return S3Backend.builder().endpoint(backing.endpoint()).region("us-east-1").pathStyle(true)
        .credentials(S3TestServer.ACCESS_KEY, S3TestServer.SECRET_KEY).bucket(bucket).build();
  }

  private static S3Client rawClient(S3TestServer backing) {
    return S3Client.builder().endpointOverride(backing.endpoint()).region(Region.US_EAST_1).forcePathStyle(true)
        .credentialsProvider(StaticCredentialsProvider.create(
            AwsBasicCredentials.create(S3TestServer.ACCESS_KEY, S3TestServer.SECRET_KEY)))
        .build();
  }
}
