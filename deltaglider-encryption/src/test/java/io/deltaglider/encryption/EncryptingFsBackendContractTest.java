package io.deltaglider.encryption;

import io.deltaglider.spi.StorageBackend;
import io.deltaglider.storage.fs.FileSystemBackend;
import io.deltaglider.testkit.StorageBackendContract;

/** The contract again over the filesystem backend, whose writes stream the payload to a temp file. */
class EncryptingFsBackendContractTest extends StorageBackendContract {
  @Override
  protected StorageBackend newBackend() throws Exception {
    return EncryptingBackend.wrap(FileSystemBackend.builder(tempDir.resolve("store")).fsync(false).build(),
        Keys.fresh(Keys.SEG_1MB));
  }
}
