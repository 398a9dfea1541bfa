package io.deltaglider.spi;

import java.util.Objects;

/**
 * Something a backend holds that is not an object and that an operator should hear about: found by
 * {@link StorageBackend#problems}, never shown by listings. Only {@link Kind#LEFTOVER}s are ever
 * removed by the store ({@link StorageBackend#removeLeftovers}); the others may hold data.
 */
public final class StorageProblem {

  /** What kind of problem; the order is from least to most serious. */
  public enum Kind {
    /** What a write that never finished left behind (a temp file of a killed process): no data is lost by removing it. */
    LEFTOVER,
    /** Bytes where an object would be whose metadata is missing, unparsable or not a regular file: not an object, maybe a damaged one. */
    DAMAGED,
    /** An entry the backend could not read at all (permissions, I/O error): it may or may not be an object. */
    UNREADABLE
  }

  private final Kind kind;
  private final String location;
  private final String key;
  private final String detail;

  /**
   * Describes one problem.
   *
   * @param kind what kind of problem it is (not null)
   * @param location where it is, as the backend names it (a path, a raw key), for messages
   * @param key the raw key it would be stored under, or null if it maps to none (a temp file)
   * @param detail a short explanation for messages
   */
  public StorageProblem(Kind kind, String location, String key, String detail) {
    this.kind = Objects.requireNonNull(kind, "kind");
    this.location = Objects.requireNonNull(location, "location");
    this.key = key;
    this.detail = Objects.requireNonNull(detail, "detail");
  }

  /** What kind of problem it is; the store removes only {@link Kind#LEFTOVER}s. */
  public Kind kind() {
    return kind;
  }

  /** Where it is, as the backend names it (a file path, a raw key). */
  public String location() {
    return location;
  }

  /** The raw key it occupies, or null for files that no key maps to (temp files). */
  public String key() {
    return key;
  }

  /** Why it is a problem, e.g. "no metadata" or "permission denied". */
  public String detail() {
    return detail;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StorageProblem && ((StorageProblem) o).kind == kind && ((StorageProblem) o).location.equals(location)
        && Objects.equals(((StorageProblem) o).key, key) && ((StorageProblem) o).detail.equals(detail);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, location, key, detail);
  }

  @Override
  public String toString() {
    return kind + " " + location + ": " + detail;
  }
}
