package io.deltaglider.cli;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * The standard streams a command runs with. {@link #out} is a raw byte stream (decoded targets
 * go there unchanged); help text goes through picocli's writer on top of it.
 */
record Console(InputStream in, OutputStream out, PrintStream err) {

  /** The process's own stdin, stdout and stderr, unbuffered: commands buffer what they need. */
  static Console system() {
    Console c = new Console(
        new FileInputStream(FileDescriptor.in),
        new FileOutputStream(FileDescriptor.out),
        new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8));
    SYSTEM[0] = c;
    return c;
  }

  private static final Console[] SYSTEM = new Console[1];

  /** True for the process's own streams (progress lines go only there, and only on a terminal). */
  boolean isSystem() {
    return SYSTEM[0] == this;
  }
}
