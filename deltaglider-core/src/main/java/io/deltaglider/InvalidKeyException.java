package io.deltaglider;

/** The key is not acceptable (empty segment, {@code ..}, control character, reserved name, too long...). */
public class InvalidKeyException extends DeltaStoreException {
  private static final long serialVersionUID = 1L;

  /**
   * A refused key; the message quotes it with control characters escaped, cut at 200 characters.
   *
   * @param key the refused key, or {@code null}
   * @param reason why it was refused, e.g. {@code "contains a backslash"}
   */
  public InvalidKeyException(String key, String reason) {
    super("invalid key " + quote(key) + ": " + reason);
  }

  private static String quote(String key) {
    if (key == null) {
      return "null";
    }
    StringBuilder sb = new StringBuilder("\"");
    for (int i = 0; i < key.length() && i < 200; i++) {
      char c = key.charAt(i);
      if (c < 0x20 || c == 0x7F) {
        sb.append(String.format("\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    return sb.append(key.length() > 200 ? "...\"" : "\"").toString();
  }
}
