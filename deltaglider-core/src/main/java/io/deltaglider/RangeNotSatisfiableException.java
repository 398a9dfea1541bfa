package io.deltaglider;

/**
 * A range that selects none of the object's bytes: it starts at or past the object's end (any
 * range of an empty object does), or asks for the last 0 bytes. An S3 front end answers this with
 * {@code 416 InvalidRange} and {@code Content-Range: bytes *}{@code /}{@link #objectSize()}. No
 * byte of the object was returned.
 */
public class RangeNotSatisfiableException extends DeltaStoreException {
  private static final long serialVersionUID = 1L;
  private final String key;
  private final String range;
  private final long objectSize;

  /**
   * A range that selects none of an object's bytes.
   *
   * @param key the user key that was read
   * @param range the range asked for
   * @param objectSize the object's size
   */
  public RangeNotSatisfiableException(String key, ByteRange range, long objectSize) {
    super(key + ": the range " + range + " is not satisfiable: the object has " + objectSize + " bytes");
    this.key = key;
    this.range = range.toString();
    this.objectSize = objectSize;
  }

  /** The user key that was read. */
  public String key() {
    return key;
  }

  /** The range asked for, as {@link ByteRange#toString()} writes it. */
  public String range() {
    return range;
  }

  /** The object's size in bytes. */
  public long objectSize() {
    return objectSize;
  }
}
