package io.deltaglider.spi;

import io.deltaglider.BackendException;
import io.deltaglider.DeltaStore;
import io.deltaglider.DeltaStoreException;
import io.deltaglider.ObjectExistsException;
import io.deltaglider.ObjectNotFoundException;
import io.deltaglider.StorageFullException;
import java.io.Closeable;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Raw object storage under a {@link DeltaStore}: keys to bytes plus string metadata. Backends are
 * deliberately dumb: keys, deltas, references, hashing and policy all live in the store. Every
 * backend must pass the contract suite of the {@code deltaglider-testkit} artifact
 * ({@code io.deltaglider.testkit.StorageBackendContract}).
 *
 * <p>Keys handed to a backend are already validated by the store: non-empty {@code /}-separated
 * segments, no {@code .}/{@code ..}, no control characters or backslashes. Metadata names are
 * lower-case ASCII ({@code dg-file-sha256}, ...), values printable ASCII.
 *
 * <p>Implementations are thread-safe. Failures are reported as {@link DeltaStoreException}
 * subclasses: {@link ObjectNotFoundException}, {@link StorageFullException},
 * {@link ObjectExistsException}, and {@link BackendException} for the rest.
 */
public interface StorageBackend extends Closeable {

  /**
   * Stores {@code content} with {@code metadata} under {@code key}, replacing any object there.
   * Atomic: readers see the previous object or the complete new one with its metadata, never a
   * part; if this throws, nothing new is visible.
   */
  void put(String key, Payload content, Map<String, String> metadata) throws DeltaStoreException;

  /**
   * Like {@link #put}, but only if no object exists under {@code key}.
   *
   * @throws ObjectExistsException if one does
   */
  void putIfAbsent(String key, Payload content, Map<String, String> metadata) throws DeltaStoreException;

  /**
   * Whether {@link #putIfAbsent} is atomic across processes (e.g. S3 {@code If-None-Match: *}, an
   * exclusive link on a filesystem). When false it is check-then-put, safe within one store only.
   */
  boolean supportsAtomicPutIfAbsent();

  /** Size and metadata of the object, or empty if there is none. */
  Optional<BlobInfo> head(String key) throws DeltaStoreException;

  /**
   * Opens the object's bytes for reading; the caller closes the stream.
   *
   * @throws ObjectNotFoundException if there is no such object
   */
  InputStream get(String key) throws DeltaStoreException;

  /**
   * Opens at most {@code length} bytes of the object from {@code offset} (fewer where it ends;
   * none past its end); the caller closes the stream. The default reads and discards the bytes
   * before {@code offset}: a backend that can read a range directly (an S3 {@code Range} request,
   * a file's position) overrides it.
   *
   * @throws ObjectNotFoundException if there is no such object
   * @throws IllegalArgumentException if {@code offset} or {@code length} is negative
   */
  default InputStream get(String key, long offset, long length) throws DeltaStoreException {
    if (offset < 0 || length < 0) {
      throw new IllegalArgumentException("offset and length must not be negative: " + offset + ", " + length);
    }
    InputStream in = get(key);
    try {
      long skipped = in.skip(offset);
      while (skipped < offset) {
        if (in.read() < 0) {
          break;
        }
        skipped += 1 + in.skip(offset - skipped - 1);
      }
    } catch (java.io.IOException e) {
      try {
        in.close();
      } catch (java.io.IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw new BackendException("reading " + key + " from " + offset + " failed: " + e, e);
    }
    return new RangeInputStream(in, length);
  }

  /**
   * Deletes every key there is an object under; missing keys are not an error. The default deletes
   * one by one; a backend with a batch delete (S3 DeleteObjects, up to 1,000 keys a request)
   * overrides it.
   */
  default void deleteAll(java.util.Collection<String> keys) throws DeltaStoreException {
    for (String key : keys) {
      deleteIfPresent(key);
    }
  }

  /** Deletes the object; returns false if there was none. */
  boolean delete(String key) throws DeltaStoreException;

  /**
   * Deletes the object if there is one, without saying whether there was. The store calls this
   * where it does not need {@link #delete}'s answer (every delta put clears a stale whole copy), so
   * a backend that pays for that answer, as S3 does with a HEAD, should override it with a plain
   * delete. Deleting a missing key is not an error.
   */
  default void deleteIfPresent(String key) throws DeltaStoreException {
    delete(key);
  }

  /** One page of a listing; see {@link BlobQuery} for the meaning. */
  BlobPage list(BlobQuery query) throws DeltaStoreException;

  /**
   * Replaces the metadata of an existing object without rewriting its bytes (S3 CopyObject with
   * REPLACE), used to migrate legacy metadata spellings.
   *
   * @throws ObjectNotFoundException if there is no such object
   */
  void replaceMetadata(String key, Map<String, String> metadata) throws DeltaStoreException;

  /**
   * What the backend holds under the raw-key {@code prefix} that is not an object: leftovers of
   * writes that never finished, data whose metadata is missing or damaged, entries it cannot read.
   * Listings skip these (they are not objects), so {@link DeltaStore#verify} asks here to report
   * them. May walk everything under the prefix. The default finds none, which is right for a
   * backend whose writes are atomic and whose objects always carry their metadata.
   */
  default List<StorageProblem> problems(String prefix) throws DeltaStoreException {
    return List.of();
  }

  /**
   * Removes the {@link StorageProblem.Kind#LEFTOVER}s under the raw-key {@code prefix} (temp files
   * of killed writers), never an object, a write in progress, or bytes that may be a damaged
   * object. Returns what was removed. The default removes nothing.
   */
  default List<StorageProblem> removeLeftovers(String prefix) throws DeltaStoreException {
    return List.of();
  }

  /** A short description for logs and messages, e.g. {@code s3://bucket/prefix}. */
  String describe();

  @Override
  default void close() {}
}
