package io.deltaglider.proxy;

import io.deltaglider.BackendException;
import io.deltaglider.ContentChangedException;
import io.deltaglider.DeltaStore;
import io.deltaglider.DeltaStoreException;
import io.deltaglider.IntegrityException;
import io.deltaglider.InvalidKeyException;
import io.deltaglider.ListPage;
import io.deltaglider.ObjectInfo;
import io.deltaglider.ObjectNotFoundException;
import io.deltaglider.RangeNotSatisfiableException;
import io.deltaglider.RangeStream;
import io.deltaglider.ObjectTooLargeException;
import io.deltaglider.PutOptions;
import io.deltaglider.PutResult;
import io.deltaglider.StorageFullException;
import io.deltaglider.spi.KeyRules;
import io.deltaglider.storage.fs.FileSystemBackend;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;

/**
 * Every call the gateway makes into {@link DeltaStore} and its backend, and the mapping of the
 * store's exceptions to S3 errors. Kept in one class so that changes of the store's API (explicit
 * start-after and continuation token in listings, ETags on results, ranged opens) touch this file
 * only.
 *
 * <p>How S3's view of an object is made from the store's:
 * <ul>
 *   <li>ETag: the MD5 of the original ({@code dg-md5}) from the backend's metadata of the object's
 *       raw key, paired with the store's view of the object by SHA-256 (written before the store's
 *       own {@code ObjectInfo#etag()}, which reads the same {@code dg-md5}, existed).
 *       Objects without it get a tag derived from their SHA-256, marked as not an MD5 by a
 *       {@code -1} suffix (as a multipart ETag is), so no client takes it for one.
 *   <li>Ranges: {@link DeltaStore#open(String, long, long)}, whose every byte is verified before
 *       it is returned, checked against the version whose metadata answered the request.
 *   <li>Listings: the store's start-after and continuation token, passed as S3 gives them.
 * </ul>
 */
final class StoreAccess {
  private static final int MAX_OPEN_ATTEMPTS = 3;

  private final DeltaStore store;
  private final long maxObjectSize;

  StoreAccess(DeltaStore store, long maxObjectSize) {
    this.store = store;
    this.maxObjectSize = maxObjectSize;
  }

  long maxObjectSize() {
    return maxObjectSize;
  }

  /** The buckets of this store: top-level directories of a local store, top-level prefixes otherwise. */
  Buckets buckets() {
    if (store.backend() instanceof FileSystemBackend fs) {
      return new DirectoryBuckets(fs.root(), this);
    }
    return new PrefixBuckets(this);
  }

  /** An object's metadata, or {@code NoSuchKey}. */
  ObjectMeta head(String key) {
    try {
      ObjectInfo info = store.head(key);
      return describe(key, info);
    } catch (ObjectNotFoundException | InvalidKeyException e) {
      throw noSuchKey(key);
    } catch (DeltaStoreException e) {
      throw map(e, key);
    }
  }

  /** An object's verified bytes with the metadata of exactly that version. */
  OpenedObject open(String key) {
    return open(key, null);
  }

  /** As {@link #open(String)}; with {@code expected}, that version or {@code ServiceUnavailable}. */
  OpenedObject open(String key, ObjectMeta expected) {
    try {
      for (int attempt = 0; attempt < MAX_OPEN_ATTEMPTS; attempt++) {
        String before = versionOf(store.head(key));
        if (expected != null && !expected.version().equals(before)) {
          break; // replaced since the request's metadata was read
        }
        InputStream in = store.open(key);
        ObjectMeta after = describe(key, store.head(key));
        // The store verified what it opened; if the object did not change around the open, that
        // is the version the metadata describes. Otherwise look again.
        if (before.equals(after.version())) {
          return new OpenedObject(after, in);
        }
        closeQuietly(in);
      }
      throw new S3Exception(S3ErrorCode.SERVICE_UNAVAILABLE, "The object is being replaced; try again");
    } catch (ObjectNotFoundException | InvalidKeyException e) {
      throw noSuchKey(key);
    } catch (DeltaStoreException e) {
      throw map(e, key);
    }
  }

  /**
   * Bytes {@code [first, first + length)} of the version {@code meta} describes, verified by the
   * store's range read (only the chunks a range covers for a whole object with chunk digests; one
   * verified reconstruction shared by the ranges of a delta), or {@code ServiceUnavailable} if the
   * object was replaced meanwhile.
   */
  InputStream openRange(String key, ObjectMeta meta, long first, long length) {
    try {
      RangeStream in = store.open(key, first, length);
      if (!describe(key, store.head(key)).version().equals(meta.version())) {
        closeQuietly(in);
        throw new S3Exception(S3ErrorCode.SERVICE_UNAVAILABLE, "The object is being replaced; try again");
      }
      return in;
    } catch (ObjectNotFoundException | InvalidKeyException e) {
      throw noSuchKey(key);
    } catch (RangeNotSatisfiableException e) {
      throw new S3Exception(S3ErrorCode.SERVICE_UNAVAILABLE, "The object is being replaced; try again");
    } catch (DeltaStoreException e) {
      throw map(e, key);
    }
  }

  PutResult put(String key, ReceivedBody body, PutOptions options) {
    try {
      return body.bytes() != null ? store.put(key, body.bytes(), options) : store.put(key, body.file(), options);
    } catch (DeltaStoreException e) {
      throw map(e, key);
    }
  }

  PutResult put(String key, InputStream content, PutOptions options) {
    try {
      return store.put(key, content, options);
    } catch (DeltaStoreException e) {
      throw map(e, key);
    }
  }

  /** Deletes an object; a missing object, or a key the store cannot hold, is no error (as in S3). */
  void delete(String key) {
    try {
      store.delete(key);
    } catch (InvalidKeyException | ObjectNotFoundException e) {
      // nothing there
    } catch (DeltaStoreException e) {
      throw map(e, key);
    }
  }

  /** Copies an object with its content type and user metadata (the store verifies it on the way). */
  PutResult copy(String from, String to) {
    try {
      return store.copy(from, to);
    } catch (ObjectNotFoundException e) {
      throw noSuchKey(from);
    } catch (DeltaStoreException e) {
      throw map(e, to);
    }
  }

  /**
   * One page of user keys, S3 ListObjectsV2 meaning. {@code continuationToken} (the previous page's
   * last key or common prefix) wins over {@code startAfter}, as in S3. Detailed: a listing answers
   * with every object's original size and ETag, which on an S3 store only its metadata holds (read
   * 16 at a time); on a local store the listing carries them.
   */
  ListPage list(String prefix, String delimiter, String startAfter, String continuationToken, int maxKeys) {
    try {
      return store.listDetailed(prefix, delimiter, startAfter, continuationToken, maxKeys);
    } catch (DeltaStoreException e) {
      throw map(e, prefix);
    }
  }

  /** Whether any object's key starts with {@code prefix}. */
  boolean anyUnder(String prefix) {
    ListPage p = list(prefix, null, null, null, 1);
    return !p.objects().isEmpty();
  }

  /**
   * S3's view of what the store's head said: the ETag is the store's (the MD5 of the original, or
   * for a foreign object the backend's own); an object without one gets a stable stand-in derived
   * from its SHA-256, or else from its key, size and time.
   */
  private static ObjectMeta describe(String key, ObjectInfo info) {
    String etag = info.etag();
    if (etag == null && info.sha256() != null) {
      etag = info.sha256().substring(0, 32).toLowerCase(Locale.ROOT) + "-1";
    } else if (etag == null) {
      etag = Hashing.sha256Hex(key + "\n" + info.size() + "\n" + info.createdAt()).substring(0, 32) + "-1";
    }
    Instant modified = info.createdAt() != null ? info.createdAt() : Instant.EPOCH;
    long size = info.size() >= 0 ? info.size() : info.storedSize();
    return new ObjectMeta(size, etag, modified, info.contentType(), info.userMetadata(), versionOf(info));
  }

  private static String versionOf(ObjectInfo info) {
    return info.sha256() != null ? info.sha256() : "plain:" + info.storedSize() + ":" + info.createdAt();
  }

  static S3Exception noSuchKey(String storeKey) {
    return new S3Exception(S3ErrorCode.NO_SUCH_KEY);
  }

  /** The S3 error for a store failure. */
  static S3Exception map(DeltaStoreException e, String key) {
    if (e instanceof ObjectNotFoundException) {
      return noSuchKey(key);
    }
    if (e instanceof InvalidKeyException) {
      if (key != null && key.getBytes(StandardCharsets.UTF_8).length > KeyRules.MAX_USER_KEY_BYTES) {
        return new S3Exception(S3ErrorCode.KEY_TOO_LONG).detail("MaxSizeAllowed",
            Integer.toString(KeyRules.MAX_USER_KEY_BYTES));
      }
      return new S3Exception(S3ErrorCode.INVALID_ARGUMENT, "The store cannot hold this key: " + e.getMessage())
          .detail("ArgumentName", "key");
    }
    if (e instanceof ObjectTooLargeException) {
      return new S3Exception(S3ErrorCode.ENTITY_TOO_LARGE, e.getMessage());
    }
    if (e instanceof StorageFullException) {
      return new S3Exception(S3ErrorCode.SERVICE_UNAVAILABLE, "The store is out of space", e);
    }
    if (e instanceof IntegrityException) {
      return new S3Exception(S3ErrorCode.INTERNAL_ERROR, "The stored object failed verification; no data was sent", e);
    }
    if (e instanceof ContentChangedException) {
      return new S3Exception(S3ErrorCode.INTERNAL_ERROR, "The upload changed while it was stored; nothing was stored", e);
    }
    if (e instanceof BackendException) {
      return new S3Exception(S3ErrorCode.INTERNAL_ERROR, "The store's backend failed", e);
    }
    return new S3Exception(S3ErrorCode.INTERNAL_ERROR, "The store failed", e);
  }

  static void closeQuietly(InputStream in) {
    try {
      in.close();
    } catch (IOException ignored) {
      // a verified read's temp stream; nothing to report
    }
  }

  /** A verified object's stream with its metadata; the caller closes it. */
  record OpenedObject(ObjectMeta meta, InputStream content) implements AutoCloseable {
    @Override
    public void close() {
      closeQuietly(content);
    }
  }
}
