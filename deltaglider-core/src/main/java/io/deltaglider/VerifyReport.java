package io.deltaglider;

import io.deltaglider.spi.StorageProblem;
import java.util.List;
import java.util.Map;

/**
 * The outcome of {@link DeltaStore#verify}: every object read back and checked against its
 * SHA-256, and what the store holds that is not an object.
 */
public final class VerifyReport {
  private final List<String> verified;
  private final Map<String, String> failures;
  private final List<StorageProblem> problems;

  VerifyReport(List<String> verified, Map<String, String> failures, List<StorageProblem> problems) {
    this.verified = List.copyOf(verified);
    this.failures = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(failures));
    this.problems = List.copyOf(problems);
  }

  /** Keys whose bytes matched their digest. */
  public List<String> verified() {
    return verified;
  }

  /** Keys that failed, with the reason. */
  public Map<String, String> failures() {
    return failures;
  }

  /**
   * What is stored there but is not an object: damaged or unreadable entries (which fail the
   * report) and leftovers of interrupted writes (which do not; {@link DeltaStore#cleanup} removes them).
   */
  public List<StorageProblem> problems() {
    return problems;
  }

  /** True when every object verified and nothing damaged or unreadable was found. */
  public boolean ok() {
    return failures.isEmpty() && problems.stream().allMatch(p -> p.kind() == StorageProblem.Kind.LEFTOVER);
  }

  @Override
  public String toString() {
    return "VerifyReport[" + verified.size() + " ok, " + failures.size() + " failed, " + problems.size() + " problems]";
  }
}
