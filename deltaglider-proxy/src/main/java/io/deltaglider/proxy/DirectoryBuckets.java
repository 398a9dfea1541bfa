package io.deltaglider.proxy;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Buckets of a local directory store: its top-level directories, as the CLI treats them. Each
 * bucket the gateway creates holds a marker file, {@code .dg-bucket\}: the filesystem backend
 * removes directories a delete leaves empty, and an emptied bucket must stay a bucket. Like the
 * backend's own files its name starts with a dot and contains a backslash, so no key can name it,
 * listings skip it, and the DeltaGlider proxy ignores it.
 */
final class DirectoryBuckets implements Buckets {
  static final String MARKER = ".dg-bucket\\";

  private final Path root;
  private final StoreAccess store;

  DirectoryBuckets(Path root, StoreAccess store) {
    this.root = root;
    this.store = store;
  }

  @Override
  public List<Bucket> list() {
    List<Bucket> out = new ArrayList<>();
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root)) {
      for (Path d : dirs) {
        String name = d.getFileName().toString();
        if (BucketNames.usable(name) && Files.isDirectory(d, LinkOption.NOFOLLOW_LINKS)) {
          out.add(new Bucket(name, created(d)));
        }
      }
    } catch (IOException e) {
      throw new S3Exception(S3ErrorCode.INTERNAL_ERROR, "Listing the store's directories failed", e);
    }
    out.sort(Comparator.comparing(Bucket::name));
    return out;
  }

  @Override
  public boolean exists(String name) {
    return BucketNames.usable(name) && Files.isDirectory(root.resolve(name), LinkOption.NOFOLLOW_LINKS);
  }

  @Override
  public void create(String name) {
    BucketNames.checkNew(name);
    Path dir = root.resolve(name);
    try {
      Files.createDirectory(dir);
    } catch (FileAlreadyExistsException e) {
      throw new S3Exception(S3ErrorCode.BUCKET_ALREADY_OWNED_BY_YOU).detail("BucketName", name);
    } catch (IOException e) {
      throw new S3Exception(S3ErrorCode.INTERNAL_ERROR, "Creating the bucket's directory failed", e);
    }
    mark(dir);
  }

  @Override
  public void delete(String name) {
    if (!exists(name)) {
      throw new S3Exception(S3ErrorCode.NO_SUCH_BUCKET).detail("BucketName", name);
    }
    if (store.anyUnder(name + "/")) {
      throw new S3Exception(S3ErrorCode.BUCKET_NOT_EMPTY).detail("BucketName", name);
    }
    Path dir = root.resolve(name);
    try {
      Files.deleteIfExists(dir.resolve(MARKER));
      Files.delete(dir);
    } catch (DirectoryNotEmptyException e) {
      // References, leftovers or files the store did not write: not ours to remove.
      mark(dir);
      throw new S3Exception(S3ErrorCode.BUCKET_NOT_EMPTY, "The bucket's directory holds files that are not objects "
          + "(run deltaglider verify and cleanup)").detail("BucketName", name);
    } catch (NoSuchFileException e) {
      throw new S3Exception(S3ErrorCode.NO_SUCH_BUCKET).detail("BucketName", name);
    } catch (IOException e) {
      throw new S3Exception(S3ErrorCode.INTERNAL_ERROR, "Removing the bucket's directory failed", e);
    }
  }

  private static void mark(Path dir) {
    try {
      Files.write(dir.resolve(MARKER), new byte[0]);
    } catch (IOException e) {
      throw new S3Exception(S3ErrorCode.INTERNAL_ERROR, "Marking the bucket's directory failed", e);
    }
  }

  private static Instant created(Path dir) {
    try {
      return Files.readAttributes(dir, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).creationTime().toInstant();
    } catch (IOException e) {
      return Instant.EPOCH;
    }
  }
}
