package io.deltaglider.cli;

import java.io.EOFException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.Locale;

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

  /**
   * {@code s} with each character that could change how a terminal shows the text around it
   * written as a backslash, 'u' and four hex digits: control characters (C0, DEL, C1), the
   * bidirectional formatting characters (U+061C, U+200E, U+200F, U+202A..U+202E,
   * U+2066..U+2069), the line and paragraph separators and unpaired surrogates. For keys and file
   * names in what the CLI prints: a key from a foreign store or a local file name can hold them.
   */
  static String escape(String s) {
    int i = 0;
    while (i < s.length() && !unsafeAt(s, i)) {
      i++;
    }
    if (i == s.length()) {
      return s;
    }
    StringBuilder sb = new StringBuilder(s.length() + 16).append(s, 0, i);
    for (; i < s.length(); i++) {
      char c = s.charAt(i);
      if (unsafeAt(s, i)) {
        sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  /** Whether the char at {@code i} is one {@link #escape} writes as an escape. */
  static boolean unsafeAt(String s, int i) {
    char c = s.charAt(i);
    if (Character.isHighSurrogate(c)) {
      return i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1));
    }
    if (Character.isLowSurrogate(c)) {
      return i == 0 || !Character.isHighSurrogate(s.charAt(i - 1));
    }
    return Character.getType(c) == Character.CONTROL
        || c == 0x061C || c == 0x200E || c == 0x200F || (c >= 0x202A && c <= 0x202E)
        || (c >= 0x2066 && c <= 0x2069) || c == 0x2028 || c == 0x2029;
  }

  /** "Missing required ..." becomes "missing required ...", as Unix tools write it. */
  static String lowerFirst(String s) {
    if (s.length() >= 2 && Character.isUpperCase(s.charAt(0)) && Character.isLowerCase(s.charAt(1))) {
      return Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }
    return s;
  }
}
