package io.deltaglider.storage.s3;

import io.deltaglider.spi.StorageBackend;
import io.deltaglider.testkit.StorageBackendContract;
import java.nio.file.Files;
import java.nio.file.Path;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The contract suite against S3Proxy's filesystem blob store in a temp directory (objects as files, metadata in xattrs). */
class S3BackendFilesystemContractTest extends StorageBackendContract {
  private static Path dir;
  private static S3Fixture server;

  @BeforeAll
  static void startServer() throws Exception {
    dir = Files.createTempDirectory("dg-s3proxy-fs");
    server = new S3Fixture(new FilesystemNio2BlobStore(dir.toString()));
  }

  @AfterAll
  static void stopServer() throws Exception {
    server.close();
    try (var walk = Files.walk(dir)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  @Override
  protected StorageBackend newBackend() {
    return server.backend().bucket(server.newBucket()).build();
  }
}
