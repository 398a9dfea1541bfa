package io.deltaglider.cli;

/** Exit statuses of the {@code deltaglider} command; the help footer lists the same. */
final class ExitCode {
  /** Success. */
  static final int OK = 0;
  /**
   * The work failed: a corrupt, truncated or unsupported delta, a checksum mismatch, a missing or
   * unreadable file, an I/O error.
   */
  static final int FAILURE = 1;
  /** The command line was wrong: unknown option, missing argument, bad value. */
  static final int USAGE = 2;
  /** A bug in deltaglider; {@code --debug} shows the stack trace. */
  static final int INTERNAL = 3;
  /** The store holds no object under the key (or nothing under the prefix, where one is required). */
  static final int NOT_FOUND = 4;
  /**
   * Stored bytes do not match the SHA-256 recorded for them, or cannot be reconstructed (get refuses
   * to hand them out; verify found at least one such object).
   */
  static final int INTEGRITY = 5;
  /** Stopped by Ctrl-C (SIGINT) while a store command ran; it cleaned up before exiting. */
  static final int INTERRUPTED = 130;

  /** The help footer, shared by every command. */
  static final String[] FOOTER = {
    "Exit status:",
    "  0  success",
    "  1  failure: corrupt, truncated or unsupported delta, checksum mismatch,",
    "     missing or unreadable file, missing store, no space left, I/O or S3 error",
    "  2  usage error: unknown option, missing or extra argument, bad value,",
    "     invalid key",
    "  3  internal error (a bug; --debug prints the stack trace)",
    "  4  not found: no such object in the store",
    "  5  integrity failure: stored bytes do not match their SHA-256",
    "130  interrupted (Ctrl-C); a store command cleans up first (up to 10 s)",
    "On failure exactly one line 'deltaglider: <message>' goes to standard error."
  };

  private ExitCode() {}
}
