package io.deltaglider.encryption;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deltaglider.DeltaStore;
import io.deltaglider.ObjectSummary;
import io.deltaglider.VerifyReport;
import io.deltaglider.spi.BlobInfo;
import io.deltaglider.spi.BlobQuery;
import io.deltaglider.spi.StorageBackend;
import io.deltaglider.storage.s3.S3Backend;
import io.deltaglider.testkit.S3TestServer;
import io.deltaglider.testkit.StorageBackendContract;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The contract over S3 (S3Proxy on loopback), whose listings carry no metadata, whose ranged gets
 * are Range requests and whose metadata is HTTP headers; and the store on top of it.
 */
class EncryptingS3BackendContractTest extends StorageBackendContract {
  private static S3TestServer server;

  @BeforeAll
  static void startServer() throws Exception {
    server = new S3TestServer();
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  private static S3Backend s3() {
    return S3Backend.builder().endpoint(server.endpoint()).region("us-east-1").pathStyle(true)
        .credentials(S3TestServer.ACCESS_KEY, S3TestServer.SECRET_KEY).bucket(server.newBucket()).prefix("root").build();
  }

  @Override
  protected StorageBackend newBackend() throws Exception {
    return EncryptingBackend.wrap(s3(), Keys.fresh(Keys.SEG_4KB));
  }

  @Test
  void theStoreOnEncryptedS3WithNonAsciiNamesRangesAndListings() throws Exception {
    S3Backend inner = s3();
    EncryptingBackend b = EncryptingBackend.wrap(inner, Keys.fresh(Keys.SEG_4KB));
    byte[] v1 = Fixtures.random(300_000, 1);
    byte[] v2 = Fixtures.nextVersion(v1, 2);
    try (DeltaStore store = DeltaStore.builder().backend(b).closeBackendOnClose(false).build()) {
      store.put("r\u00e9l/caf\u00e9-1.zip", v1);
      store.put("r\u00e9l/caf\u00e9-2.zip", v2);
      assertArrayEquals(v2, store.get("r\u00e9l/caf\u00e9-2.zip"));
      try (InputStream in = b.get("r\u00e9l/caf\u00e9-1.zip.delta", 0, 1)) {
        assertEquals(1, in.readAllBytes().length);
      }
      try (InputStream in = b.get("r\u00e9l/reference.bin", 100_000, 50)) {
        assertArrayEquals(Arrays.copyOfRange(v1, 100_000, 100_050), in.readAllBytes());
      }
      // S3 listings carry no metadata: a delta's original size is in a detailed listing only.
      assertEquals(-1, store.listAll("r\u00e9l/").get(1).size());
      List<ObjectSummary> listed = store.listDetailed("r\u00e9l/", null, null, null, 1000).objects();
      assertEquals(2, listed.size());
      assertEquals(v2.length, listed.get(1).size());
      VerifyReport report = store.verify("r\u00e9l/");
      assertTrue(report.ok(), report.toString());
    }
    for (BlobInfo raw : inner.list(BlobQuery.under("")).objects()) {
      assertTrue(raw.metadata().isEmpty(), "S3 listings carry no metadata");
      assertEquals(b.head(raw.key()).orElseThrow().size(), b.list(BlobQuery.under(raw.key())).objects().get(0).size());
      String name = inner.head(raw.key()).orElseThrow().metadata().get("dg-original-name");
      assertTrue(name.startsWith("=?UTF-8?B?") || name.equals("__reference__"), name);
    }
  }
}
