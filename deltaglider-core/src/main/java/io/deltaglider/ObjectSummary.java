package io.deltaglider;

import java.time.Instant;

/** A listed object: its key, sizes and stored form. */
public final class ObjectSummary {
  private final String key;
  private final StoredForm form;
  private final long size;
  private final long storedSize;
  private final Instant lastModified;

  ObjectSummary(String key, StoredForm form, long size, long storedSize, Instant lastModified) {
    this.key = key;
    this.form = form;
    this.size = size;
    this.storedSize = storedSize;
    this.lastModified = lastModified;
  }

  /** The user key ({@code .delta} stripped). */
  public String key() {
    return key;
  }

  /** Whether the object is stored as a delta or whole. */
  public StoredForm form() {
    return form;
  }

  /** Original size, or -1 if the metadata does not say. */
  public long size() {
    return size;
  }

  /** Bytes the backend holds for the object itself (its delta, or the whole object); the reference is not counted. */
  public long storedSize() {
    return storedSize;
  }

  /** When the backend last wrote it, or null if unknown. */
  public Instant lastModified() {
    return lastModified;
  }

  @Override
  public String toString() {
    return key + " (" + form + ", " + size + " -> " + storedSize + ")";
  }
}
