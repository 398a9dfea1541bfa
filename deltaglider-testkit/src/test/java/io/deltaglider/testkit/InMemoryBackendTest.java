package io.deltaglider.testkit;

import io.deltaglider.spi.InMemoryBackend;
import io.deltaglider.spi.StorageBackend;

class InMemoryBackendTest extends StorageBackendContract {
  @Override
  protected StorageBackend newBackend() {
    return new InMemoryBackend();
  }
}
