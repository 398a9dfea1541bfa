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

  /** The help footer, shared by every command. */
  static final String[] FOOTER = {
    "Exit status:",
    "  0  success",
    "  1  failure: corrupt, truncated or unsupported delta, checksum mismatch,",
    "     missing or unreadable file, I/O error",
    "  2  usage error: unknown option, missing or extra argument, bad value",
    "  3  internal error (a bug; --debug prints the stack trace)",
    "On failure exactly one line 'deltaglider: <message>' goes to standard error."
  };

  private ExitCode() {}
}
