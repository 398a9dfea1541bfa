package io.deltaglider.storage.fs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.Arrays;

/**
 * Every I/O step a write goes through, and the reads that can meet an unreadable entry, so tests
 * can make any one of them fail (the seam for fault injection: root ignores file modes, a test
 * cannot make a real file unreadable to itself). {@link #REAL} is the implementation; it is
 * stateless and thread-safe.
 */
interface FileOps {

  /** The steps of a put, in order; a test fails exactly one of them. */
  enum Step {
    MKDIR,
    CREATE_TEMP,
    WRITE,
    SET_METADATA,
    FSYNC_FILE,
    RENAME,
    LINK,
    FSYNC_DIR
  }

  /** Creates a new file (never following or replacing anything) open for writing. */
  FileChannel createTemp(Path file) throws IOException;

  void createDirectory(Path dir) throws IOException;

  int write(FileChannel channel, ByteBuffer src) throws IOException;

  /** Sets {@code user.dg.metadata} on the file at {@code file}. */
  void setMetadata(Path file, byte[] json) throws IOException;

  void fsync(FileChannel channel) throws IOException;

  /** Atomic rename over any existing file. */
  void rename(Path from, Path to) throws IOException;

  /** Atomic create-if-absent: a new name {@code link} for {@code existing}. */
  void link(Path link, Path existing) throws IOException;

  void fsyncDirectory(Path dir) throws IOException;

  void delete(Path file) throws IOException;

  /** Opens the per-directory lock file (sidecar mode), creating it if needed. */
  FileChannel openLockFile(Path lockFile) throws IOException;

  // Reads (not steps of a put).

  /**
   * The raw {@code user.dg.metadata} attribute of a file or directory, or null when it has none.
   * Throws {@link UnsupportedOperationException}, or an IOException saying "not supported", where
   * the filesystem has no user extended attributes, and IllegalArgumentException when the
   * attribute is larger than metadata can be.
   */
  byte[] readMetadata(Path file) throws IOException;

  /** Opens a regular file for reading, never following a symbolic link. */
  FileChannel openRead(Path file) throws IOException;

  /** The entries of a directory. */
  DirectoryStream<Path> openDirectory(Path dir) throws IOException;

  /** The attributes of what is at {@code p}, never following a link; null if nothing is there. */
  static BasicFileAttributes lstat(Path p) throws IOException {
    try {
      return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException | NotDirectoryException e) {
      return null;
    }
  }

  FileOps REAL = new FileOps() {
    @Override
    public FileChannel createTemp(Path file) throws IOException {
      return FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
          LinkOption.NOFOLLOW_LINKS);
    }

    @Override
    public void createDirectory(Path dir) throws IOException {
      Files.createDirectory(dir);
    }

    @Override
    public int write(FileChannel channel, ByteBuffer src) throws IOException {
      return channel.write(src);
    }

    @Override
    public void setMetadata(Path file, byte[] json) throws IOException {
      UserDefinedFileAttributeView view =
          Files.getFileAttributeView(file, UserDefinedFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
      if (view == null) {
        throw new UnsupportedOperationException("no user-defined file attributes on " + file.getFileSystem());
      }
      view.write(XattrMetadata.XATTR_NAME, ByteBuffer.wrap(json));
    }

    @Override
    public void fsync(FileChannel channel) throws IOException {
      channel.force(true);
    }

    @Override
    public void rename(Path from, Path to) throws IOException {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    }

    @Override
    public void link(Path link, Path existing) throws IOException {
      Files.createLink(link, existing);
    }

    @Override
    public void fsyncDirectory(Path dir) throws IOException {
      try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
        ch.force(true);
      }
    }

    @Override
    public void delete(Path file) throws IOException {
      try {
        Files.delete(file);
      } catch (NoSuchFileException ignored) {
        // already gone
      }
    }

    @Override
    public FileChannel openLockFile(Path lockFile) throws IOException {
      return FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
    }

    @Override
    public byte[] readMetadata(Path file) throws IOException {
      UserDefinedFileAttributeView view =
          Files.getFileAttributeView(file, UserDefinedFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
      if (view == null) {
        throw new UnsupportedOperationException("no user-defined file attributes on " + file.getFileSystem());
      }
      int size;
      try {
        size = view.size(XattrMetadata.XATTR_NAME);
      } catch (NoSuchFileException | AccessDeniedException e) {
        throw e;
      } catch (FileSystemException e) {
        // ENODATA (no such attribute) has no exception of its own: tell it from the others, above
        // all from "Operation not supported" (no user attributes here at all).
        String reason = String.valueOf(e.getReason());
        if (reason.contains("No data available")) {
          return null;
        }
        if (!reason.contains("not supported") && !view.list().contains(XattrMetadata.XATTR_NAME)) {
          return null;
        }
        throw e;
      }
      if (size > MetadataJson.MAX_BYTES) {
        throw new IllegalArgumentException("the attribute is " + size + " bytes, over the limit of " + MetadataJson.MAX_BYTES);
      }
      ByteBuffer buf = ByteBuffer.allocate(size);
      view.read(XattrMetadata.XATTR_NAME, buf);
      return Arrays.copyOf(buf.array(), buf.position());
    }

    @Override
    public FileChannel openRead(Path file) throws IOException {
      return FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
    }

    @Override
    public DirectoryStream<Path> openDirectory(Path dir) throws IOException {
      return Files.newDirectoryStream(dir);
    }
  };
}
