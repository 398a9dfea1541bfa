package io.deltaglider.testkit.example;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.deltaglider.spi.InMemoryBackend;
import io.deltaglider.spi.Payload;
import io.deltaglider.spi.StorageBackend;
import io.deltaglider.testkit.StorageBackendContract;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The whole contract suite runs against the decorator; one test of its own checks the metering. */
class MeteredBackendTest extends StorageBackendContract {
  @Override
  protected StorageBackend newBackend() {
    return new MeteredBackend(new InMemoryBackend());
  }

  @Test
  void countsTheBytesWritten() throws Exception {
    backend.put("a/b.bin", Payload.of(new byte[42]), Map.of());
    assertEquals(42, ((MeteredBackend) backend).bytesWritten());
  }
}
