package io.deltaglider.spi;

import io.deltaglider.DeltaStoreException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A backend that forwards every call to another: the base of decorators (fault injection in
 * tests, encryption, metrics). Override what the decorator changes; everything else, including
 * {@link #close()}, reaches the delegate.
 */
public abstract class ForwardingBackend implements StorageBackend {
  private final StorageBackend delegate;

  /**
   * A backend forwarding to {@code delegate}.
   *
   * @param delegate the backend calls go to (not null)
   */
  protected ForwardingBackend(StorageBackend delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  /** The backend calls are forwarded to. */
  protected final StorageBackend delegate() {
    return delegate;
  }

  @Override
  public void put(String key, Payload content, Map<String, String> metadata) throws DeltaStoreException {
    delegate.put(key, content, metadata);
  }

  @Override
  public void putIfAbsent(String key, Payload content, Map<String, String> metadata) throws DeltaStoreException {
    delegate.putIfAbsent(key, content, metadata);
  }

  @Override
  public boolean supportsAtomicPutIfAbsent() {
    return delegate.supportsAtomicPutIfAbsent();
  }

  @Override
  public Optional<BlobInfo> head(String key) throws DeltaStoreException {
    return delegate.head(key);
  }

  @Override
  public InputStream get(String key) throws DeltaStoreException {
    return delegate.get(key);
  }

  @Override
  public InputStream get(String key, long offset, long length) throws DeltaStoreException {
    return delegate.get(key, offset, length);
  }

  @Override
  public void deleteAll(java.util.Collection<String> keys) throws DeltaStoreException {
    delegate.deleteAll(keys);
  }

  @Override
  public boolean delete(String key) throws DeltaStoreException {
    return delegate.delete(key);
  }

  @Override
  public void deleteIfPresent(String key) throws DeltaStoreException {
    delegate.deleteIfPresent(key);
  }

  @Override
  public BlobPage list(BlobQuery query) throws DeltaStoreException {
    return delegate.list(query);
  }

  @Override
  public void replaceMetadata(String key, Map<String, String> metadata) throws DeltaStoreException {
    delegate.replaceMetadata(key, metadata);
  }

  @Override
  public List<StorageProblem> problems(String prefix) throws DeltaStoreException {
    return delegate.problems(prefix);
  }

  @Override
  public List<StorageProblem> removeLeftovers(String prefix) throws DeltaStoreException {
    return delegate.removeLeftovers(prefix);
  }

  @Override
  public String describe() {
    return getClass().getSimpleName() + "(" + delegate.describe() + ")";
  }

  @Override
  public void close() {
    delegate.close();
  }
}
