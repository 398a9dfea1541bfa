package io.deltaglider.cli;

import java.io.BufferedInputStream;
import java.io.FileInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Predicate;

/** Local files as the transfer commands read and write them. */
final class LocalFiles {
  /** File systems whose files report a size that is not their content's (0, or one page). */
  private static final Set<String> PSEUDO_FILE_SYSTEMS =
      Set.of("proc", "sysfs", "debugfs", "tracefs", "securityfs", "configfs", "cgroup", "cgroup2");

  /** Per directory: whether it is on a pseudo file system (looking it up reads the mount table). */
  private static final Map<Path, Boolean> PSEUDO_DIRS = new ConcurrentHashMap<>();

  private LocalFiles() {}

  /**
   * Whether {@code file} has to be read as a stream, as standard input is, rather than as a file
   * of known size: a FIFO (also {@code <(command)}), a character device, or a file of /proc or
   * /sys, whose size says nothing about its content. Reading such a source as a file fails, as its
   * size changes "while it is being read".
   */
  static boolean readAsStream(Path file) throws IOException {
    BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class); // follows links
    if (!a.isRegularFile() || a.size() == 0) {
      return true; // an empty regular file reads the same either way
    }
    Path dir = file.toAbsolutePath().getParent();
    if (dir == null) {
      return false;
    }
    Boolean pseudo = PSEUDO_DIRS.get(dir);
    if (pseudo == null) {
      try {
        pseudo = PSEUDO_FILE_SYSTEMS.contains(Files.getFileStore(file).type());
      } catch (IOException e) {
        pseudo = false; // no mount entry found: read it as the ordinary file it says it is
      }
      PSEUDO_DIRS.put(dir, pseudo);
    }
    return pseudo;
  }

  /**
   * A buffered stream over {@code file} (for {@link #readAsStream} sources). Files.newInputStream
   * reads through a FileChannel, which an interrupt (Ctrl-C, see {@link Interrupts}) stops even in
   * the middle of a blocked read from a pipe.
   */
  static InputStream openStream(Path file) throws IOException {
    return new BufferedInputStream(unknownAvailable(Files.newInputStream(file), true), 1 << 16);
  }

  /**
   * A buffered stream over standard input ({@code in}), left open when closed. The process's own
   * standard input is read through its FileChannel, for the reason given at {@link #openStream}.
   */
  static InputStream standardInput(InputStream in) {
    InputStream raw = in instanceof FileInputStream f ? Channels.newInputStream(f.getChannel()) : in;
    return new BufferedInputStream(unknownAvailable(raw, false), 1 << 16);
  }

  /**
   * {@code in} with available() always 0 ("unknown", which its contract allows). To answer it the
   * JDK seeks, which a pipe refuses ("Illegal seek"), and so does a /proc file under a
   * FileInputStream ("Invalid argument"); BufferedInputStream asks after every short read.
   * Closing closes {@code in} only if {@code close} is set (standard input stays open).
   */
  private static InputStream unknownAvailable(InputStream in, boolean close) {
    return new FilterInputStream(in) {
      @Override
      public int available() {
        return 0;
      }

      @Override
      public void close() throws IOException {
        if (close) {
          super.close();
        }
      }
    };
  }

  /**
   * The regular files under {@code dir} whose '/'-separated path relative to it {@code selected}
   * accepts, sorted by that path. Symbolic links are followed, as {@code aws s3 cp} follows them.
   * What cannot be copied is left out and {@code warnSkipped} told its path and why, as the AWS CLI
   * warns: a link that leads back to a directory it is in, a broken link, and special files (FIFOs,
   * devices, sockets: reading a FIFO could block forever).
   */
  static Map<String, Path> walk(Path dir, Predicate<String> selected, BiConsumer<Path, String> warnSkipped)
      throws IOException {
    Map<String, Path> files = new TreeMap<>();
    String sep = dir.getFileSystem().getSeparator();
    Files.walkFileTree(dir, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path p, BasicFileAttributes attrs) {
            String rel = dir.relativize(p).toString().replace(sep, "/");
            if (!selected.test(rel)) {
              return FileVisitResult.CONTINUE;
            }
            if (attrs.isRegularFile()) {
              files.put(rel, p);
            } else if (attrs.isSymbolicLink()) {
              warnSkipped.accept(p, "broken symbolic link");
            } else if (attrs.isOther()) {
              warnSkipped.accept(p, "not a regular file (a FIFO, device or socket)");
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(Path p, IOException e) throws IOException {
            if (e instanceof FileSystemLoopException) {
              warnSkipped.accept(p, "symbolic link loop (it leads back to a directory it is in)");
              return FileVisitResult.CONTINUE;
            }
            throw e;
          }
        });
    return files;
  }

  /**
   * Gives {@code file} the permissions a new file in its directory gets (0666 less the umask, or
   * what a default ACL says), which is what {@code cp} or a shell redirection would have given it.
   * For files moved into place from a temp file, which is created owner-only. Best effort: the
   * content is already in place, and some file systems (FAT) cannot store a mode.
   */
  static void giveNewFilePermissions(Path file) {
    try {
      PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
      Path dir = file.toAbsolutePath().getParent();
      if (view == null || dir == null) {
        return;
      }
      Set<PosixFilePermission> perms = AtomicOutput.newFilePermissions(dir);
      if (!perms.equals(view.readAttributes().permissions())) {
        view.setPermissions(perms);
      }
    } catch (IOException | UnsupportedOperationException e) {
      // keeps the temp file's owner-only mode
    }
  }
}
