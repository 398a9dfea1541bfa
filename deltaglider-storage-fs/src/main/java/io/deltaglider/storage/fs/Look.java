package io.deltaglider.storage.fs;

import io.deltaglider.spi.BlobInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What is at the file of a key: the object, or why it is none (what {@code problems} reports and
 * listings skip). {@code info} and {@code why} are both null when nothing is there (no file, a
 * directory). Made by a {@link MetadataStore}; immutable.
 */
final class Look {
  private static final Logger log = LoggerFactory.getLogger(Look.class);

  static final Look NOTHING = new Look(null, null);
  /** How every reason that is the metadata's fault begins. */
  static final String INVALID = "invalid metadata";

  final BlobInfo info;
  final String why;

  private Look(BlobInfo info, String why) {
    this.info = info;
    this.why = why;
  }

  static Look of(BlobInfo info) {
    return new Look(info, null);
  }

  static Look not(String why) {
    return new Look(null, why);
  }

  /** The object of {@code json} read from the file, or why that JSON is not metadata. */
  static Look parsed(String key, byte[] json, long size, FileTime modified) {
    try {
      return of(new BlobInfo(key, size, ProxySchema.fromJson(MetadataJson.read(json)), modified.toInstant()));
    } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
      return not(INVALID + ": " + e.getMessage());
    }
  }

  /** Why what is at {@code file} (not a regular file) is no object: nothing for no file or a directory. */
  static Look notAFile(Path file) throws IOException {
    BasicFileAttributes a = FileOps.lstat(file);
    if (a == null || a.isDirectory() || a.isRegularFile()) {
      return NOTHING; // a regular file here was replaced meanwhile: its next look tells
    }
    return not("not a regular file: " + fileType(file, a));
  }

  /** The object, or null after logging why the file at {@code file} is none (a warning if its metadata is invalid). */
  BlobInfo object(Path file) {
    if (why != null) {
      if (why.startsWith(INVALID)) {
        log.warn("ignoring {}: {}", file, why);
      } else {
        log.debug("ignoring {}: {}", file, why);
      }
    }
    return info;
  }

  private static String fileType(Path file, BasicFileAttributes a) {
    if (a.isSymbolicLink()) {
      return "a symbolic link (never followed)";
    }
    try {
      int type = ((Integer) Files.getAttribute(file, "unix:mode", LinkOption.NOFOLLOW_LINKS)) & 0170000;
      switch (type) {
        case 0010000:
          return "a FIFO";
        case 0140000:
          return "a socket";
        case 0020000:
          return "a character device";
        case 0060000:
          return "a block device";
        default:
          break;
      }
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      // fall through
    }
    return "a special file";
  }
}
