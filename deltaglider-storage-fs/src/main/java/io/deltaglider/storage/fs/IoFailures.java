package io.deltaglider.storage.fs;

import io.deltaglider.BackendException;
import io.deltaglider.DeltaStoreException;
import io.deltaglider.StorageFullException;
import io.deltaglider.spi.StorageFull;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The one place where this backend's I/O failures become the SPI's exceptions: the store's own
 * exceptions pass through, a full disk is {@link StorageFullException}, anything else
 * {@link BackendException}. The JDK gives no errno and its messages follow the process locale, so
 * a failed write is judged by core's {@link StorageFull#is(IOException, Path)} (the file store's
 * usable space, and the English texts); a read or a delete, which needs no space, by the text only,
 * so an unreadable file on a nearly full disk is not reported as a full disk.
 */
final class IoFailures {
  private IoFailures() {}

  /** Whether {@code e}, raised while writing at {@code where}, means the storage is full. */
  static boolean isFull(IOException e, Path where) {
    return StorageFull.is(e, where);
  }

  /** A failure of a write at {@code where} (a file or directory that exists, or whose parent does). */
  static DeltaStoreException writing(Path root, String what, String key, IOException e, Path where) {
    return map(root, what, key, e, e instanceof DeltaStoreException ? false : isFull(e, where));
  }

  /** A failure of anything that does not need space: reading, listing, deleting. */
  static DeltaStoreException other(Path root, String what, String key, IOException e) {
    return map(root, what, key, e, StorageFull.is(e));
  }

  private static DeltaStoreException map(Path root, String what, String key, IOException e, boolean full) {
    if (e instanceof DeltaStoreException) {
      return (DeltaStoreException) e;
    }
    if (full) {
      return new StorageFullException("no space left in " + root + " while " + what + " " + key + ": "
          + e.getMessage(), e);
    }
    return new BackendException(what + " " + key + " in " + root + " failed: " + e, e);
  }
}
