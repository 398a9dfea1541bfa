package io.deltaglider.testkit.example;

import io.deltaglider.DeltaStoreException;
import io.deltaglider.spi.ForwardingBackend;
import io.deltaglider.spi.Payload;
import io.deltaglider.spi.StorageBackend;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** Counts the bytes written through it; everything else goes to the backend it wraps. */
public final class MeteredBackend extends ForwardingBackend {
  private final LongAdder written = new LongAdder();

  public MeteredBackend(StorageBackend delegate) {
    super(delegate);
  }

  @Override
  public void put(String key, Payload content, Map<String, String> metadata) throws DeltaStoreException {
    super.put(key, content, metadata);
    written.add(content.length());
  }

  @Override
  public void putIfAbsent(String key, Payload content, Map<String, String> metadata) throws DeltaStoreException {
    super.putIfAbsent(key, content, metadata);
    written.add(content.length());
  }

  public long bytesWritten() {
    return written.sum();
  }
}
