package io.deltaglider.storage.s3;

/**
 * What an S3 server does with {@code If-None-Match: *} on a write, as {@link S3Backend} found out
 * by probing it ({@link S3Backend#conditionalWriteSupport()}). Only {@link #ENFORCED} makes
 * {@link S3Backend#supportsAtomicPutIfAbsent()} true.
 */
public enum ConditionalWriteSupport {
  /** Not probed yet, or the probe could not finish (server unreachable, access denied); asked again next time. */
  UNKNOWN,
  /** The server refused a second create of the same key with 412: create-if-absent is atomic across processes. */
  ENFORCED,
  /**
   * The server accepted a second create of the same key: it ignores the header (or a proxy in
   * between strips it). Create-if-absent is check-then-put, atomic within this backend only.
   */
  NOT_ENFORCED,
  /** The server answered 501 NotImplemented to the header; create-if-absent is check-then-put. */
  NOT_IMPLEMENTED,
  /** Turned off with {@link S3Backend.Builder#conditionalWrites(boolean)}; never probed. */
  DISABLED
}
