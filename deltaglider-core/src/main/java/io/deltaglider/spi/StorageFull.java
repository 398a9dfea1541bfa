package io.deltaglider.spi;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Whether an I/O failure means the storage is full (ENOSPC, EDQUOT), for backends and the store
 * alike, so every module answers the same way.
 *
 * <p>The JDK does not expose errno: its messages are the C library's {@code strerror} text, which
 * follows the process locale (the launcher calls {@code setlocale}). So a failure is classified
 * by the state of the filesystem it happened on where that is known: a file store with less than
 * {@link #NEARLY_FULL_BYTES} usable is full, whatever language the message is in. The English
 * texts are also recognised, for failures with no known place and for quotas, which free space
 * does not show.
 */
public final class StorageFull {
  /** A file store with less than this usable counts as full after a failed write. */
  public static final long NEARLY_FULL_BYTES = 1 << 20;

  private StorageFull() {}

  /** Whether {@code e} says the storage is full, judged by its text only. */
  public static boolean is(IOException e) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      String m = c.getMessage();
      if (m != null) {
        String lower = m.toLowerCase(Locale.ROOT);
        if (lower.contains("no space left on device") || lower.contains("disk quota exceeded")) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Whether {@code e}, raised while writing at {@code where} (a file or directory that exists, or
   * whose parent does), means the storage is full: by its text, or by the file store there having
   * almost no usable space left.
   */
  public static boolean is(IOException e, Path where) {
    if (is(e)) {
      return true;
    }
    for (Path p = where; p != null; p = p.getParent()) {
      try {
        FileStore store = Files.getFileStore(p);
        return store.getUsableSpace() < NEARLY_FULL_BYTES;
      } catch (IOException missingOrUnreadable) {
        // try the parent
      }
    }
    return false;
  }
}
