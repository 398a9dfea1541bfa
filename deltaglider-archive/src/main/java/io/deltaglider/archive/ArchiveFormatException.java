package io.deltaglider.archive;

import java.io.IOException;

/**
 * An expanded form or recipe could not be rebuilt: malformed, truncated, from another format
 * version, naming deflate settings this build cannot reproduce, or not matching the length and
 * CRC-32 its recipe records. Expanding never throws it for a strange archive: what cannot be
 * expanded safely is kept as it is.
 */
public class ArchiveFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  /**
   * An exception saying what was wrong.
   *
   * @param message what was wrong
   */
  public ArchiveFormatException(String message) {
    super(message);
  }

  /**
   * An exception saying what was wrong, caused by {@code cause}.
   *
   * @param message what was wrong
   * @param cause the underlying failure
   */
  public ArchiveFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
