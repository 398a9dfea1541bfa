package io.deltaglider.spi;

import io.deltaglider.BackendException;
import io.deltaglider.DeltaStoreException;
import io.deltaglider.ObjectExistsException;
import io.deltaglider.ObjectNotFoundException;
import io.deltaglider.ObjectTooLargeException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;

/** A {@link StorageBackend} in the heap: for tests, caches and small embedded uses. Thread-safe. */
public final class InMemoryBackend implements StorageBackend {
  private static final long MAX_OBJECT = Integer.MAX_VALUE - 16;

  private final ConcurrentNavigableMap<String, Entry> objects = new ConcurrentSkipListMap<>(BlobListings.UTF8_ORDER);
  private final Clock clock;

  private static final class Entry {
    final byte[] bytes;
    final Map<String, String> metadata;
    final Instant stored;

    Entry(byte[] bytes, Map<String, String> metadata, Instant stored) {
      this.bytes = bytes;
      this.metadata = Map.copyOf(metadata);
      this.stored = stored;
    }
  }

  /** An empty backend stamping objects with the system UTC clock. */
  public InMemoryBackend() {
    this(Clock.systemUTC());
  }

  /**
   * An empty backend stamping objects with {@code clock} (for tests that need fixed times).
   *
   * @param clock gives each stored object's last-modified time (not null)
   */
  public InMemoryBackend(Clock clock) {
    this.clock = clock;
  }

  private Entry read(String key, Payload content, Map<String, String> metadata) throws DeltaStoreException {
    if (content.length() > MAX_OBJECT) {
      throw new ObjectTooLargeException(key, content.length(), MAX_OBJECT);
    }
    try (InputStream in = content.open()) {
      byte[] bytes = in.readNBytes((int) content.length());
      if (bytes.length != content.length() || in.read() >= 0) {
        throw new BackendException("payload for " + key + " is not " + content.length() + " bytes long");
      }
      return new Entry(bytes, metadata, clock.instant());
    } catch (IOException e) {
      if (e instanceof DeltaStoreException) {
        throw (DeltaStoreException) e;
      }
      throw new BackendException("reading the payload for " + key + " failed: " + e.getMessage(), e);
    }
  }

  @Override
  public void put(String key, Payload content, Map<String, String> metadata) throws DeltaStoreException {
    objects.put(key, read(key, content, metadata));
  }

  @Override
  public void putIfAbsent(String key, Payload content, Map<String, String> metadata) throws DeltaStoreException {
    if (objects.putIfAbsent(key, read(key, content, metadata)) != null) {
      throw new ObjectExistsException(key);
    }
  }

  @Override
  public boolean supportsAtomicPutIfAbsent() {
    return true;
  }

  @Override
  public Optional<BlobInfo> head(String key) {
    Entry e = objects.get(key);
    return e == null ? Optional.empty() : Optional.of(info(key, e));
  }

  private static BlobInfo info(String key, Entry e) {
    return new BlobInfo(key, e.bytes.length, e.metadata, e.stored);
  }

  @Override
  public InputStream get(String key) throws ObjectNotFoundException {
    Entry e = objects.get(key);
    if (e == null) {
      throw new ObjectNotFoundException(key);
    }
    return new ByteArrayInputStream(e.bytes);
  }

  @Override
  public boolean delete(String key) {
    return objects.remove(key) != null;
  }

  @Override
  public BlobPage list(BlobQuery query) {
    String from = query.prefix();
    return BlobListings.paginate(
        objects.tailMap(from, true).entrySet().stream().map(e -> info(e.getKey(), e.getValue())).iterator(),
        query);
  }

  @Override
  public void replaceMetadata(String key, Map<String, String> metadata) throws ObjectNotFoundException {
    Entry replaced = objects.computeIfPresent(key, (k, e) -> new Entry(e.bytes, metadata, e.stored));
    if (replaced == null) {
      throw new ObjectNotFoundException(key);
    }
  }

  /** Overwrites stored bytes in place, bypassing every check: for corruption tests. */
  public void corrupt(String key, int offset, byte xor) throws ObjectNotFoundException {
    Entry e = objects.get(key);
    if (e == null) {
      throw new ObjectNotFoundException(key);
    }
    e.bytes[offset] ^= xor;
  }

  /** Number of raw objects stored (references and deltas included). */
  public int size() {
    return objects.size();
  }

  @Override
  public String describe() {
    return "memory";
  }
}
