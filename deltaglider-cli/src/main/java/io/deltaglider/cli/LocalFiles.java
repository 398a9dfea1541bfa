package io.deltaglider.cli;

import java.io.IOException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.EnumSet;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Predicate;

/** Local files as the transfer commands read and write them. */
final class LocalFiles {
  private LocalFiles() {}

  /**
   * The regular files under {@code dir} whose '/'-separated path relative to it {@code selected}
   * accepts, sorted by that path. Symbolic links are followed, as {@code aws s3 cp} follows them; a
   * link that leads back to a directory it is in is skipped, and {@code warn} told its path.
   * Special files (FIFOs, devices, sockets) and broken links are left out.
   */
  static Map<String, Path> walk(Path dir, Predicate<String> selected, Consumer<Path> warnLoop)
      throws IOException {
    Map<String, Path> files = new TreeMap<>();
    String sep = dir.getFileSystem().getSeparator();
    Files.walkFileTree(dir, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path p, BasicFileAttributes attrs) {
            if (attrs.isRegularFile()) {
              String rel = dir.relativize(p).toString().replace(sep, "/");
              if (selected.test(rel)) {
                files.put(rel, p);
              }
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(Path p, IOException e) throws IOException {
            if (e instanceof FileSystemLoopException) {
              warnLoop.accept(p);
              return FileVisitResult.CONTINUE;
            }
            throw e;
          }
        });
    return files;
  }
}
