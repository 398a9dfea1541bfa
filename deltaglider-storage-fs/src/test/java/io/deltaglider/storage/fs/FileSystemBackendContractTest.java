package io.deltaglider.storage.fs;

import io.deltaglider.spi.StorageBackend;
import io.deltaglider.testkit.StorageBackendContract;

/** The core contract, with metadata in extended attributes (as the DeltaGlider proxy keeps it). */
class FileSystemBackendContractTest extends StorageBackendContract {
  @Override
  protected StorageBackend newBackend() throws Exception {
    FileSystemBackend b = FileSystemBackend.builder(tempDir.resolve("store"))
        .metadataStorage(FileSystemBackend.MetadataStorage.XATTR)
        .build();
    return b;
  }
}
