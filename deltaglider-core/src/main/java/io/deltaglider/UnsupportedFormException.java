package io.deltaglider;

/**
 * An object is stored in a form this reader does not know ({@code dg-form}, FORMAT.md section 9.8):
 * written by a newer version, or marked in a way that makes no sense for where it is stored. It is
 * refused rather than decoded as something it is not; nothing of it was handed to the caller.
 */
public class UnsupportedFormException extends IntegrityException {
  private static final long serialVersionUID = 1L;
  /** The form the metadata names. */
  private final String form;

  /**
   * A refusal of {@code key}, stored in {@code form}.
   *
   * @param key the user key that was read
   * @param form the form its metadata names
   * @param why why this reader cannot read it
   */
  public UnsupportedFormException(String key, String form, String why) {
    super(key, "it is stored in the form '" + form + "', " + why, (Throwable) null);
    this.form = form;
  }

  /** The form the object's metadata names ({@code dg-form}). */
  public String form() {
    return form;
  }
}
