package io.deltaglider.testkit;

import io.deltaglider.spi.StorageBackend;
import java.nio.file.Files;

/** The test-only filesystem backend behind LargeObjectTest passes the backend contract too. */
class FileTreeBackendTest extends StorageBackendContract {
  @Override
  protected StorageBackend newBackend() throws Exception {
    return new FileTreeBackend(Files.createTempDirectory(tempDir, "b"));
  }
}
