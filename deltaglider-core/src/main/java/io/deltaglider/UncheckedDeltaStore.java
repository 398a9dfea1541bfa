package io.deltaglider;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;

/**
 * A {@link DeltaStore} whose calls throw {@link UncheckedDeltaStoreException} instead of checked
 * exceptions, for lambdas and streams ({@link DeltaStore#unchecked()}). Same store, same
 * semantics; closing the store closes this view.
 */
public final class UncheckedDeltaStore {
  private final DeltaStore store;

  UncheckedDeltaStore(DeltaStore store) {
    this.store = store;
  }

  /** The checked store behind this view. */
  public DeltaStore checked() {
    return store;
  }

  private interface Call<T> {
    T run() throws DeltaStoreException;
  }

  private static <T> T unchecked(Call<T> call) {
    try {
      return call.run();
    } catch (DeltaStoreException e) {
      throw new UncheckedDeltaStoreException(e);
    }
  }

  /** {@link DeltaStore#put(String, byte[], PutOptions)}. */
  public PutResult put(String key, byte[] content, PutOptions options) {
    return unchecked(() -> store.put(key, content, options));
  }

  /** {@link DeltaStore#put(String, byte[])}. */
  public PutResult put(String key, byte[] content) {
    return unchecked(() -> store.put(key, content));
  }

  /** {@link DeltaStore#put(String, Path, PutOptions)}. */
  public PutResult put(String key, Path file, PutOptions options) {
    return unchecked(() -> store.put(key, file, options));
  }

  /** {@link DeltaStore#put(String, Path)}. */
  public PutResult put(String key, Path file) {
    return unchecked(() -> store.put(key, file));
  }

  /** {@link DeltaStore#put(String, InputStream, PutOptions)}. */
  public PutResult put(String key, InputStream content, PutOptions options) {
    return unchecked(() -> store.put(key, content, options));
  }

  /** {@link DeltaStore#get(String, CallOptions)}. */
  public byte[] get(String key, CallOptions options) {
    return unchecked(() -> store.get(key, options));
  }

  /** {@link DeltaStore#get(String)}. */
  public byte[] get(String key) {
    return unchecked(() -> store.get(key));
  }

  /** {@link DeltaStore#open(String)}. */
  public InputStream open(String key) {
    return unchecked(() -> store.open(key));
  }

  /** {@link DeltaStore#open(String, ByteRange)}. */
  public RangeStream open(String key, ByteRange range) {
    return unchecked(() -> store.open(key, range));
  }

  /** {@link DeltaStore#copyTo(String, Path, CallOptions)}. */
  public ObjectInfo copyTo(String key, Path target, CallOptions options) {
    return unchecked(() -> store.copyTo(key, target, options));
  }

  /** {@link DeltaStore#copyTo(String, Path)}. */
  public ObjectInfo copyTo(String key, Path target) {
    return unchecked(() -> store.copyTo(key, target));
  }

  /** {@link DeltaStore#head}. */
  public ObjectInfo head(String key) {
    return unchecked(() -> store.head(key));
  }

  /** {@link DeltaStore#exists}. */
  public boolean exists(String key) {
    return unchecked(() -> store.exists(key));
  }

  /** {@link DeltaStore#delete(String)}. */
  public boolean delete(String key) {
    return unchecked(() -> store.delete(key));
  }

  /** {@link DeltaStore#deleteAll}. */
  public void deleteAll(Collection<String> keys) {
    unchecked(() -> {
      store.deleteAll(keys);
      return null;
    });
  }

  /** {@link DeltaStore#copy}. */
  public PutResult copy(String from, String to) {
    return unchecked(() -> store.copy(from, to));
  }

  /** {@link DeltaStore#list}. */
  public ListPage list(String prefix, String delimiter, String startAfter, String continuationToken, int maxKeys) {
    return unchecked(() -> store.list(prefix, delimiter, startAfter, continuationToken, maxKeys));
  }

  /** {@link DeltaStore#listAll}. */
  public List<ObjectSummary> listAll(String prefix) {
    return unchecked(() -> store.listAll(prefix));
  }

  /** {@link DeltaStore#stats}. */
  public StoreStats stats(String prefix) {
    return unchecked(() -> store.stats(prefix));
  }

  /** {@link DeltaStore#verify}. */
  public VerifyReport verify(String keyOrPrefix) {
    return unchecked(() -> store.verify(keyOrPrefix));
  }
}
