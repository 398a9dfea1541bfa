package io.deltaglider.proxy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.deltaglider.StoredForm;
import io.deltaglider.vcdiff.testing.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * Ranged GETs (how clients download large objects, in parallel parts) go through the store's
 * verified range reads: a range of a whole object is checked against the chunks it covers, never
 * served from a read of the whole object up to it.
 */
class RangedGetTest extends OneGatewayTest {
  @BeforeAll
  static void buckets() {
    s3.createBucket(b -> b.bucket("ranges"));
  }

  private static byte[] range(String key, String range) {
    return s3.getObjectAsBytes(b -> b.bucket("ranges").key(key).range(range)).asByteArray();
  }

  @Test
  void aRangeOfAWholeObjectIsVerifiedByTheChunksItCovers() throws Exception {
    byte[] v = TestData.random(21, 20 << 20); // over 8 MiB: stored whole with chunk digests
    s3.putObject(b -> b.bucket("ranges").key("dumps/db.unknown"), RequestBody.fromBytes(v));
    assertEquals(StoredForm.PASSTHROUGH, fx.store.head("ranges/dumps/db.unknown").form());
    Path file = fx.root.resolve("ranges/dumps/db.unknown");
    byte[] onDisk = Files.readAllBytes(file);
    assertArrayEquals(v, onDisk);

    // Damage the last chunk on disk: the first chunks still serve their ranges, verified.
    onDisk[onDisk.length - 10] ^= 1;
    Files.write(file, onDisk);
    assertArrayEquals(Arrays.copyOfRange(v, 1000, 2_000_000), range("dumps/db.unknown", "bytes=1000-1999999"));
    assertArrayEquals(Arrays.copyOfRange(v, 8 << 20, 9 << 20),
        range("dumps/db.unknown", "bytes=" + (8 << 20) + "-" + ((9 << 20) - 1)));
    // The damaged bytes are never served: not in a range over them, not in the whole object.
    assertThrows(SdkException.class, () -> range("dumps/db.unknown", "bytes=-100"));
    assertThrows(SdkException.class, () -> s3.getObjectAsBytes(b -> b.bucket("ranges").key("dumps/db.unknown")).asByteArray());
  }

  @Test
  void theRangesOfADeltaComeFromOneVerifiedReconstruction() throws Exception {
    byte[] v1 = TestData.random(22, 6 << 20);
    byte[] v2 = TestData.edited(v1, 23, 30, 100, true);
    s3.putObject(b -> b.bucket("ranges").key("app/app-1.tar"), RequestBody.fromBytes(v1));
    s3.putObject(b -> b.bucket("ranges").key("app/app-2.tar"), RequestBody.fromBytes(v2));
    assertEquals(StoredForm.DELTA, fx.store.head("ranges/app/app-2.tar").form());
    int part = 1 << 20;
    for (int at = 0; at < v2.length; at += part) {
      int end = Math.min(v2.length, at + part) - 1;
      assertArrayEquals(Arrays.copyOfRange(v2, at, end + 1), range("app/app-2.tar", "bytes=" + at + "-" + end));
    }
    assertArrayEquals(Arrays.copyOfRange(v2, v2.length - 5, v2.length), range("app/app-2.tar", "bytes=-5"));
    assertArrayEquals(v2, s3.getObjectAsBytes(b -> b.bucket("ranges").key("app/app-2.tar").partNumber(1)).asByteArray());
  }
}
