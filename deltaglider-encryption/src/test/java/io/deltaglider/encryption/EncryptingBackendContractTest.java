package io.deltaglider.encryption;

import io.deltaglider.spi.InMemoryBackend;
import io.deltaglider.spi.StorageBackend;
import io.deltaglider.testkit.StorageBackendContract;

/** The decorator is a backend like any other: the whole contract, over the in-memory backend. */
class EncryptingBackendContractTest extends StorageBackendContract {
  @Override
  protected StorageBackend newBackend() throws Exception {
    return EncryptingBackend.wrap(new InMemoryBackend(), Keys.fresh(Keys.SEG_4KB));
  }
}
