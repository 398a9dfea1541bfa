package io.deltaglider;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Some keys of a batch delete ({@link DeltaStore#deleteAll},
 * {@link io.deltaglider.spi.StorageBackend#deleteAll}) were not deleted; the others were.
 * {@link #failures()} says which and why (for S3, the per-key error codes of DeleteObjects).
 */
public class BatchDeleteException extends BackendException {
  private static final long serialVersionUID = 1L;

  /** Not serialised with the exception: a copy of the keys and reasons, for the caller that caught it. */
  private final transient Map<String, String> failures;

  /**
   * A batch delete in which some keys failed.
   *
   * @param message what was being deleted, for the exception's message (the first failures are appended)
   * @param failures each key that was not deleted, with the reason, in the order given; copied
   * @throws IllegalArgumentException if {@code failures} is empty
   */
  public BatchDeleteException(String message, Map<String, String> failures) {
    super(describe(message, failures));
    this.failures = Collections.unmodifiableMap(new LinkedHashMap<>(failures));
  }

  private static String describe(String message, Map<String, String> failures) {
    if (failures.isEmpty()) {
      throw new IllegalArgumentException("a BatchDeleteException needs at least one failure");
    }
    StringBuilder s = new StringBuilder(message).append(": ").append(failures.size()).append(" key(s) not deleted (");
    int shown = 0;
    for (Map.Entry<String, String> e : failures.entrySet()) {
      if (shown == 3) {
        s.append(", ...");
        break;
      }
      s.append(shown == 0 ? "" : ", ").append(e.getKey()).append(": ").append(e.getValue());
      shown++;
    }
    return s.append(')').toString();
  }

  /** Each key that was not deleted, with the reason, in the order given; unmodifiable, empty after deserialisation. */
  public Map<String, String> failures() {
    return failures == null ? Map.of() : failures;
  }
}
