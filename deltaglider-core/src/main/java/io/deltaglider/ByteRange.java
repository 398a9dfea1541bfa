package io.deltaglider;

import java.util.Locale;

/**
 * A range of an object's bytes as an HTTP {@code Range} header names it (RFC 9110 section 14.1.2,
 * as S3 GetObject reads it): the bytes from a first position to a last one, from a first position
 * to the end, or the last {@code n}. Which bytes that is depends on the object's size, which only
 * the read knows; see {@link DeltaStore#open(String, ByteRange)}. Immutable.
 *
 * <ul>
 *   <li>The first position must be below the object's size, else the range is not satisfiable
 *       ({@link RangeNotSatisfiableException}, S3's {@code InvalidRange}); so no range of an
 *       empty object is.
 *   <li>A range reaching past the end is cut at the end.
 *   <li>A suffix range of {@code n} bytes is the whole object when the object is shorter, and
 *       not satisfiable when {@code n} is 0.
 * </ul>
 */
public final class ByteRange {
  /** The first byte, or -1 for a suffix range. */
  private final long first;
  /** How many bytes (from {@code first}, or at the end for a suffix range); {@code Long.MAX_VALUE}: to the end. */
  private final long length;

  private ByteRange(long first, long length) {
    this.first = first;
    this.length = length;
  }

  /**
   * At most {@code length} bytes from {@code offset}.
   *
   * @throws IllegalArgumentException if either is negative
   */
  public static ByteRange of(long offset, long length) {
    if (offset < 0 || length < 0) {
      throw new IllegalArgumentException("offset and length must not be negative: " + offset + ", " + length);
    }
    return new ByteRange(offset, length);
  }

  /**
   * The bytes from {@code offset} to the end ({@code bytes=A-}).
   *
   * @throws IllegalArgumentException if it is negative
   */
  public static ByteRange from(long offset) {
    return of(offset, Long.MAX_VALUE);
  }

  /**
   * The last {@code n} bytes ({@code bytes=-N}).
   *
   * @throws IllegalArgumentException if it is negative
   */
  public static ByteRange last(long n) {
    if (n < 0) {
      throw new IllegalArgumentException("a suffix length must not be negative: " + n);
    }
    return new ByteRange(-1, n);
  }

  /**
   * Parses one range in the form of an HTTP {@code Range} header: {@code bytes=A-B} (A to B
   * inclusive), {@code bytes=A-} or {@code bytes=-N}; the {@code bytes=} may be left out.
   *
   * @throws IllegalArgumentException for anything else: several ranges, B below A, other units,
   *     numbers that are not decimal or overflow (an HTTP server ignores such a header and serves
   *     the whole object; that is the caller's choice)
   */
  public static ByteRange parse(String spec) {
    String s = spec.strip();
    if (s.toLowerCase(Locale.ROOT).startsWith("bytes=")) {
      s = s.substring("bytes=".length()).strip();
    }
    int dash = s.indexOf('-');
    if (dash < 0 || s.indexOf('-', dash + 1) >= 0 || s.indexOf(',') >= 0) {
      throw invalid(spec);
    }
    String a = s.substring(0, dash).strip();
    String b = s.substring(dash + 1).strip();
    if (a.isEmpty()) {
      return last(number(b, spec));
    }
    long start = number(a, spec);
    if (b.isEmpty()) {
      return from(start);
    }
    long end = number(b, spec);
    if (end < start) {
      throw new IllegalArgumentException("invalid range '" + spec + "': the last byte is before the first");
    }
    return of(start, end == Long.MAX_VALUE ? Long.MAX_VALUE : end - start + 1);
  }

  private static long number(String digits, String spec) {
    if (digits.isEmpty() || digits.length() > 19 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw invalid(spec);
    }
    try {
      return Long.parseLong(digits);
    } catch (NumberFormatException e) {
      throw invalid(spec);
    }
  }

  private static IllegalArgumentException invalid(String spec) {
    return new IllegalArgumentException("invalid range '" + spec + "': expected bytes=FIRST-LAST, bytes=FIRST- or bytes=-COUNT");
  }

  /** The first byte of this range in an object of {@code size} bytes. */
  long offsetIn(long size) {
    return first >= 0 ? first : size - Math.min(length, size);
  }

  /** How many bytes this range covers in an object of {@code size} bytes (0 when not satisfiable). */
  long lengthIn(long size) {
    long offset = offsetIn(size);
    return offset >= size ? 0 : Math.min(length, size - offset);
  }

  /**
   * Fails unless this range is satisfiable in an object of {@code size} bytes (see the class
   * comment); {@code key} names the object in the message.
   */
  void checkSatisfiable(String key, long size) throws RangeNotSatisfiableException {
    boolean emptySuffix = first < 0 && length == 0;
    if (emptySuffix || offsetIn(size) >= size) {
      throw new RangeNotSatisfiableException(key, this, size);
    }
  }

  /**
   * As an HTTP {@code Range} header value: {@code bytes=A-B}, {@code bytes=A-} or
   * {@code bytes=-N}; a range of 0 bytes, which no header names, as {@code 0 bytes at A}.
   */
  @Override
  public String toString() {
    if (first < 0) {
      return "bytes=-" + length;
    }
    if (length == 0) {
      return "0 bytes at " + first;
    }
    if (length == Long.MAX_VALUE || first + length - 1 < first) {
      return "bytes=" + first + "-";
    }
    return "bytes=" + first + "-" + (first + length - 1);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ByteRange r && r.first == first && r.length == length;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(first) * 31 + Long.hashCode(length);
  }
}
