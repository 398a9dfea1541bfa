package io.deltaglider;

class InMemoryBackendTest extends StorageBackendContract {
  @Override
  protected StorageBackend newBackend() {
    return new InMemoryBackend();
  }
}
