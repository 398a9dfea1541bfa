package io.deltaglider.storage.s3;

import io.deltaglider.spi.StorageBackend;
import io.deltaglider.testkit.StorageBackendContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The core contract suite against S3Proxy on loopback, each test in a fresh bucket under a root prefix. */
class S3BackendContractTest extends StorageBackendContract {
  private static S3Fixture server;

  @BeforeAll
  static void startServer() throws Exception {
    server = new S3Fixture();
  }

  @AfterAll
  static void stopServer() throws Exception {
    server.close();
  }

  @Override
  protected StorageBackend newBackend() {
    return server.backend().bucket(server.newBucket()).prefix("root/prefix").build();
  }
}
