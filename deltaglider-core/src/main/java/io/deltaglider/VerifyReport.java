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
  private final List<String> unverifiable;
  private final Map<String, String> failures;
  private final List<StorageProblem> problems;

  VerifyReport(List<String> verified, List<String> unverifiable, Map<String, String> failures,
      List<StorageProblem> problems) {
    this.verified = List.copyOf(verified);
    this.unverifiable = List.copyOf(unverifiable);
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
   * Objects the store did not write ({@link StoredForm#PLAIN}): read back whole, their size (and an
   * MD5 ETag where the backend has one) checked, but no SHA-256 was ever recorded for them, so
   * they are neither verified nor failed.
   */
  public List<String> unverifiable() {
    return unverifiable;
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
    return "VerifyReport[" + verified.size() + " ok, " + unverifiable.size() + " not verifiable, " + failures.size()
        + " failed, " + problems.size() + " problems]";
  }
}
