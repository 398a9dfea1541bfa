package io.deltaglider.cli;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes an output file so that it appears only complete: the bytes go to a temporary file in the
 * same directory, which is renamed over the destination after the writer succeeded and deleted
 * otherwise (also when the JVM is stopped by a signal mid-way). A failed command never leaves a
 * partial output behind, and an existing file is replaced only by a complete one.
 */
final class AtomicOutput {
  /** Temporary files being written, removed by the shutdown hook if the JVM stops first. */
  private static final Set<Path> PENDING = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  for (Path p : PENDING) {
                    deleteQuietly(p);
                  }
                },
                "deltaglider-temp-cleanup"));
  }

  /** The body that writes the content. */
  @FunctionalInterface
  interface Writer<T> {
    T writeTo(OutputStream out) throws IOException, CliException;
  }

  private AtomicOutput() {}

  /**
   * Runs {@code writer} on a buffered stream to a temporary file beside {@code destination}, then
   * moves the file into place. The stream must not be closed by the writer (closing is harmless).
   */
  static <T> T write(Path destination, Writer<T> writer) throws IOException, CliException {
    Path dest = destination.toAbsolutePath().normalize();
    if (Files.isDirectory(dest)) {
      throw new IOException("output is a directory: " + destination);
    }
    Path dir = dest.getParent();
    if (dir == null || !Files.isDirectory(dir)) {
      throw new IOException("output directory does not exist: " + (dir == null ? dest : dir));
    }
    Path tmp = createTemp(dir, dest.getFileName().toString());
    PENDING.add(tmp);
    boolean moved = false;
    try {
      T result;
      try (OutputStream buffered = new ChannelOutputStream(FileChannel.open(tmp, StandardOpenOption.WRITE))) {
        result = writer.writeTo(new FilterOutputStream(buffered) {
          @Override
          public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
          }

          @Override
          public void close() throws IOException {
            flush(); // the real close happens below, after success
          }
        });
      }
      try {
        Files.move(tmp, dest, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, dest, StandardCopyOption.REPLACE_EXISTING);
      }
      moved = true;
      return result;
    } finally {
      if (!moved) {
        deleteQuietly(tmp);
      }
      PENDING.remove(tmp);
    }
  }

  /** Per directory: the permissions a file created there gets (see newFilePermissions). */
  private static final Map<Path, Set<PosixFilePermission>> NEW_FILE_PERMISSIONS = new ConcurrentHashMap<>();

  /**
   * The permissions a file created in {@code dir} gets: those of an empty file created there and
   * deleted again (Java cannot read the umask, and a default ACL on {@code dir} would apply too).
   */
  static Set<PosixFilePermission> newFilePermissions(Path dir) throws IOException {
    Path d = dir.toAbsolutePath().normalize();
    Set<PosixFilePermission> perms = NEW_FILE_PERMISSIONS.get(d);
    if (perms == null) {
      Path probe = createTemp(d, "permissions");
      PENDING.add(probe);
      try {
        perms = Files.getPosixFilePermissions(probe);
      } finally {
        deleteQuietly(probe);
        PENDING.remove(probe);
      }
      NEW_FILE_PERMISSIONS.put(d, perms);
    }
    return perms;
  }

  /**
   * An empty, new file named {@code .NAME.RANDOM.tmp} in {@code dir}. Created with the default
   * permissions (the umask applies), not the owner-only ones of {@link Files#createTempFile}, so
   * the final file gets the permissions a plain write would give it.
   */
  private static Path createTemp(Path dir, String name) throws IOException {
    String base = name.length() > 100 ? name.substring(0, 100) : name;
    for (int attempt = 0; ; attempt++) {
      // Not SecureRandom: seeding it costs a fresh JVM 60-130 ms, more than decoding 100 MB.
      // The name only has to be unlikely to be taken; createFile is exclusive (O_CREAT|O_EXCL, no
      // symlink followed), so a name that is taken, guessed or planted is simply tried again.
      byte[] r = new byte[6];
      ThreadLocalRandom.current().nextBytes(r);
      Path tmp = dir.resolve("." + base + "." + HexFormat.of().formatHex(r) + ".tmp");
      try {
        return Files.createFile(tmp);
      } catch (FileAlreadyExistsException e) {
        if (attempt >= 10) {
          throw e;
        }
      }
    }
  }

  private static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException | RuntimeException e) {
      // best effort
    }
  }
}
