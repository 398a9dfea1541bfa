package io.deltaglider.proxy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.deltaglider.DeltaStoreException;
import io.deltaglider.StoredForm;
import io.deltaglider.spi.BlobInfo;
import io.deltaglider.spi.ForwardingBackend;
import io.deltaglider.spi.StorageBackend;
import io.deltaglider.storage.fs.FileSystemBackend;
import io.deltaglider.vcdiff.testing.TestData;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * What a HEAD and a GET of a stored delta cost the backend in HEAD requests (each one a round trip
 * on S3): the object's metadata is read once per look, not once more to work out its ETag.
 */
class BackendHeadsTest {
  @TempDir
  Path dir;

  /** Counts the backend's heads. */
  static final class CountingHeads extends ForwardingBackend {
    final AtomicInteger heads = new AtomicInteger();

    CountingHeads(StorageBackend delegate) {
      super(delegate);
    }

    @Override
    public Optional<BlobInfo> head(String key) throws DeltaStoreException {
      heads.incrementAndGet();
      return super.head(key);
    }
  }

  @Test
  void aHeadOfADeltaIsOneBackendHeadAndAGetFour() throws Exception {
    CountingHeads backend = new CountingHeads(FileSystemBackend.open(dir.resolve("store")));
    byte[] v1 = TestData.text(41, 300_000);
    byte[] v2 = TestData.edited(v1, 42, 20, 100, false);
    try (GatewayFixture fx = GatewayFixture.over(dir, backend); S3Client s3 = fx.client()) {
      s3.putObject(b -> b.bucket("rel").key("app/v1.tar"), RequestBody.fromBytes(v1));
      s3.putObject(b -> b.bucket("rel").key("app/v2.tar"), RequestBody.fromBytes(v2));
      assertEquals(StoredForm.DELTA, fx.store.head("rel/app/v2.tar").form());

      backend.heads.set(0);
      s3.headObject(b -> b.bucket("rel").key("app/v2.tar"));
      assertEquals(1, backend.heads.get(), "heads for a HEAD");

      backend.heads.set(0);
      assertArrayEquals(v2, s3.getObjectAsBytes(b -> b.bucket("rel").key("app/v2.tar")).asByteArray());
      // The object before the read, in the read, its reference, and the object after the read.
      assertEquals(4, backend.heads.get(), "heads for a GET");
    }
  }
}
