package io.deltaglider.storage.fs;

import io.deltaglider.spi.BlobInfo;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Where objects' metadata lives, and everything that changes with it: {@link XattrMetadata} (the
 * data file's own extended attribute, FORMAT.md section 5.2) or {@link SidecarMetadata} (a sidecar
 * file beside it, section 5.4). {@link MetadataEvidence} decides which a store uses. The metadata is
 * the JSON that {@link MetadataJson} writes; the directories on the way have been checked by the
 * caller. Implementations are thread-safe.
 */
interface MetadataStore {

  /** Whether metadata is in sidecar files. */
  boolean sidecars();

  /** Bytes a key's file name must leave free for other names made from it (its sidecar's). */
  int sidecarNameBytes();

  /**
   * What is at {@code file}: the object under {@code key} (its size and metadata from the same
   * data), or why there is none. Throws when the file cannot be read at all.
   */
  Look look(String key, Path file) throws IOException;

  /** The object under {@code key} at {@code file}, or null (logging why, when something is there). */
  default BlobInfo object(String key, Path file) throws IOException {
    return look(key, file).object(file);
  }

  /**
   * Whether the object that {@link #look} found is still there once it has been opened (the same
   * inode as before): what a reader may hand out.
   */
  boolean stillThere(String key, Path file) throws IOException;

  /**
   * Gives a written temp file its metadata, before it is fsynced, where the metadata travels with
   * the inode (step 4 of the write, {@link AtomicWriter}). Returns the store that goes on with the
   * write: another one if this one turned out to be unusable here.
   */
  MetadataStore attach(Path temp, byte[] json) throws IOException;

  /**
   * Makes the fsynced temp file the object at {@code target}, with its metadata, atomically
   * (step 6 of the write); {@code ifAbsent}: only if there is no object there, else
   * {@link io.deltaglider.ObjectExistsException}. The caller fsyncs the directory and removes what
   * is left of the temp file.
   */
  void publish(String key, Path target, Path temp, byte[] json, boolean ifAbsent) throws IOException;

  /** Deletes the object at {@code file}; false if there was none. The caller fsyncs the directory. */
  boolean delete(String key, Path file) throws IOException;

  /**
   * Replaces the metadata of the object at {@code file} in one atomic step, leaving its data alone;
   * {@link io.deltaglider.ObjectNotFoundException} if there is none. The caller fsyncs the directory.
   */
  void replace(String key, Path file, byte[] json) throws IOException;
}
