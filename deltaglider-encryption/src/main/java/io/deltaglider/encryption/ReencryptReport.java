package io.deltaglider.encryption;

import java.util.Map;

/** What {@link EncryptingBackend#reencrypt(String)} did under a prefix. */
public final class ReencryptReport {
  private final long examined;
  private final long reencrypted;
  private final long current;
  private final long notEncrypted;
  private final Map<String, String> failures;

  ReencryptReport(long examined, long reencrypted, long current, long notEncrypted, Map<String, String> failures) {
    this.examined = examined;
    this.reencrypted = reencrypted;
    this.current = current;
    this.notEncrypted = notEncrypted;
    this.failures = Map.copyOf(failures);
  }

  /** Raw objects looked at. */
  public long examined() {
    return examined;
  }

  /** Objects rewritten under the primary key. */
  public long reencrypted() {
    return reencrypted;
  }

  /** Objects already under the primary key, left as they were. */
  public long current() {
    return current;
  }

  /** Objects without encryption metadata (not written through the decorator), left as they were. */
  public long notEncrypted() {
    return notEncrypted;
  }

  /** Raw keys that could not be re-encrypted, with why (a key not held, a ciphertext that does not authenticate, I/O). */
  public Map<String, String> failures() {
    return failures;
  }

  /** Whether every encrypted object is now under the primary key. */
  public boolean complete() {
    return failures.isEmpty();
  }

  @Override
  public String toString() {
    return "ReencryptReport[" + examined + " examined, " + reencrypted + " re-encrypted, " + current + " current, "
        + notEncrypted + " not encrypted, " + failures.size() + " failed]";
  }
}
