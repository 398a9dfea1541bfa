package io.deltaglider.proxy;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/**
 * {@code If-Match}, {@code If-None-Match}, {@code If-Modified-Since}, {@code If-Unmodified-Since}
 * (and the {@code x-amz-copy-source-if-*} variants) in S3's order: a true If-Match overrides a
 * false If-Unmodified-Since, a false If-None-Match overrides a true If-Modified-Since.
 */
final class Preconditions {
  /** The outcome: go on, or answer 304 Not Modified. */
  enum Outcome { PROCEED, NOT_MODIFIED }

  private Preconditions() {}

  static Outcome check(String ifMatch, String ifNoneMatch, String ifModifiedSince, String ifUnmodifiedSince,
      ObjectMeta meta) {
    Instant modified = meta.lastModified().truncatedTo(ChronoUnit.SECONDS);
    if (ifMatch != null) {
      if (!matches(ifMatch, meta.etag())) {
        throw new S3Exception(S3ErrorCode.PRECONDITION_FAILED).detail("Condition", "If-Match");
      }
    } else if (ifUnmodifiedSince != null) {
      Instant t = date(ifUnmodifiedSince);
      if (t != null && modified.isAfter(t)) {
        throw new S3Exception(S3ErrorCode.PRECONDITION_FAILED).detail("Condition", "If-Unmodified-Since");
      }
    }
    if (ifNoneMatch != null) {
      if (matches(ifNoneMatch, meta.etag())) {
        return Outcome.NOT_MODIFIED;
      }
    } else if (ifModifiedSince != null) {
      Instant t = date(ifModifiedSince);
      if (t != null && !modified.isAfter(t)) {
        return Outcome.NOT_MODIFIED;
      }
    }
    return Outcome.PROCEED;
  }

  /** Whether a list of entity tags ({@code "a", W/"b"} or {@code *}) names this one. */
  static boolean matches(String header, String etag) {
    for (String t : header.split(",")) {
      String s = t.strip();
      if (s.equals("*")) {
        return true;
      }
      if (s.startsWith("W/")) {
        s = s.substring(2);
      }
      if (s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")) {
        s = s.substring(1, s.length() - 1);
      }
      if (s.equalsIgnoreCase(etag)) {
        return true;
      }
    }
    return false;
  }

  /** An HTTP date, or null if it is not one (an invalid date is ignored, as HTTP says). */
  static Instant date(String s) {
    try {
      return ZonedDateTime.parse(s.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
