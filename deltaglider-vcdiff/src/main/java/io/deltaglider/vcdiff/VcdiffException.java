package io.deltaglider.vcdiff;

import java.io.IOException;

/**
 * A delta could not be decoded: malformed, truncated, corrupted, over a configured limit, too large
 * for the heap the JVM has left, or inconsistent with its source. The message says what was wrong
 * and {@link #offset()} where. Only the decoder throws it; encoding reports I/O failures as plain
 * {@link IOException}s.
 */
public class VcdiffException extends IOException {
  private static final long serialVersionUID = 1L;

  /** Byte offset in the delta where the problem was found, or {@code -1} if it is not known. */
  private final long offset;

  /**
   * An exception whose message is {@code message}, followed by the offset when it is known.
   *
   * @param message what was wrong
   * @param offset byte offset in the delta where the problem was found, or {@code -1} if unknown
   */
  public VcdiffException(String message, long offset) {
    super(offset >= 0 ? message + " (at delta offset " + offset + ")" : message);
    this.offset = offset;
  }

  /**
   * An exception like {@link #VcdiffException(String, long)} caused by {@code cause}.
   *
   * @param message what was wrong
   * @param offset byte offset in the delta where the problem was found, or {@code -1} if unknown
   * @param cause the underlying failure
   */
  public VcdiffException(String message, long offset, Throwable cause) {
    this(message, offset);
    initCause(cause);
  }

  /** Byte offset in the delta where decoding failed, or {@code -1} if it is not known. */
  public long offset() {
    return offset;
  }
}
