package io.deltaglider.storage.fs;

import io.deltaglider.spi.StorageBackend;
import io.deltaglider.testkit.StorageBackendContract;

/** The core contract, with metadata in sidecar files (filesystems without user extended attributes). */
class SidecarBackendContractTest extends StorageBackendContract {
  @Override
  protected StorageBackend newBackend() throws Exception {
    return FileSystemBackend.builder(tempDir.resolve("store"))
        .metadataStorage(FileSystemBackend.MetadataStorage.SIDECAR)
        .build();
  }
}
