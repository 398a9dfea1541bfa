package io.deltaglider.storage.fs;

import io.deltaglider.BackendException;
import io.deltaglider.ObjectExistsException;
import io.deltaglider.ObjectNotFoundException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import java.util.function.Function;

/**
 * Metadata in the extended attribute {@code user.dg.metadata} of each data file (FORMAT.md section
 * 5.2), where the DeltaGlider proxy keeps it. The attribute belongs to the inode, so it is set on the
 * temp file before the rename and a crash leaves the object with its metadata or the previous state;
 * a create-if-absent hard-links the temp file to the target name, which fails atomically, across
 * processes, if the name is taken.
 *
 * <p>AUTO mode on a store with nothing in it to decide by starts here provisionally (see
 * {@link MetadataEvidence}): the first write that cannot set the attribute, or a look that meets a
 * filesystem without attributes or a sidecar another process wrote, turns the store to sidecars
 * through {@code adoptSidecars}, and the operation goes on with what that returns.
 */
final class XattrMetadata implements MetadataStore {
  /** The attribute's name under {@code UserDefinedFileAttributeView}: {@code user.dg.metadata} on Linux. */
  static final String XATTR_NAME = "dg.metadata";
  private static final int ATTEMPTS = 8;

  private final FileOps ops;
  private final boolean fsync;
  /** Turns the store to sidecars and returns its sidecar store; null where the choice is final. */
  private final Function<String, MetadataStore> adoptSidecars;
  /** Until a first attribute is set, when {@link #adoptSidecars} is given. */
  private volatile boolean undecided;

  XattrMetadata(FileOps ops, boolean fsync, Function<String, MetadataStore> adoptSidecars) {
    this.ops = ops;
    this.fsync = fsync;
    this.adoptSidecars = adoptSidecars;
    this.undecided = adoptSidecars != null;
  }

  @Override
  public boolean sidecars() {
    return false;
  }

  @Override
  public int sidecarNameBytes() {
    return 0;
  }

  @Override
  public Look look(String key, Path file) throws IOException {
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      BasicFileAttributes before = FileOps.lstat(file);
      if (before == null || !before.isRegularFile()) {
        return Look.notAFile(file);
      }
      byte[] json;
      try {
        json = ops.readMetadata(file);
      } catch (NoSuchFileException gone) {
        continue;
      } catch (IllegalArgumentException tooLarge) {
        return Look.not(Look.INVALID + ": " + tooLarge.getMessage());
      } catch (IOException | UnsupportedOperationException e) {
        if (undecided && MetadataEvidence.isUnsupported(e)) {
          return adoptSidecars.apply(e.getMessage()).look(key, file); // another process stored the first objects
        }
        throw e;
      }
      if (json == null && undecided && Files.exists(SidecarFile.of(file), LinkOption.NOFOLLOW_LINKS)) {
        return adoptSidecars.apply("objects were stored with sidecars, e.g. " + file).look(key, file);
      }
      BasicFileAttributes after = FileOps.lstat(file);
      if (after == null || !Objects.equals(before.fileKey(), after.fileKey()) || before.size() != after.size()) {
        continue;
      }
      if (json == null) {
        return Look.not("no metadata: no user." + XATTR_NAME + " attribute");
      }
      return Look.parsed(key, json, before.size(), before.lastModifiedTime());
    }
    throw new IOException(file + " keeps changing while it is read");
  }

  /** The attribute travels with the inode: the same inode is the same object. */
  @Override
  public boolean stillThere(String key, Path file) {
    return true;
  }

  @Override
  public MetadataStore attach(Path temp, byte[] json) throws IOException {
    try {
      ops.setMetadata(temp, json);
      undecided = false;
      return this;
    } catch (IOException | RuntimeException e) {
      if (!undecided || !MetadataEvidence.isUnsupported(e)) {
        throw e;
      }
      return adoptSidecars.apply(e.getMessage());
    }
  }

  @Override
  public void publish(String key, Path target, Path temp, byte[] json, boolean ifAbsent) throws IOException {
    if (!ifAbsent) {
      ops.rename(temp, target);
      return;
    }
    try {
      ops.link(target, temp);
    } catch (FileAlreadyExistsException e) {
      if (object(key, target) != null) {
        throw new ObjectExistsException(key);
      }
      throw new BackendException("cannot create " + key + ": " + target
          + " exists but is not an object (no valid metadata); move or delete that file first", e);
    }
  }

  @Override
  public boolean delete(String key, Path file) throws IOException {
    if (object(key, file) == null) {
      return false;
    }
    ops.delete(file);
    return true;
  }

  @Override
  public void replace(String key, Path file, byte[] json) throws IOException {
    if (object(key, file) == null) {
      throw new ObjectNotFoundException(key);
    }
    try {
      ops.setMetadata(file, json); // one setxattr: readers see the old or the new value
    } catch (NoSuchFileException deleted) {
      throw new ObjectNotFoundException(key);
    }
    if (fsync) {
      try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
        ops.fsync(ch);
      }
    }
  }
}
