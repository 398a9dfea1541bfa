package io.deltaglider.cli;

import java.io.EOFException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/** Turns exceptions into the one line of text the user sees. */
final class Messages {
  private Messages() {}

  /** What went wrong, in words, for an I/O failure; never more than one line. */
  static String describe(IOException e) {
    String text;
    if (e instanceof NoSuchFileException f) {
      text = "no such file: " + f.getFile();
    } else if (e instanceof AccessDeniedException f) {
      text = "permission denied: " + f.getFile();
    } else if (e instanceof NotDirectoryException f) {
      text = "not a directory: " + f.getFile();
    } else if (e instanceof FileSystemException f) {
      String reason = f.getReason() != null ? f.getReason() : e.getClass().getSimpleName();
      text = f.getFile() != null ? f.getFile() + ": " + reason : reason;
    } else if (e instanceof EOFException) {
      text = e.getMessage() != null ? "unexpected end of input: " + e.getMessage()
          : "unexpected end of input";
    } else {
      text = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
    return oneLine(text);
  }

  /** Any throwable, including the exception class when it is not an I/O failure (a bug). */
  static String describe(Throwable t) {
    if (t instanceof IOException io) {
      return describe(io);
    }
    String m = t.getMessage();
    return oneLine(m == null ? t.getClass().getName() : t.getClass().getName() + ": " + m);
  }

  /** Collapses line breaks and runs of white space so the message fits on one line. */
  static String oneLine(String s) {
    return s.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
  }

  /** "Missing required ..." becomes "missing required ...", as Unix tools write it. */
  static String lowerFirst(String s) {
    if (s.length() >= 2 && Character.isUpperCase(s.charAt(0)) && Character.isLowerCase(s.charAt(1))) {
      return Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }
    return s;
  }
}
