package io.deltaglider.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * Bodies stream both ways: a 2 GiB object goes up and comes back through a gateway whose JVM has
 * {@code -Xmx512m}, and so does a second 2 GiB version stored as a delta against the first. The
 * content is made as it is sent and hashed as it arrives: neither side holds it.
 */
class LargeObjectSmallHeapTest {
  private static final long SIZE = 2L << 30;

  @TempDir
  Path dir;

  @Test
  void twoGibVersionsPassThroughA512MiBHeapWholeAndAsADelta() throws Exception {
    // Upload spool, reference, the delta's reconstruction for its GET: about 3 copies at most.
    assumeTrue(Files.getFileStore(dir).getUsableSpace() > 4 * SIZE, "needs 8 GiB free in the temp directory");
    GeneratedContent v1 = new GeneratedContent(7, SIZE);
    GeneratedContent v2 = new GeneratedContent(7, SIZE, 1000, 300L << 20, SIZE / 2 + 12345, SIZE - 4096);
    try (ChildGateway gw = new ChildGateway(dir, "512m"); S3Client s3 = gw.client()) {
      s3.createBucket(b -> b.bucket("big"));
      long t0 = System.nanoTime();
      String sha1 = put(s3, "release/app-1.tar", v1);
      long t1 = System.nanoTime();
      assertEquals(sha1, get(s3, "release/app-1.tar"));
      long t2 = System.nanoTime();
      String sha2 = put(s3, "release/app-2.tar", v2);
      long t3 = System.nanoTime();
      assertFalse(sha1.equals(sha2));
      assertEquals(sha2, get(s3, "release/app-2.tar"));
      long t4 = System.nanoTime();
      long[] heap = gw.heap();
      System.out.printf("2 GiB through -Xmx512m: put %d s, get %d s, delta put %d s, delta get %d s; heap peak %d MiB"
          + " of %d MiB%n", (t1 - t0) / 1_000_000_000L, (t2 - t1) / 1_000_000_000L, (t3 - t2) / 1_000_000_000L,
          (t4 - t3) / 1_000_000_000L, heap[0] >> 20, heap[1] >> 20);

      Path delta = gw.store.resolve("big/release/app-2.tar.delta");
      assertTrue(Files.exists(delta), () -> "no delta: " + listing(gw.store));
      assertTrue(Files.size(delta) < (1 << 20), "delta of 4 edits: " + Files.size(delta));
      assertTrue(gw.alive());
      assertFalse(gw.output().contains("OutOfMemoryError"), gw.output());
    }
  }

  /** PUTs generated content with the SDK's defaults; returns the SHA-256 of what was sent. */
  static String put(S3Client s3, String key, GeneratedContent content) {
    AtomicReference<GeneratedContent.Stream> sent = new AtomicReference<>();
    s3.putObject(b -> b.bucket("big").key(key), RequestBody.fromContentProvider(() -> {
      GeneratedContent.Stream s = content.open();
      sent.set(s);
      return s;
    }, content.size(), "application/octet-stream"));
    assertEquals(content.size(), sent.get().position(), "the body the SDK sent last was read whole");
    return sent.get().sha256();
  }

  /** GETs an object as a stream, hashing it as it arrives; returns its SHA-256. */
  static String get(S3Client s3, String key) throws Exception {
    return get(s3, key, SIZE);
  }

  static String get(S3Client s3, String key, long size) throws Exception {
    MessageDigest sha = Hashing.sha256();
    long n = 0;
    try (ResponseInputStream<GetObjectResponse> in = s3.getObject(b -> b.bucket("big").key(key))) {
      byte[] buf = new byte[256 * 1024];
      for (int r; (r = in.read(buf)) > 0; ) {
        sha.update(buf, 0, r);
        n += r;
      }
    }
    assertEquals(size, n, key);
    return Hashing.hex(sha.digest());
  }

  static String listing(Path root) {
    try (Stream<Path> s = Files.walk(root)) {
      return s.map(p -> root.relativize(p) + (Files.isRegularFile(p) ? " " + p.toFile().length() : "")).toList()
          .toString();
    } catch (java.io.IOException e) {
      return e.toString();
    }
  }
}
