package io.deltaglider;

import java.util.List;
import java.util.Map;

/** The outcome of {@link DeltaStore#verify}: every object read back and checked against its SHA-256. */
public final class VerifyReport {
  private final List<String> verified;
  private final Map<String, String> failures;

  VerifyReport(List<String> verified, Map<String, String> failures) {
    this.verified = List.copyOf(verified);
    this.failures = Map.copyOf(failures);
  }

  /** Keys whose bytes matched their digest. */
  public List<String> verified() {
    return verified;
  }

  /** Keys that failed, with the reason. */
  public Map<String, String> failures() {
    return failures;
  }

  public boolean ok() {
    return failures.isEmpty();
  }

  @Override
  public String toString() {
    return "VerifyReport[" + verified.size() + " ok, " + failures.size() + " failed]";
  }
}
