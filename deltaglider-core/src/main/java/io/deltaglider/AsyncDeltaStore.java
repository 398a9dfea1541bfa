package io.deltaglider;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * A {@link DeltaStore} whose calls run on an executor and return {@link CompletableFuture}s
 * ({@link DeltaStore#async()}). A failed call completes its future exceptionally with the
 * store's {@link DeltaStoreException} (wrapped in a {@link CompletionException} where
 * {@code CompletableFuture} does so). Cancelling a future does not stop the work behind it: give
 * the call a {@link CancellationToken} in its {@link CallOptions} for that. The calls block their
 * executor thread while they do I/O, so use an executor sized for blocking work (the default is).
 */
public final class AsyncDeltaStore {
  private final DeltaStore store;
  private final Executor executor;

  AsyncDeltaStore(DeltaStore store, Executor executor) {
    this.store = store;
    this.executor = executor;
  }

  /** The blocking store behind this view. */
  public DeltaStore blocking() {
    return store;
  }

  private interface Call<T> {
    T run() throws DeltaStoreException;
  }

  private <T> CompletableFuture<T> async(Call<T> call) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        return call.run();
      } catch (DeltaStoreException e) {
        throw new CompletionException(e);
      }
    }, executor);
  }

  /** {@link DeltaStore#put(String, byte[], PutOptions)}; the array must not change until the future completes. */
  public CompletableFuture<PutResult> put(String key, byte[] content, PutOptions options) {
    return async(() -> store.put(key, content, options));
  }

  /** {@link DeltaStore#put(String, byte[])}; the array must not change until the future completes. */
  public CompletableFuture<PutResult> put(String key, byte[] content) {
    return async(() -> store.put(key, content));
  }

  /** {@link DeltaStore#put(String, Path, PutOptions)}. */
  public CompletableFuture<PutResult> put(String key, Path file, PutOptions options) {
    return async(() -> store.put(key, file, options));
  }

  /** {@link DeltaStore#put(String, Path)}. */
  public CompletableFuture<PutResult> put(String key, Path file) {
    return async(() -> store.put(key, file));
  }

  /** {@link DeltaStore#put(String, InputStream, PutOptions)}: the stream is read on the executor's thread. */
  public CompletableFuture<PutResult> put(String key, InputStream content, PutOptions options) {
    return async(() -> store.put(key, content, options));
  }

  /** {@link DeltaStore#get(String, CallOptions)}. */
  public CompletableFuture<byte[]> get(String key, CallOptions options) {
    return async(() -> store.get(key, options));
  }

  /** {@link DeltaStore#get(String)}. */
  public CompletableFuture<byte[]> get(String key) {
    return async(() -> store.get(key));
  }

  /** {@link DeltaStore#open(String)}: completes once the object is verified. */
  public CompletableFuture<InputStream> open(String key) {
    return async(() -> store.open(key));
  }

  /** {@link DeltaStore#open(String, ByteRange)}: completes once the range is verified. */
  public CompletableFuture<RangeStream> open(String key, ByteRange range) {
    return async(() -> store.open(key, range));
  }

  /** {@link DeltaStore#copyTo(String, Path, CallOptions)}. */
  public CompletableFuture<ObjectInfo> copyTo(String key, Path target, CallOptions options) {
    return async(() -> store.copyTo(key, target, options));
  }

  /** {@link DeltaStore#copyTo(String, Path)}. */
  public CompletableFuture<ObjectInfo> copyTo(String key, Path target) {
    return async(() -> store.copyTo(key, target));
  }

  /** {@link DeltaStore#head}. */
  public CompletableFuture<ObjectInfo> head(String key) {
    return async(() -> store.head(key));
  }

  /** {@link DeltaStore#exists}. */
  public CompletableFuture<Boolean> exists(String key) {
    return async(() -> store.exists(key));
  }

  /** {@link DeltaStore#delete(String)}. */
  public CompletableFuture<Boolean> delete(String key) {
    return async(() -> store.delete(key));
  }

  /** {@link DeltaStore#deleteAll}. */
  public CompletableFuture<Void> deleteAll(Collection<String> keys) {
    return async(() -> {
      store.deleteAll(keys);
      return null;
    });
  }

  /** {@link DeltaStore#copy}. */
  public CompletableFuture<PutResult> copy(String from, String to) {
    return async(() -> store.copy(from, to));
  }

  /** {@link DeltaStore#list}. */
  public CompletableFuture<ListPage> list(String prefix, String delimiter, String startAfter, String continuationToken,
      int maxKeys) {
    return async(() -> store.list(prefix, delimiter, startAfter, continuationToken, maxKeys));
  }

  /** {@link DeltaStore#listAll}. */
  public CompletableFuture<List<ObjectSummary>> listAll(String prefix) {
    return async(() -> store.listAll(prefix));
  }

  /** {@link DeltaStore#stats}. */
  public CompletableFuture<StoreStats> stats(String prefix) {
    return async(() -> store.stats(prefix));
  }

  /** {@link DeltaStore#verify}. */
  public CompletableFuture<VerifyReport> verify(String keyOrPrefix) {
    return async(() -> store.verify(keyOrPrefix));
  }
}
