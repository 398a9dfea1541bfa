package io.deltaglider;

/** How an object's bytes are kept. */
public enum StoredForm {
  /** A VCDIFF delta against its deltaspace's {@code reference.bin} ({@code <name>.delta}). */
  DELTA,
  /** The bytes as they are ({@code <name>}): not delta-eligible, or the delta did not pay off. */
  PASSTHROUGH,
  /**
   * A file the store did not write ({@code <name>} without DeltaGlider metadata: anything already
   * in a bucket or directory): served as it is, with no SHA-256 to verify against (FORMAT.md
   * section 4.5).
   */
  PLAIN
}
