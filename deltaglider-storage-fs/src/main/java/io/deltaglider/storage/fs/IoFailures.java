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

  /** A failure of a write at {@code where} (a file or directory that exists, or whose parent does). */
  static DeltaStoreException writing(Path root, String what, String key, IOException e, Path where) {
    return map(root, what, key, e, !(e instanceof DeltaStoreException) && StorageFull.is(e, where));
  }

  /**
   * A failure to set the metadata attribute of {@code jsonBytes} bytes on a temp file in
   * {@code dir}: a large one that "does not fit" is ENOSPC too (ext4 keeps the attributes of a file
   * in one block), which must not read as a full disk alone.
   */
  static DeltaStoreException attaching(Path root, String what, String key, IOException e, Path dir, int jsonBytes) {
    if (jsonBytes > 3000 && StorageFull.is(e, dir)) {
      return new BackendException("the metadata of " + key + " (" + jsonBytes
          + " bytes) does not fit in an extended attribute of this filesystem, or the disk is full", e);
    }
    return writing(root, what, key, e, dir);
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
