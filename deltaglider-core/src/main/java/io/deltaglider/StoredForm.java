package io.deltaglider;

/** How an object's bytes are kept. */
public enum StoredForm {
  /** A VCDIFF delta against its deltaspace's {@code reference.bin} ({@code <name>.delta}). */
  DELTA,
  /** The bytes as they are ({@code <name>}): not delta-eligible, or the delta did not pay off. */
  PASSTHROUGH
}
